/**
 * Builds the two stacks of one stage into an App. bin/app.ts and the tests call this same
 * function, so what the tests assert is what `cdk synth` produces.
 */
import type { Manifest } from '@grid/functions/manifest/types';
import { type App, Tags } from 'aws-cdk-lib';
import { isChinaRegion, isStageName, STAGES, type StageConfig } from './stages';
import { StatefulStack } from './stateful-stack';
import { StatelessStack } from './stateless-stack';

export interface GridAppOptions {
  manifest: Manifest;
  stage: StageConfig;
  /** A concrete region (e.g. cn-northwest-1) or undefined for an environment-agnostic global synth. */
  region?: string;
  alarmEmails?: readonly string[];
}

export interface GridStacks {
  stateful: StatefulStack;
  stateless: StatelessStack;
}

export function addGridStacks(app: App, opts: GridAppOptions): GridStacks {
  const { stage, manifest, region } = opts;
  // Account stays unresolved: synth needs no credentials and does no lookups.
  const env = region ? { region } : undefined;
  const china = isChinaRegion(region);

  const stateful = new StatefulStack(app, `grid-${stage.name}-stateful`, {
    env,
    stage,
    table: manifest.table,
    description: `grid ${stage.name}: table, key and secrets (retained on delete)`,
    terminationProtection: stage.name === 'prod',
  });
  const stateless = new StatelessStack(app, `grid-${stage.name}-stateless`, {
    env,
    stage,
    manifest,
    china,
    table: stateful.table,
    key: stateful.key,
    passKey: stateful.passKey,
    secrets: stateful.secrets,
    alarmEmails: [...stage.alarms.emails, ...(opts.alarmEmails ?? [])],
    description: `grid ${stage.name}: HTTP API, functions, stream consumers, schedules, alarms`,
  });
  for (const stack of [stateful, stateless]) {
    Tags.of(stack).add('project', 'grid');
    Tags.of(stack).add('stage', stage.name);
  }
  return { stateful, stateless };
}

/** Reads `-c stage=dev|prod`, `-c region=…` and `-c alarmEmail=…` from the app's context. */
export function optionsFromContext(app: App, manifest: Manifest): GridAppOptions {
  const stageName: unknown = app.node.tryGetContext('stage') ?? 'dev';
  if (!isStageName(stageName)) {
    throw new Error(`Unknown stage ${String(stageName)}: use -c stage=${Object.keys(STAGES).join('|')}`);
  }
  const region: unknown = app.node.tryGetContext('region');
  if (region !== undefined && (typeof region !== 'string' || !/^[a-z]{2}(-[a-z]+)+-\d$/.test(region))) {
    throw new Error(`Invalid region ${String(region)}: e.g. -c region=cn-northwest-1`);
  }
  const email: unknown = app.node.tryGetContext('alarmEmail');
  return {
    manifest,
    stage: STAGES[stageName],
    ...(region ? { region } : {}),
    ...(typeof email === 'string' && email ? { alarmEmails: [email] } : {}),
  };
}
