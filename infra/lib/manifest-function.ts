/**
 * The house Function construct and the access classes it runs under. An access class (kind of
 * function × manifest `table` access × WeChat secret) owns one IAM role and one log group, shared
 * by every function of the class: their policies would be identical, so sharing loses no
 * privilege, and the role's log permission names exactly one log group. A function is bundled
 * locally with esbuild from one generated entry module (a group router or a handler's entry),
 * with code splitting (bundle.ts), so lazily imported libraries stay out of the cold start.
 */

import { dirname, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DATA_KEY_CONTEXT_PURPOSE, SECRET_ARNS_ENV } from '@grid/functions/lib/config-secrets';
import type { TableAccess } from '@grid/functions/manifest/types';
import { ArnFormat, AssetHashType, Aws, type Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyDocument, PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { Architecture, Code, Function as LambdaFunction, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import { LogGroup } from 'aws-cdk-lib/aws-logs';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { buildSync } from 'esbuild';
import { BUNDLE_ENTRY_FILE, copyBundledFiles, functionBuildOptions } from './bundle';
import type { StageConfig } from './stages';
import { keyActionsForTable, tableActions } from './table-access';

const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** What every function of a deployment shares. */
export interface FunctionContext {
  stage: StageConfig;
  /** China regions: no X-Ray. */
  china: boolean;
  table: ITable;
  /** Index names from the manifest: Query on a GSI needs the index ARN. */
  indexNames: readonly string[];
  key: IKey;
}

/** HTTP route groups, stream consumers and schedules get different extra permissions, so different roles. */
export type FunctionKind = 'http' | 'stream' | 'schedule';

export interface AccessClassSpec {
  kind: FunctionKind;
  table: TableAccess;
  weChat: boolean;
  /** Signs health passes with the pass key in KMS. */
  passKey?: boolean;
}

/** e.g. http-read, stream-readwrite-wechat, http-readwrite-passkey. */
export function accessClassName(spec: AccessClassSpec): string {
  return `${spec.kind}-${spec.table}${spec.weChat ? '-wechat' : ''}${spec.passKey ? '-passkey' : ''}`;
}

export interface AccessClassProps extends AccessClassSpec {
  /** The secrets its functions load at cold start. */
  secrets: readonly ISecret[];
}

export class AccessClass extends Construct {
  readonly name: string;
  readonly spec: AccessClassSpec;
  readonly role: Role;
  /** The role's one inline policy; add to it with allow(). */
  readonly policy: PolicyDocument;
  readonly logGroup: LogGroup;
  readonly logGroupName: string;
  readonly secrets: readonly ISecret[];

  constructor(scope: Construct, id: string, ctx: FunctionContext, props: AccessClassProps) {
    super(scope, id);
    const stack = Stack.of(this);
    const { secrets, ...spec } = props;
    this.spec = spec;
    this.secrets = secrets;
    this.name = accessClassName(spec);
    // Not under /aws/lambda/: that prefix is Lambda's default per-function group. Lambda names the
    // streams <date>/<function name>[<version>]<instance>, so each function's lines stay apart.
    this.logGroupName = `/grid/${ctx.stage.name}/functions/${this.name}`;
    this.logGroup = new LogGroup(this, 'LogGroup', {
      logGroupName: this.logGroupName,
      retention: ctx.stage.lambda.logRetentionDays,
      removalPolicy: ctx.stage.destroyLogsWithStack ? RemovalPolicy.DESTROY : RemovalPolicy.RETAIN,
    });

    // The whole policy is inline and built here; CDK's own grants (X-Ray, destinations) are
    // dropped by withoutPolicyUpdates() and written out explicitly, so this file shows every permission.
    this.policy = new PolicyDocument();
    this.role = new Role(this, 'Role', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: `grid-${ctx.stage.name} ${this.name} functions: table ${spec.table}${spec.weChat ? ', WeChat secret' : ''}`,
      inlinePolicies: { access: this.policy },
    });
    const logStreams = stack.formatArn({
      service: 'logs',
      resource: 'log-group',
      resourceName: `${this.logGroupName}:log-stream:*`,
      arnFormat: ArnFormat.COLON_RESOURCE_NAME,
    });
    this.allow(
      new PolicyStatement({
        actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        resources: [logStreams],
      }),
    );
    Validations.of(this.role).acknowledge({
      id: `AwsSolutions-IAM5[Resource::${nagResourceId(stack, logStreams)}]`,
      reason:
        'Log-stream names are chosen by Lambda per execution environment; the wildcard is confined to ' +
        'the one log group of this access class.',
    });

    const actions = tableActions(spec.table);
    if (actions.length > 0) {
      this.allow(
        new PolicyStatement({
          actions,
          resources: [
            ctx.table.tableArn,
            ...ctx.indexNames.map((name) => `${ctx.table.tableArn}/index/${name}`),
          ],
        }),
        new PolicyStatement({ actions: keyActionsForTable(spec.table), resources: [ctx.key.keyArn] }),
      );
    }
    if (secrets.length > 0) {
      this.allow(
        new PolicyStatement({
          actions: ['secretsmanager:GetSecretValue'],
          resources: secrets.map((s) => s.secretArn),
        }),
        new PolicyStatement({
          actions: ['kms:Decrypt'],
          resources: [ctx.key.keyArn],
          conditions: {
            StringEquals: { 'kms:ViaService': `secretsmanager.${Aws.REGION}.${Aws.URL_SUFFIX}` },
          },
        }),
        // The bootstrap unwraps the KMS-wrapped data keys (DATA_KEYS_WRAPPED) loaded from the secret.
        new PolicyStatement({
          actions: ['kms:Decrypt'],
          resources: [ctx.key.keyArn],
          conditions: {
            StringEquals: { 'kms:EncryptionContext:purpose': DATA_KEY_CONTEXT_PURPOSE },
          },
        }),
      );
    }
    if (!ctx.china) {
      this.allow(
        new PolicyStatement({
          actions: ['xray:PutTraceSegments', 'xray:PutTelemetryRecords'],
          resources: ['*'],
        }),
      );
      Validations.of(this.role).acknowledge({
        id: 'AwsSolutions-IAM5[Resource::*]',
        reason:
          'X-Ray active tracing (global regions only): xray:PutTraceSegments and xray:PutTelemetryRecords ' +
          'support no resource-level permissions.',
      });
    }
  }

  allow(...statements: PolicyStatement[]): void {
    this.policy.addStatements(...statements);
  }

  private scanAllowed = false;

  /**
   * dynamodb:Scan on the table (not its indexes), for a background job the manifest marks
   * `scansTable`. Granted to its whole access class: a class of its own would cost a role and a
   * log group for one action, and scheduled jobs are never on a request path.
   */
  allowScan(table: ITable): void {
    if (this.scanAllowed) return;
    if (this.spec.kind !== 'schedule' || this.spec.table === 'none')
      throw new Error(`${this.name}: only schedules with table access may scan`);
    this.allow(new PolicyStatement({ actions: ['dynamodb:Scan'], resources: [table.tableArn] }));
    this.scanAllowed = true;
  }
}

export interface ManifestFunctionProps {
  /** The function name's suffix: a group name (households-read) or a consumer/schedule name. */
  name: string;
  /** Absolute path of the generated entry (function-groups.ts): secrets bootstrap first, then `handler`. */
  entry: string;
  description: string;
  access: AccessClass;
  timeout: Duration;
  /** Files under functions/src the code reads at run time, copied next to the bundle (same base name). */
  bundledFiles?: readonly string[];
}

export class ManifestFunction extends Construct {
  readonly fn: LambdaFunction;
  readonly access: AccessClass;
  readonly functionName: string;

  constructor(scope: Construct, id: string, ctx: FunctionContext, props: ManifestFunctionProps) {
    super(scope, id);
    this.access = props.access;
    this.functionName = `grid-${ctx.stage.name}-${props.name}`;
    this.fn = new LambdaFunction(this, 'Function', {
      functionName: this.functionName,
      description: props.description.slice(0, 256),
      code: bundledCode(props.entry, props.bundledFiles ?? []),
      handler: `${BUNDLE_ENTRY_FILE.replace(/\.mjs$/, '')}.handler`,
      runtime: Runtime.NODEJS_22_X,
      architecture: Architecture.ARM_64,
      memorySize: ctx.stage.lambda.memorySize,
      timeout: props.timeout,
      role: props.access.role.withoutPolicyUpdates(),
      logGroup: props.access.logGroup,
      tracing: ctx.china ? Tracing.DISABLED : Tracing.ACTIVE,
      environment: {
        TABLE_NAME: ctx.table.tableName,
        [SECRET_ARNS_ENV]: props.access.secrets.map((s) => s.secretArn).join(','),
        NODE_OPTIONS: '--enable-source-maps',
        ...ctx.stage.env,
      },
    });
    Validations.of(this.fn).acknowledge({
      id: 'AwsSolutions-L1',
      reason:
        'Pinned to nodejs22.x: the bundles target node22 and the runtime is available in both the global ' +
        'and the China partitions; move to the next LTS runtime once it is verified in cn-north-1/cn-northwest-1.',
    });
  }
}

/**
 * The function's code: its entry bundled locally by esbuild (bundle.ts) at synth time. NodejsFunction
 * cannot split code (it passes esbuild one --outfile), hence a plain asset with local bundling.
 * The asset is hashed by its output; the entry is part of the bundling options so that two
 * functions whose entries share a folder never share a cached asset.
 */
function bundledCode(entry: string, bundledFiles: readonly string[]): Code {
  return Code.fromAsset(dirname(entry), {
    assetHashType: AssetHashType.OUTPUT,
    bundling: {
      image: Runtime.NODEJS_22_X.bundlingImage,
      command: [
        'sh',
        '-c',
        `echo "bundling ${relative(REPO_ROOT, entry)} needs esbuild on the synth machine (npm install); no Docker bundling" >&2; exit 1`,
      ],
      local: {
        tryBundle(outputDir: string): boolean {
          buildSync(functionBuildOptions(entry, outputDir));
          copyBundledFiles(bundledFiles, outputDir);
          return true;
        },
      },
    },
  });
}

/**
 * How cdk-nag 3 names a resource in an IAM5 finding (its utils/flatten-cfn-reference, which the
 * package does not export): intrinsics written as <Ref> and <Resource.Attribute>.
 */
export function nagResourceId(stack: Stack, value: string): string {
  return flattenForNag(stack.resolve(value));
}

export function flattenForNag(node: unknown): string {
  if (node === undefined) return '';
  if (typeof node === 'string') return node.replace(/\$\{/g, '<').replace(/\}/g, '>');
  if (node && typeof node === 'object') {
    const obj = node as Record<string, unknown>;
    if (obj['Fn::Join']) {
      const [separator, items] = obj['Fn::Join'] as [string, unknown[]];
      return items.map(flattenForNag).join(separator);
    }
    if (obj['Fn::Sub']) return flattenForNag(obj['Fn::Sub']);
    if (obj['Fn::GetAtt']) {
      const [resource, attribute] = obj['Fn::GetAtt'] as [unknown, unknown];
      return `<${flattenForNag(resource)}.${flattenForNag(attribute)}>`;
    }
    if (obj['Fn::ImportValue']) return flattenForNag(obj['Fn::ImportValue']);
    if (obj.Ref) return `<${flattenForNag(obj.Ref)}>`;
  }
  return JSON.stringify(node);
}
