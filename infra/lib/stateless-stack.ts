/**
 * Everything that can be replaced by a redeploy: the HTTP API with one Lambda per route group
 * (first tag × table access × WeChat, see function-groups.ts), one Lambda per stream reader (a
 * dispatcher over its consumers, behind filter criteria derived from what they handle) and per
 * schedule, one role and log group per access class; alarms and the dashboard (monitoring.ts).
 * Generated from the manifest: a route added there appears here without a change to this file.
 */
import {
  consumersOf,
  MAX_STREAM_READERS,
  readerNeeds,
  streamFilterPatterns,
} from '@grid/functions/manifest/streams';
import type { Manifest } from '@grid/functions/manifest/types';
import { CfnOutput, Duration, Stack, type StackProps, Validations } from 'aws-cdk-lib';
import { type HttpApi, HttpMethod, type HttpRoute } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type { Alarm } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { Rule, Schedule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { EventSourceMapping, FilterCriteria, StartingPosition } from 'aws-cdk-lib/aws-lambda';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import { SqsDlq } from 'aws-cdk-lib/aws-lambda-event-sources';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import {
  deployedSchedules,
  type HttpFunctionGroup,
  httpFunctionGroups,
  routeKey,
  usesWeChat,
  writeHandlerEntry,
  writeReaderEntry,
  writeRouter,
} from './function-groups';
import { httpApi } from './http-api';
import {
  AccessClass,
  type AccessClassSpec,
  accessClassName,
  type FunctionContext,
  type FunctionKind,
  ManifestFunction,
} from './manifest-function';
import { addDashboard, constructId, errorsAlarms, platformAlarms, streamAgeAlarms } from './monitoring';
import type { StageConfig } from './stages';
import type { AppSecrets } from './stateful-stack';
import { STREAM_READ_ACTIONS } from './table-access';

export interface StatelessStackProps extends StackProps {
  stage: StageConfig;
  manifest: Manifest;
  china: boolean;
  table: ITable;
  key: IKey;
  /** The asymmetric ECC_NIST_P256 key health passes are signed with. */
  passKey: IKey;
  secrets: AppSecrets;
  alarmEmails: readonly string[];
}

export { routeKey, usesWeChat } from './function-groups';

export { METRICS_PER_ALARM } from './monitoring';

/** EventBridge rate expression; the unit is singular for 1. */
export function rateExpression(everyMinutes: number): string {
  return `rate(${everyMinutes} ${everyMinutes === 1 ? 'minute' : 'minutes'})`;
}

export class StatelessStack extends Stack {
  readonly api: HttpApi;
  /** By function name suffix: a route group's name (households-read), a consumer's or a schedule's name. */
  readonly functions = new Map<string, ManifestFunction>();
  /** The HTTP route groups, each served by functions.get(group.name). */
  readonly groups: readonly HttpFunctionGroup[];
  /** By operationId. */
  readonly routes = new Map<string, HttpRoute>();
  /** By access class name (http-read, stream-readwrite-wechat, …). */
  readonly accessClasses = new Map<string, AccessClass>();
  readonly alarmTopic: Topic;
  readonly failureQueue: Queue;
  readonly alarms: Alarm[] = [];
  private readonly functionsByKind: Record<FunctionKind, ManifestFunction[]> = {
    http: [],
    stream: [],
    schedule: [],
  };
  private readonly streamConsumers: ManifestFunction[] = [];
  private readonly settings: StatelessStackProps;

  constructor(scope: Construct, id: string, props: StatelessStackProps) {
    super(scope, id, props);
    this.settings = props;
    const { stage, manifest } = props;
    const ctx: FunctionContext = {
      stage,
      china: props.china,
      table: props.table,
      indexNames: manifest.table.globalIndexes.map((i) => i.name),
      key: props.key,
    };
    this.alarmTopic = alarmTopic(this, stage, props.key, props.alarmEmails);
    this.failureQueue = failureQueue(this, stage);

    const { api, apiStage, domainName } = httpApi(this, stage, manifest);
    this.api = api;
    this.groups = httpFunctionGroups(manifest);
    this.addRouteGroups(ctx);
    this.addStreamReaders(ctx);
    this.addSchedules(ctx);

    this.addAlarms();
    addDashboard(this, {
      stage,
      table: props.table,
      api: this.api,
      apiStage,
      alarmTopic: this.alarmTopic,
      failureQueue: this.failureQueue,
      functions: [...this.functions.values()],
      streamConsumers: this.streamConsumers,
    });
    new CfnOutput(this, 'ApiUrl', {
      value: stage.apiDomain ? `https://${stage.apiDomain.domainName}` : apiStage.url,
    });
    if (domainName) {
      new CfnOutput(this, 'ApiDomainTarget', {
        value: domainName.regionalDomainName,
        description: 'CNAME the custom domain to this name',
      });
    }
  }

  /** One function per route group; its routes share one integration and one invoke permission. */
  private addRouteGroups(ctx: FunctionContext): void {
    const { stage } = this.settings;
    for (const group of this.groups) {
      const signsPasses = group.routes.some((r) => r.signsPasses === true);
      const fn = this.addFunction(ctx, 'http', {
        name: group.name,
        entry: writeRouter(group),
        description: `${group.routes.length} routes tagged ${group.tag}, table ${group.table}: ${group.routes
          .map((r) => r.operationId)
          .join(', ')}`,
        access: this.accessClass(ctx, {
          kind: 'http',
          table: group.table,
          weChat: group.weChat,
          passKey: signsPasses,
        }),
        timeout: Duration.seconds(stage.lambda.httpTimeoutSeconds),
        bundledFiles: [...new Set(group.routes.flatMap((r) => r.bundledFiles ?? []))],
      });
      if (signsPasses) fn.fn.addEnvironment('PASS_KMS_KEY_ID', this.settings.passKey.keyArn);
      // API-scoped permission (…/*/*/*): one per function instead of one per route; API Gateway
      // only sends this function the routes integrated with it below.
      const integration = new HttpLambdaIntegration(`${constructId(group.name)}Integration`, fn.fn, {
        scopePermissionToRoute: false,
      });
      for (const route of group.routes) {
        const [apiRoute] = this.api.addRoutes({
          path: route.path,
          methods: [HttpMethod[route.method]],
          integration,
        });
        this.routes.set(route.operationId, apiRoute!);
        Validations.of(apiRoute!).acknowledge({
          id: 'AwsSolutions-APIG4',
          reason:
            route.auth === 'public'
              ? `${routeKey(route)} is public by design (${route.summary}).`
              : `${routeKey(route)} verifies the bearer JWT in the function (httpHandler, HS256 with the ` +
                `token-signing key) and allows roles ${route.auth.roles.join(', ')}; a gateway authorizer ` +
                'would verify the same token twice, and Cognito authorizers do not exist in the China regions.',
        });
      }
    }
  }

  /**
   * At most two readers of the table stream (AWS throttles more per shard), each a dispatcher over
   * its consumers, invoked only for the changes they declared (filter criteria from the manifest).
   */
  private addStreamReaders(ctx: FunctionContext): void {
    const { manifest, stage, table } = this.settings;
    if (!table.tableStreamArn) throw new Error('The table has no stream');
    if (manifest.streamReaders.length > MAX_STREAM_READERS) {
      throw new Error(
        `${manifest.streamReaders.length} stream readers: at most ${MAX_STREAM_READERS} may read one stream`,
      );
    }
    for (const reader of manifest.streamReaders) {
      const consumers = consumersOf(manifest, reader.name);
      if (consumers.length === 0) throw new Error(`Stream reader ${reader.name} has no consumers`);
      const needs = readerNeeds(consumers);
      const fn = this.addFunction(ctx, 'stream', {
        name: reader.name,
        entry: writeReaderEntry(reader.name, consumers),
        description: `${reader.description} (${consumers.map((c) => c.name).join(', ')})`,
        access: this.accessClass(ctx, { kind: 'stream', table: needs.table, weChat: needs.usesWeChat }),
        timeout: Duration.seconds(60),
      });
      this.streamConsumers.push(fn);
      new EventSourceMapping(this, `${constructId(reader.name)}StreamMapping`, {
        target: fn.fn,
        eventSourceArn: table.tableStreamArn,
        startingPosition: StartingPosition.TRIM_HORIZON,
        batchSize: reader.batchSize,
        maxBatchingWindow: Duration.seconds(reader.batchingWindowSeconds),
        filters: streamFilterPatterns(consumers.flatMap((c) => c.handles)).map((p) =>
          FilterCriteria.filter(p as unknown as Record<string, unknown>),
        ),
        reportBatchItemFailures: true,
        bisectBatchOnError: true,
        retryAttempts: stage.stream.retryAttempts,
        maxRecordAge: Duration.minutes(stage.stream.maxRecordAgeMinutes),
        onFailure: new SqsDlq(this.failureQueue),
      });
    }
  }

  /** One function per deployed schedule, run by an EventBridge rule; failed runs go to the failure queue. */
  private addSchedules(ctx: FunctionContext): void {
    for (const schedule of deployedSchedules(this.settings.manifest)) {
      const fn = this.addFunction(ctx, 'schedule', {
        name: schedule.name,
        entry: writeHandlerEntry(schedule.name, schedule.handler),
        description: schedule.description,
        access: this.accessClass(ctx, {
          kind: 'schedule',
          table: schedule.table,
          weChat: usesWeChat(schedule),
        }),
        timeout: Duration.minutes(Math.min(15, schedule.everyMinutes)),
      });
      if (schedule.scansTable) fn.access.allowScan(this.settings.table);
      // A run older than its interval is superseded by the next one.
      fn.fn.configureAsyncInvoke({
        retryAttempts: 1,
        maxEventAge: Duration.minutes(Math.min(schedule.everyMinutes, 360)),
        onFailure: new SqsDestination(this.failureQueue),
      });
      new Rule(this, `${constructId(schedule.name)}Schedule`, {
        ruleName: `${fn.functionName}-schedule`,
        description: schedule.description,
        schedule: Schedule.expression(rateExpression(schedule.everyMinutes)),
        targets: [
          new LambdaFunction(fn.fn, {
            retryAttempts: 2,
            maxEventAge: Duration.minutes(Math.min(schedule.everyMinutes, 24 * 60)),
            deadLetterQueue: this.failureQueue,
          }),
        ],
      });
    }
  }

  /** Stream age, function errors and the platform's own alarms, all to the alarm topic (alarm and OK). */
  private addAlarms(): void {
    const { stage } = this.settings;
    this.alarms.push(
      ...streamAgeAlarms(this, stage, this.streamConsumers),
      ...errorsAlarms(this, stage, this.functionsByKind),
      ...platformAlarms(this, stage, this.api, this.failureQueue),
    );
    const alarmAction = new SnsAction(this.alarmTopic);
    for (const alarm of this.alarms) {
      alarm.addAlarmAction(alarmAction);
      alarm.addOkAction(alarmAction);
    }
  }

  private addFunction(
    ctx: FunctionContext,
    kind: FunctionKind,
    props: ConstructorParameters<typeof ManifestFunction>[3],
  ): ManifestFunction {
    if (this.functions.has(props.name)) throw new Error(`Two functions would be named ${props.name}`);
    const fn = new ManifestFunction(this, constructId(props.name), ctx, props);
    this.functions.set(props.name, fn);
    this.functionsByKind[kind].push(fn);
    return fn;
  }

  /** The role and log group of an access class, created the first time a function needs them. */
  private accessClass(ctx: FunctionContext, spec: AccessClassSpec): AccessClass {
    const name = accessClassName(spec);
    const existing = this.accessClasses.get(name);
    if (existing) return existing;
    const { secrets } = this.settings;
    const appKeys = [secrets.tokenSigningKey, secrets.dataKey, secrets.hashKey];
    const access = new AccessClass(this, `Access${constructId(name)}`, ctx, {
      ...spec,
      secrets: spec.weChat ? [...appKeys, secrets.weChat] : appKeys,
    });
    if (spec.passKey) {
      // Passes are signed in KMS (the private key never leaves it); the public key is served to checkpoints.
      access.allow(
        new PolicyStatement({
          actions: ['kms:Sign', 'kms:GetPublicKey'],
          resources: [this.settings.passKey.keyArn],
        }),
      );
    }
    if (spec.kind === 'stream') {
      access.allow(
        new PolicyStatement({
          actions: [...STREAM_READ_ACTIONS],
          resources: [this.settings.table.tableStreamArn!],
        }),
        new PolicyStatement({ actions: ['dynamodb:ListStreams'], resources: ['*'] }),
        // Lambda's poller decrypts the stream of a table encrypted with the customer-managed key.
        new PolicyStatement({ actions: ['kms:Decrypt'], resources: [this.settings.key.keyArn] }),
      );
      Validations.of(access.role).acknowledge({
        id: 'AwsSolutions-IAM5[Resource::*]',
        reason:
          'dynamodb:ListStreams (needed by the stream event source mapping) supports no resource-level ' +
          'permissions; the stream-reading actions are scoped to the table’s stream ARN.' +
          (this.settings.china
            ? ''
            : ' X-Ray trace-segment actions also support no resource-level permissions.'),
      });
    }
    if (spec.kind !== 'http') {
      // Stream batches and scheduled runs that fail for good are sent to the failure queue with the function's role.
      access.allow(
        new PolicyStatement({ actions: ['sqs:SendMessage'], resources: [this.failureQueue.queueArn] }),
      );
    }
    this.accessClasses.set(name, access);
    return access;
  }
}

function alarmTopic(scope: Stack, stage: StageConfig, key: IKey, emails: readonly string[]): Topic {
  const topic = new Topic(scope, 'AlarmTopic', {
    topicName: `grid-${stage.name}-alarms`,
    displayName: `grid ${stage.name} alarms`,
    masterKey: key,
    enforceSSL: true,
  });
  for (const email of emails) topic.addSubscription(new EmailSubscription(email));
  return topic;
}

/**
 * One queue for everything that failed for good: stream batches past their retries, and scheduled
 * runs that failed or could not be delivered. Messages say which (docs/deploy.md).
 */
function failureQueue(scope: Stack, stage: StageConfig): Queue {
  const queue = new Queue(scope, 'FailureQueue', {
    queueName: `grid-${stage.name}-failures`,
    encryption: QueueEncryption.SQS_MANAGED,
    enforceSSL: true,
    retentionPeriod: Duration.days(14),
  });
  Validations.of(queue).acknowledge({
    id: 'AwsSolutions-SQS3',
    reason:
      'This queue is itself the dead-letter destination of the stream event source mapping, the ' +
      'scheduled functions and their EventBridge targets; nothing consumes it automatically, so it needs no DLQ.',
  });
  return queue;
}
