/**
 * The house Function construct: one Lambda for one manifest entry (route, stream consumer or
 * schedule), bundled locally with esbuild, with a role that holds exactly what the entry's
 * `table` access needs, the secrets it loads at cold start, its log group and its alarms.
 */
import { fileURLToPath } from 'node:url';
import { SECRET_ARNS_ENV } from '@grid/functions/config-secrets';
import type { TableAccess } from '@grid/functions/manifest/types';
import { ArnFormat, Aws, Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyDocument, PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { Architecture, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { CfnLogGroup } from 'aws-cdk-lib/aws-logs';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import type { StageConfig } from './stages';
import { keyActionsForTable, tableActions } from './table-access';

const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const HANDLERS_DIR = fileURLToPath(new URL('../../functions/src/handlers/', import.meta.url));

/** ESM bundles: esbuild turns `require` in CommonJS dependencies into __require, which needs a real require. */
const ESM_REQUIRE_BANNER =
  "import { createRequire as __gridCreateRequire } from 'node:module'; const require = __gridCreateRequire(import.meta.url);";

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

export interface ManifestFunctionProps {
  /** The manifest id (operationId or name); also the function name's suffix. */
  name: string;
  /** Module under functions/src/handlers, exporting `handler`. */
  handler: string;
  description: string;
  table: TableAccess;
  secrets: readonly ISecret[];
  timeout: Duration;
}

export class ManifestFunction extends Construct {
  readonly fn: NodejsFunction;
  readonly role: Role;
  /** The role's one inline policy; add to it with allow(). */
  readonly policy: PolicyDocument;
  readonly functionName: string;
  readonly errorsAlarm: Alarm;

  constructor(scope: Construct, id: string, ctx: FunctionContext, props: ManifestFunctionProps) {
    super(scope, id);
    const stack = Stack.of(this);
    // Fixed names keep the log group's ARN free of a reference to the function (no cycle through the role).
    this.functionName = `grid-${ctx.stage.name}-${props.name}`;
    const logGroupName = `/aws/lambda/${this.functionName}`;

    // The whole policy is inline and built here; CDK's own grants (X-Ray, destinations) are
    // dropped by withoutPolicyUpdates() and written out explicitly, so this file shows every permission.
    this.policy = new PolicyDocument();
    this.role = new Role(this, 'Role', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: `${this.functionName}: table ${props.table}`,
      inlinePolicies: { access: this.policy },
    });
    const logStreams = stack.formatArn({
      service: 'logs',
      resource: 'log-group',
      resourceName: `${logGroupName}:log-stream:*`,
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
        'this function’s own log group.',
    });

    const actions = tableActions(props.table);
    if (actions.length > 0) {
      this.allow(
        new PolicyStatement({
          actions,
          resources: [
            ctx.table.tableArn,
            ...ctx.indexNames.map((name) => `${ctx.table.tableArn}/index/${name}`),
          ],
        }),
        new PolicyStatement({ actions: keyActionsForTable(props.table), resources: [ctx.key.keyArn] }),
      );
    }
    if (props.secrets.length > 0) {
      this.allow(
        new PolicyStatement({
          actions: ['secretsmanager:GetSecretValue'],
          resources: props.secrets.map((s) => s.secretArn),
        }),
        new PolicyStatement({
          actions: ['kms:Decrypt'],
          resources: [ctx.key.keyArn],
          conditions: {
            StringEquals: { 'kms:ViaService': `secretsmanager.${Aws.REGION}.${Aws.URL_SUFFIX}` },
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

    this.fn = new NodejsFunction(this, 'Function', {
      functionName: this.functionName,
      description: props.description.slice(0, 256),
      entry: `${HANDLERS_DIR}${props.handler}.ts`,
      handler: 'handler',
      runtime: Runtime.NODEJS_22_X,
      architecture: Architecture.ARM_64,
      memorySize: ctx.stage.lambda.memorySize,
      timeout: props.timeout,
      role: this.role.withoutPolicyUpdates(),
      tracing: ctx.china ? Tracing.DISABLED : Tracing.ACTIVE,
      projectRoot: REPO_ROOT,
      depsLockFilePath: `${REPO_ROOT}package-lock.json`,
      environment: {
        TABLE_NAME: ctx.table.tableName,
        [SECRET_ARNS_ENV]: props.secrets.map((s) => s.secretArn).join(','),
        NODE_OPTIONS: '--enable-source-maps',
        ...ctx.stage.env,
      },
      bundling: {
        format: OutputFormat.ESM,
        target: 'node22',
        mainFields: ['module', 'main'],
        banner: ESM_REQUIRE_BANNER,
        minify: true,
        sourceMap: true,
        sourcesContent: false,
        // The SDK is bundled: the version tested here is the one that runs, in every region.
        bundleAwsSDK: true,
        externalModules: [],
        tsconfig: `${REPO_ROOT}functions/tsconfig.json`,
        // Loads the secrets into the environment (top-level await) before the handler's config() reads it.
        inject: [`${REPO_ROOT}functions/src/secrets-bootstrap.ts`],
      },
    });
    // The CDK-managed log group (feature flag useCdkManagedLogGroup) gets the stage's retention.
    const logGroup = this.fn.logGroup.node.defaultChild;
    if (!(logGroup instanceof CfnLogGroup)) throw new Error(`${this.functionName}: no CDK-managed log group`);
    logGroup.retentionInDays = ctx.stage.lambda.logRetentionDays;
    logGroup.applyRemovalPolicy(
      ctx.stage.destroyLogsWithStack ? RemovalPolicy.DESTROY : RemovalPolicy.RETAIN,
    );

    Validations.of(this.fn).acknowledge({
      id: 'AwsSolutions-L1',
      reason:
        'Pinned to nodejs22.x: the bundles target node22 and the runtime is available in both the global ' +
        'and the China partitions; move to the next LTS runtime once it is verified in cn-north-1/cn-northwest-1.',
    });

    this.errorsAlarm = new Alarm(this, 'ErrorsAlarm', {
      alarmName: `${this.functionName}-errors`,
      alarmDescription: `${this.functionName} failed (unhandled error or timeout); see its log group ${logGroupName}`,
      metric: this.fn.metricErrors({ period: Duration.minutes(5), statistic: 'Sum' }),
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
  }

  allow(...statements: PolicyStatement[]): void {
    this.policy.addStatements(...statements);
  }
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
