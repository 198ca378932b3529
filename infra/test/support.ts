/**
 * Synthesizes the app the way bin/app.ts does, with cdk.json's context (new App() does not read
 * it) and without esbuild bundling, for template assertions. synth.test.ts runs the real CLI synth.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { manifest as realManifest } from '@grid/functions/manifest/index';
import type { Manifest } from '@grid/functions/manifest/types';
import { App, type Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { addGridStacks, type GridStacks } from '../lib/grid-app';
import { STAGES, type StageConfig, type StageName } from '../lib/stages';

export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

export const cdkJsonContext: Record<string, unknown> = JSON.parse(
  readFileSync(`${REPO_ROOT}cdk.json`, 'utf8'),
).context;

export interface SynthOptions {
  manifest?: Manifest;
  stage?: StageName;
  /** Overrides of the named stage's settings. */
  stageOverrides?: Partial<StageConfig>;
  region?: string;
  alarmEmails?: string[];
}

export interface Synthesized extends GridStacks {
  app: App;
  statefulTemplate: Template;
  statelessTemplate: Template;
}

export function synthGrid(opts: SynthOptions = {}): Synthesized {
  // CloudFormation validation (a WebAssembly check, ~10 s to load per process) runs in synth.test.ts.
  const app = new App({
    builtinCloudFormationValidation: false,
    context: { ...cdkJsonContext, 'aws:cdk:bundling-stacks': [] },
  });
  const stacks = addGridStacks(app, {
    manifest: opts.manifest ?? realManifest,
    stage: { ...STAGES[opts.stage ?? 'dev'], ...opts.stageOverrides },
    ...(opts.region ? { region: opts.region } : {}),
    ...(opts.alarmEmails ? { alarmEmails: opts.alarmEmails } : {}),
  });
  return {
    app,
    ...stacks,
    statefulTemplate: Template.fromStack(stacks.stateful),
    statelessTemplate: Template.fromStack(stacks.stateless),
  };
}

export type CfnResource = { Type: string; Properties?: Record<string, unknown>; [k: string]: unknown };

export function resourcesOf(template: Template, type: string): [string, CfnResource][] {
  return Object.entries(template.findResources(type) as Record<string, CfnResource>);
}

export interface PolicyStatementJson {
  Effect: string;
  Action: string | string[];
  Resource: unknown;
  Condition?: unknown;
}

/** The statements of every policy a role holds (inline or attached AWS::IAM::Policy), by the role's logical id. */
export function statementsByRole(template: Template): Map<string, PolicyStatementJson[]> {
  const byRole = new Map<string, PolicyStatementJson[]>();
  const add = (roleId: string, statements: PolicyStatementJson[]) =>
    byRole.set(roleId, [...(byRole.get(roleId) ?? []), ...statements]);
  for (const [roleId, role] of resourcesOf(template, 'AWS::IAM::Role')) {
    const inline = (role.Properties?.Policies ?? []) as {
      PolicyDocument: { Statement: PolicyStatementJson[] };
    }[];
    add(
      roleId,
      inline.flatMap((p) => p.PolicyDocument.Statement),
    );
  }
  for (const [, policy] of resourcesOf(template, 'AWS::IAM::Policy')) {
    const props = policy.Properties as {
      Roles: { Ref: string }[];
      PolicyDocument: { Statement: PolicyStatementJson[] };
    };
    for (const role of props.Roles) add(role.Ref, props.PolicyDocument.Statement);
  }
  return byRole;
}

export function actionsOf(statements: readonly PolicyStatementJson[]): string[] {
  return statements.flatMap((s) => (Array.isArray(s.Action) ? s.Action : [s.Action]));
}

/** The logical id of the resource a construct renders to. */
export function logicalId(stack: Stack, construct: { node: { defaultChild?: unknown } }): string {
  return stack.getLogicalId(construct.node.defaultChild as Parameters<Stack['getLogicalId']>[0]);
}
