import { CloudAssembly } from 'aws-cdk-lib/cx-api';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { afterAll, describe, expect, it } from 'vitest';
import { synthGrid } from './support';

afterAll(() => CloudAssembly.cleanupTemporaryDirectories());

/** Every acknowledgement in the tree: rule id → reason, with where it was made. */
function acknowledgements(root: IConstruct): { id: string; reason: string; path: string }[] {
  const found: { id: string; reason: string; path: string }[] = [];
  for (const construct of root.node.findAll()) {
    for (const entry of construct.node.metadata) {
      if (entry.type !== 'aws:cdk:acknowledged-rules') continue;
      for (const [id, reason] of Object.entries(entry.data as Record<string, string>)) {
        found.push({ id, reason, path: construct.node.path });
      }
    }
  }
  return found;
}

describe.each([
  { stage: 'dev', region: undefined },
  { stage: 'prod', region: undefined },
  { stage: 'prod', region: 'cn-northwest-1' },
  { stage: 'dev', region: 'cn-north-1' },
] as const)('cdk-nag AwsSolutions, $stage in $region', ({ stage, region }) => {
  const synth = synthGrid({ stage, ...(region ? { region } : {}) });

  it.each(['stateful', 'stateless'] as const)('%s stack has no unacknowledged error or warning', (which) => {
    const report = new AwsSolutionsChecks().validateScope(synth[which]);
    const findings = report.violations.map(
      (v) => `${v.severity} ${v.ruleName}: ${v.violatingResources.map((r) => r.constructPath).join(', ')}`,
    );
    expect(findings).toEqual([]);
  });

  it('gives every acknowledgement a specific reason', () => {
    const acks = acknowledgements(synth.app);
    expect(acks.length).toBeGreaterThan(0);
    for (const ack of acks) {
      expect(ack.id).toMatch(/^(Annotation::)?AwsSolutions-[A-Z]+\d+(\[.+\])?$/);
      expect(ack.reason.length, `${ack.id} at ${ack.path}`).toBeGreaterThanOrEqual(60);
    }
  });
});
