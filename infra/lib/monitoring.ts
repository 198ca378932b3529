/**
 * What pages an engineer: alarms (errors per run of ≤ 10 functions, stream iterator age, API 5xx,
 * Lambda throttles, the failure queue) and the dashboard that names the failing function.
 * Split from stateless-stack.ts, which builds the functions these read.
 */

import { Duration } from 'aws-cdk-lib';
import type { HttpApi, HttpStage } from 'aws-cdk-lib/aws-apigatewayv2';
import {
  Alarm,
  ComparisonOperator,
  Dashboard,
  GraphWidget,
  type IMetric,
  MathExpression,
  Metric,
  Stats,
  TextWidget,
  TreatMissingData,
} from 'aws-cdk-lib/aws-cloudwatch';
import { type ITable, Operation } from 'aws-cdk-lib/aws-dynamodb';
import type { Topic } from 'aws-cdk-lib/aws-sns';
import type { Queue } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import type { FunctionKind, ManifestFunction } from './manifest-function';
import type { StageConfig } from './stages';

/** CloudWatch's hard limit on the metrics one metric-math alarm may read. */
export const METRICS_PER_ALARM = 10;

/** Construct id from a manifest or group name: getMe → GetMe, households-read → HouseholdsRead. */
export function constructId(name: string): string {
  return name
    .split('-')
    .map((part) => `${part[0]!.toUpperCase()}${part.slice(1)}`)
    .join('');
}

/** Splits a list into runs of at most `size`. */
export function chunk<T>(items: readonly T[], size: number): T[][] {
  const runs: T[][] = [];
  for (let i = 0; i < items.length; i += size) runs.push(items.slice(i, i + size));
  return runs;
}

export function streamAgeAlarms(
  scope: Construct,
  stage: StageConfig,
  consumers: readonly ManifestFunction[],
): Alarm[] {
  const alarms: Alarm[] = [];
  // One alarm for every consumer falling behind (the oldest record any of them holds), not one per
  // consumer: each consumer would cost the stack a resource, and the alarm's text and the
  // dashboard's iterator-age graph say which one it is.
  chunk(consumers, METRICS_PER_ALARM).forEach((part, i) => {
    const suffix = i === 0 ? '' : String(i + 1);
    alarms.push(
      new Alarm(scope, `StreamIteratorAgeAlarm${suffix}`, {
        alarmName: `grid-${stage.name}-stream-iterator-age${suffix ? `-${suffix}` : ''}`,
        alarmDescription: `A stream consumer is falling behind the table stream (${part.map((f) => f.functionName).join(', ')}): see the dashboard's iterator age`,
        metric: new MathExpression({
          expression: `MAX([${part.map((_, j) => `m${j}`).join(',')}])`,
          usingMetrics: Object.fromEntries(
            part.map((f, j) => [`m${j}`, f.fn.metric('IteratorAge', { statistic: Stats.MAXIMUM })]),
          ),
          period: Duration.minutes(5),
          label: 'oldest record held by a consumer (ms)',
        }),
        threshold: stage.stream.iteratorAgeAlarmSeconds * 1000,
        evaluationPeriods: 1,
        comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      }),
    );
  });
  return alarms;
}

/** API 5xx, account-wide Lambda throttles and the failure queue: one alarm each. */
export function platformAlarms(
  scope: Construct,
  stage: StageConfig,
  api: HttpApi,
  failureQueue: Queue,
): Alarm[] {
  return [
    new Alarm(scope, 'Api5xxAlarm', {
      alarmName: `grid-${stage.name}-api-5xx`,
      alarmDescription: 'The API answered 5xx: see the http errors alarms, the dashboard and the access logs',
      metric: api.metricServerError({ period: Duration.minutes(5), statistic: Stats.SUM }),
      threshold: stage.alarms.api5xxPer5Minutes,
      evaluationPeriods: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    }),
    // Throttling comes from the region's shared concurrency pool (no function reserves any),
    // so one alarm on the account-wide metric says it, whichever function was refused.
    new Alarm(scope, 'LambdaThrottlesAlarm', {
      alarmName: `grid-${stage.name}-lambda-throttles`,
      alarmDescription:
        'Lambda refused invocations for lack of concurrency: raise the account quota (docs/deploy.md, "Alarms")',
      metric: new Metric({
        namespace: 'AWS/Lambda',
        metricName: 'Throttles',
        period: Duration.minutes(5),
        statistic: Stats.SUM,
      }),
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    }),
    new Alarm(scope, 'FailureQueueDepthAlarm', {
      alarmName: `grid-${stage.name}-failures-depth`,
      alarmDescription:
        'Stream batches or scheduled runs failed for good: read the failure queue (docs/deploy.md, "Alarms")',
      metric: failureQueue.metricApproximateNumberOfMessagesVisible({
        period: Duration.minutes(5),
        statistic: Stats.MAXIMUM,
      }),
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    }),
  ];
}

/**
 * Errors (unhandled error or timeout) of every function, as few alarms as CloudWatch allows:
 * one metric-math alarm per kind and run of at most 10 functions. The dashboard shows which one.
 */
export function errorsAlarms(
  scope: Construct,
  stage: StageConfig,
  functionsByKind: Record<FunctionKind, readonly ManifestFunction[]>,
): Alarm[] {
  const alarms: Alarm[] = [];
  const period = Duration.minutes(5);
  for (const [kind, fns] of Object.entries(functionsByKind)) {
    const sorted = [...fns].sort((a, b) => a.functionName.localeCompare(b.functionName));
    chunk(sorted, METRICS_PER_ALARM).forEach((run, i) => {
      const suffix = `${kind}-errors-${i + 1}`;
      alarms.push(
        new Alarm(scope, `${constructId(suffix)}Alarm`, {
          alarmName: `grid-${stage.name}-${suffix}`,
          alarmDescription:
            `One of ${run.map((f) => f.functionName).join(', ')} failed (unhandled error or timeout): ` +
            'the dashboard’s "Lambda errors" graph names it; its log streams start with its name.',
          metric: new MathExpression({
            expression: 'SUM(FILL(METRICS(), 0))',
            usingMetrics: Object.fromEntries(
              run.map((f, j) => [`e${j}`, f.fn.metricErrors({ period, statistic: Stats.SUM })]),
            ),
            period,
            label: `${suffix} (sum)`,
          }),
          threshold: 1,
          evaluationPeriods: 1,
          comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
          treatMissingData: TreatMissingData.NOT_BREACHING,
        }),
      );
    });
  }
  return alarms;
}

export interface DashboardInputs {
  stage: StageConfig;
  table: ITable;
  api: HttpApi;
  apiStage: HttpStage;
  alarmTopic: Topic;
  failureQueue: Queue;
  functions: readonly ManifestFunction[];
  streamConsumers: readonly ManifestFunction[];
}

export function addDashboard(scope: Construct, on: DashboardInputs): void {
  const { stage, table, api, apiStage, alarmTopic, failureQueue, streamConsumers } = on;
  const period = Duration.minutes(5);
  const fns = on.functions;
  const perFunction = (metric: (f: ManifestFunction) => IMetric) => fns.map(metric);
  const dashboard = new Dashboard(scope, 'Dashboard', { dashboardName: `grid-${stage.name}` });
  dashboard.addWidgets(
    new TextWidget({
      markdown: `# grid ${stage.name}\nAPI ${apiStage.url} · alarms go to topic ${alarmTopic.topicName}`,
      width: 24,
      height: 2,
    }),
  );
  dashboard.addWidgets(
    new GraphWidget({
      title: 'API requests and errors',
      left: [
        api.metricCount({ period, statistic: Stats.SUM }),
        api.metricClientError({ period, statistic: Stats.SUM }),
        api.metricServerError({ period, statistic: Stats.SUM }),
      ],
      width: 12,
    }),
    new GraphWidget({
      title: 'API latency (ms)',
      left: [
        api.metricLatency({ period, statistic: Stats.percentile(50) }),
        api.metricLatency({ period, statistic: Stats.percentile(99) }),
        api.metricIntegrationLatency({ period, statistic: Stats.percentile(99) }),
      ],
      width: 12,
    }),
  );
  dashboard.addWidgets(
    new GraphWidget({
      title: 'Lambda errors',
      left: perFunction((f) => f.fn.metricErrors({ period, statistic: Stats.SUM, label: f.functionName })),
      width: 8,
    }),
    new GraphWidget({
      title: 'Lambda throttles',
      left: perFunction((f) => f.fn.metricThrottles({ period, statistic: Stats.SUM, label: f.functionName })),
      width: 8,
    }),
    new GraphWidget({
      title: 'Lambda duration p99 (ms)',
      left: perFunction((f) =>
        f.fn.metricDuration({ period, statistic: Stats.percentile(99), label: f.functionName }),
      ),
      width: 8,
    }),
  );
  dashboard.addWidgets(
    new GraphWidget({
      title: 'Stream iterator age (ms)',
      left: streamConsumers.map((f) =>
        f.fn.metric('IteratorAge', { period, statistic: Stats.MAXIMUM, label: f.functionName }),
      ),
      width: 8,
    }),
    new GraphWidget({
      title: 'Failure queue depth',
      left: [failureQueue.metricApproximateNumberOfMessagesVisible({ period, statistic: Stats.MAXIMUM })],
      width: 8,
    }),
    new GraphWidget({
      title: 'Table capacity and throttling',
      left: [
        table.metricConsumedReadCapacityUnits({ period, statistic: Stats.SUM }),
        table.metricConsumedWriteCapacityUnits({ period, statistic: Stats.SUM }),
      ],
      right: [
        table.metricThrottledRequestsForOperations({
          period,
          operations: [Operation.GET_ITEM, Operation.QUERY, Operation.PUT_ITEM, Operation.UPDATE_ITEM],
        }),
      ],
      width: 8,
    }),
  );
}
