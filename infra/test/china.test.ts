import { manifest } from '@grid/functions/manifest/index';
import { CloudAssembly } from 'aws-cdk-lib/cx-api';
import { afterAll, describe, expect, it } from 'vitest';
import { deployedSchedules, httpFunctionGroups } from '../lib/function-groups';
import { actionsOf, resourcesOf, statementsByRole, synthGrid } from './support';

afterAll(() => CloudAssembly.cleanupTemporaryDirectories());

const functionCount =
  httpFunctionGroups(manifest).length + manifest.streamReaders.length + deployedSchedules(manifest).length;

describe.each(['cn-northwest-1', 'cn-north-1'])('China region %s (partition aws-cn)', (region) => {
  const synth = synthGrid({ stage: 'prod', region });
  const templates = [synth.statefulTemplate, synth.statelessTemplate];
  const json = templates.map((t) => JSON.stringify(t.toJSON())).join('\n');

  it('synthesizes the same functions, routes and table as a global region', () => {
    expect(resourcesOf(synth.statelessTemplate, 'AWS::Lambda::Function')).toHaveLength(functionCount);
    expect(resourcesOf(synth.statelessTemplate, 'AWS::ApiGatewayV2::Route')).toHaveLength(
      manifest.routes.length,
    );
    expect(resourcesOf(synth.statefulTemplate, 'AWS::DynamoDB::Table')).toHaveLength(1);
  });

  it('has no X-Ray on Lambda, no Function URL and no Cognito authorizer', () => {
    for (const [, fn] of resourcesOf(synth.statelessTemplate, 'AWS::Lambda::Function')) {
      expect(fn.Properties?.TracingConfig).toBeUndefined();
    }
    for (const statements of statementsByRole(synth.statelessTemplate).values()) {
      expect(actionsOf(statements).filter((a) => a.startsWith('xray:'))).toEqual([]);
    }
    for (const template of templates) {
      expect(resourcesOf(template, 'AWS::Lambda::Url')).toEqual([]);
      expect(resourcesOf(template, 'AWS::ApiGatewayV2::Authorizer')).toEqual([]);
      expect(Object.keys(template.toJSON().Resources ?? {}).filter((id) => /Cognito/i.test(id))).toEqual([]);
    }
    expect(json).not.toMatch(/AWS::Cognito::/);
  });

  it('writes aws-cn ARNs and never the global partition', () => {
    expect(json).toContain('arn:aws-cn:');
    expect(json).not.toMatch(/arn:aws:/);
  });
});

describe('global region (environment-agnostic)', () => {
  const synth = synthGrid();

  it('traces every function with X-Ray and still has no Function URL', () => {
    for (const [, fn] of resourcesOf(synth.statelessTemplate, 'AWS::Lambda::Function')) {
      expect(fn.Properties?.TracingConfig).toEqual({ Mode: 'Active' });
    }
    expect(resourcesOf(synth.statelessTemplate, 'AWS::Lambda::Url')).toEqual([]);
  });
});
