import { manifest } from '@grid/functions/manifest/index';
import { consumersOf, MAX_STREAM_READERS, readerNeeds } from '@grid/functions/manifest/streams';
import type { Manifest, RouteDefinition, TableAccess } from '@grid/functions/manifest/types';
import { Match } from 'aws-cdk-lib/assertions';
import type { CfnRoute } from 'aws-cdk-lib/aws-apigatewayv2';
import { CloudAssembly } from 'aws-cdk-lib/cx-api';
import { afterAll, describe, expect, it } from 'vitest';
import {
  deployedSchedules,
  groupNameOf,
  httpFunctionGroups,
  routeKey,
  usesWeChat,
} from '../lib/function-groups';
import { type FunctionKind, flattenForNag } from '../lib/manifest-function';
import { STAGES } from '../lib/stages';
import { METRICS_PER_ALARM } from '../lib/stateless-stack';
import { TABLE_READ_ACTIONS, TABLE_WRITE_ACTIONS } from '../lib/table-access';
import {
  actionsOf,
  type CfnResource,
  logicalId,
  type PolicyStatementJson,
  resourcesOf,
  statementsByRole,
  synthGrid,
} from './support';

afterAll(() => CloudAssembly.cleanupTemporaryDirectories());

const WRITE_ACTIONS = [...TABLE_WRITE_ACTIONS, 'dynamodb:TransactWriteItems'];
/** Actions that may carry a wildcard resource, each acknowledged with its reason. */
const WILDCARD_RESOURCE_ACTIONS = new Set([
  'logs:CreateLogStream',
  'logs:PutLogEvents',
  'xray:PutTraceSegments',
  'xray:PutTelemetryRecords',
  'dynamodb:ListStreams',
]);

/** A function the manifest implies: one per route group, stream consumer and schedule. */
interface Entry {
  name: string;
  kind: FunctionKind;
  table: TableAccess;
  weChat: boolean;
  passKey?: boolean;
}

/** The filter patterns of an event source mapping, parsed. */
function filterPatternsOf(mapping: { Properties?: Record<string, unknown> }): unknown[] {
  const criteria = mapping.Properties?.FilterCriteria as { Filters?: { Pattern: string }[] } | undefined;
  return (criteria?.Filters ?? []).map((f) => JSON.parse(f.Pattern) as unknown);
}

function entriesOf(m: Manifest): Entry[] {
  return [
    ...httpFunctionGroups(m).map((g) => ({
      name: g.name,
      kind: 'http' as const,
      table: g.table,
      weChat: g.weChat,
      passKey: g.routes.some((r) => r.signsPasses === true),
    })),
    ...m.streamReaders.map((r) => {
      const needs = readerNeeds(consumersOf(m, r.name));
      return { name: r.name, kind: 'stream' as const, table: needs.table, weChat: needs.usesWeChat };
    }),
    ...deployedSchedules(m).map((s) => ({
      name: s.name,
      kind: 'schedule' as const,
      table: s.table,
      weChat: usesWeChat(s),
    })),
  ];
}

/** The access class (role and log group) the functions of an entry share. */
function className(entry: Pick<Entry, 'kind' | 'table' | 'weChat' | 'passKey'>): string {
  return `${entry.kind}-${entry.table}${entry.weChat ? '-wechat' : ''}${entry.passKey ? '-passkey' : ''}`;
}

/** Access classes with a schedule that scans (manifest `scansTable`): the whole class may Scan. */
function scanningClasses(m: Manifest): Set<string> {
  return new Set(
    deployedSchedules(m)
      .filter((s) => s.scansTable)
      .map((s) => className({ kind: 'schedule', table: s.table, weChat: usesWeChat(s) })),
  );
}

function acknowledgedIds(construct: { node: { metadata: { type: string; data: unknown }[] } }): string[] {
  return construct.node.metadata
    .filter((m) => m.type === 'aws:cdk:acknowledged-rules')
    .flatMap((m) => Object.keys(m.data as Record<string, string>))
    .map((id) => id.replace(/^Annotation::/, ''));
}

describe('stateless stack (dev, global)', () => {
  const synth = synthGrid({ alarmEmails: ['oncall@example.com'] });
  const { stateless, statelessTemplate: template } = synth;
  const stage = STAGES.dev;
  const roles = statementsByRole(template);
  const fnId = (name: string) => logicalId(stateless, stateless.functions.get(name)!.fn);
  const roleStatements = (name: string): PolicyStatementJson[] =>
    roles.get(logicalId(stateless, stateless.functions.get(name)!.access.role)) ?? [];
  const tableArnImport = (() => {
    const { tableArn } = synth.stateful.table;
    return stateless.resolve(tableArn);
  })();

  it('has one function per route group, consumer and schedule, nodejs22.x on arm64 with X-Ray and source maps', () => {
    const entries = entriesOf(manifest);
    expect(resourcesOf(template, 'AWS::Lambda::Function')).toHaveLength(entries.length);
    for (const entry of entries) {
      template.hasResourceProperties('AWS::Lambda::Function', {
        FunctionName: `grid-dev-${entry.name}`,
        Runtime: 'nodejs22.x',
        Architectures: ['arm64'],
        TracingConfig: { Mode: 'Active' },
        // Logs go to the access class's log group (Lambda prefixes each stream with the function name).
        LoggingConfig: {
          LogGroup: { Ref: logicalId(stateless, stateless.accessClasses.get(className(entry))!.logGroup) },
        },
        Environment: {
          Variables: Match.objectLike({
            TABLE_NAME: Match.anyValue(),
            SECRET_ARNS: Match.anyValue(),
            NODE_OPTIONS: '--enable-source-maps',
          }),
        },
      });
    }
  });

  it('shares one role and one log group per access class, and nothing else has either', () => {
    const classes = [...new Set(entriesOf(manifest).map(className))].sort();
    expect([...stateless.accessClasses.keys()].sort()).toEqual(classes);
    expect(resourcesOf(template, 'AWS::IAM::Role')).toHaveLength(classes.length);
    // The API's access log group besides the classes' ones.
    expect(resourcesOf(template, 'AWS::Logs::LogGroup')).toHaveLength(classes.length + 1);
    for (const name of classes) {
      template.hasResource('AWS::Logs::LogGroup', {
        Properties: {
          LogGroupName: `/grid/dev/functions/${name}`,
          RetentionInDays: stage.lambda.logRetentionDays,
          Tags: Match.anyValue(),
        },
        DeletionPolicy: 'Delete',
      });
      // The role's log permission names exactly its class's log group.
      const statements = roles.get(logicalId(stateless, stateless.accessClasses.get(name)!.role)) ?? [];
      const logResources = statements
        .filter((st) => actionsOf([st]).includes('logs:PutLogEvents'))
        .flatMap((st) => (Array.isArray(st.Resource) ? st.Resource : [st.Resource]));
      expect(logResources).toHaveLength(1);
      expect(JSON.stringify(logResources[0])).toContain(
        `:log-group:/grid/dev/functions/${name}:log-stream:*`,
      );
    }
  });

  it('exposes every manifest route on the HTTP API, wired to the function of its group', () => {
    const routes = resourcesOf(template, 'AWS::ApiGatewayV2::Route');
    expect(routes.map(([, r]) => r.Properties?.RouteKey).sort()).toEqual(
      manifest.routes.map(routeKey).sort(),
    );
    const integrations = new Map(resourcesOf(template, 'AWS::ApiGatewayV2::Integration'));
    const groups = httpFunctionGroups(manifest);
    // One integration per function, shared by the routes of its group.
    expect(integrations.size).toBe(groups.length);
    for (const route of manifest.routes) {
      const [, apiRoute] = routes.find(([, r]) => r.Properties?.RouteKey === routeKey(route))!;
      const target = apiRoute.Properties?.Target as { 'Fn::Join': [string, [string, { Ref: string }]] };
      const integration = integrations.get(target['Fn::Join'][1][1].Ref)!;
      expect(integration.Properties, routeKey(route)).toMatchObject({
        IntegrationType: 'AWS_PROXY',
        PayloadFormatVersion: '2.0',
        IntegrationUri: { 'Fn::GetAtt': [fnId(groupNameOf(route)), 'Arn'] },
      });
    }
    // One invoke permission per HTTP function, for this API only.
    const apiId = logicalId(stateless, stateless.api);
    for (const group of groups) {
      const permissions = resourcesOf(template, 'AWS::Lambda::Permission').filter(
        ([, p]) =>
          JSON.stringify(p.Properties?.FunctionName) ===
          JSON.stringify({ 'Fn::GetAtt': [fnId(group.name), 'Arn'] }),
      );
      expect(permissions, group.name).toHaveLength(1);
      const [, permission] = permissions[0]!;
      expect(permission.Properties?.Principal).toBe('apigateway.amazonaws.com');
      const sourceArn = JSON.stringify(permission.Properties?.SourceArn);
      expect(sourceArn).toContain(`{"Ref":"${apiId}"}`);
      expect(sourceArn).toContain('/*/*/*');
    }
  });

  it('authenticates in the function: no gateway authorizer, each route acknowledged with its roles', () => {
    expect(resourcesOf(template, 'AWS::ApiGatewayV2::Authorizer')).toEqual([]);
    for (const [, route] of resourcesOf(template, 'AWS::ApiGatewayV2::Route')) {
      expect(route.Properties?.AuthorizationType ?? 'NONE').toBe('NONE');
    }
    for (const route of manifest.routes) {
      const construct = stateless.routes.get(route.operationId);
      expect(construct, routeKey(route)).toBeDefined();
      expect(stateless.resolve((construct!.node.defaultChild as CfnRoute).routeKey)).toBe(routeKey(route));
      const reasons = construct!.node.metadata
        .filter((m) => m.type === 'aws:cdk:acknowledged-rules')
        .flatMap((m) => Object.entries(m.data as Record<string, string>))
        .filter(([id]) => id.endsWith('AwsSolutions-APIG4'))
        .map(([, reason]) => reason);
      expect(reasons.length).toBeGreaterThan(0);
      for (const reason of reasons) {
        if (route.auth === 'public') expect(reason).toContain('public by design');
        else for (const role of route.auth.roles) expect(reason).toContain(role);
      }
    }
  });

  it('grants each function only the table actions its manifest entry needs', () => {
    for (const entry of entriesOf(manifest)) {
      const statements = roleStatements(entry.name);
      const actions = actionsOf(statements);
      const tableStatements = statements.filter((s) => actionsOf([s]).some((a) => a.startsWith('dynamodb:')));
      const dynamoActions = actions.filter((a) => a.startsWith('dynamodb:'));
      if (entry.table === 'none') {
        expect(dynamoActions, entry.name).toEqual([]);
        continue;
      }
      expect(dynamoActions, entry.name).toEqual(expect.arrayContaining([...TABLE_READ_ACTIONS]));
      if (entry.table === 'read') {
        for (const write of WRITE_ACTIONS)
          expect(actions, `${entry.name} must not ${write}`).not.toContain(write);
        expect(actions).not.toContain('kms:Encrypt');
        expect(actions).not.toContain('kms:GenerateDataKey');
      } else {
        expect(actions, entry.name).toEqual(
          expect.arrayContaining(['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem']),
        );
      }
      if (scanningClasses(manifest).has(className(entry))) {
        // Scan reaches the table only, never an index.
        const scans = statements.filter((s) => actionsOf([s]).includes('dynamodb:Scan'));
        expect(scans.map((s) => s.Resource)).toEqual([tableArnImport]);
      } else {
        expect(actions, entry.name).not.toContain('dynamodb:Scan');
      }
      // Table actions reach the table and the manifest's indexes, nothing else (the stream reader aside).
      const tableResources = tableStatements
        .filter((s) => !actionsOf([s]).some((a) => a.includes('Stream') || a === 'dynamodb:Scan'))
        .flatMap((s) => (Array.isArray(s.Resource) ? s.Resource : [s.Resource]));
      expect(tableResources).toEqual([
        tableArnImport,
        ...manifest.table.globalIndexes.map((i) => ({
          'Fn::Join': ['', [tableArnImport, `/index/${i.name}`]],
        })),
      ]);
    }
  });

  it('hands the WeChat secret only to the routes that call WeChat', () => {
    const weChatArn = stateless.resolve(synth.stateful.secrets.weChat.secretArn);
    for (const entry of entriesOf(manifest)) {
      const secretResources = roleStatements(entry.name)
        .filter((s) => actionsOf([s]).includes('secretsmanager:GetSecretValue'))
        .flatMap((s) => s.Resource as unknown[]);
      const hasWeChat = secretResources.some((r) => JSON.stringify(r) === JSON.stringify(weChatArn));
      expect(hasWeChat, entry.name).toBe(entry.weChat);
      expect(secretResources.length).toBe(hasWeChat ? 4 : 3);
    }
  });

  it('lets only the pass routes sign with the pass key, and tells them its id', () => {
    const passKeyArn = JSON.stringify(stateless.resolve(synth.stateful.passKey.keyArn));
    const signers = entriesOf(manifest).filter((e) => e.passKey);
    expect(signers.map((e) => e.name).sort()).toEqual(['passes-read', 'passes-readwrite']);
    for (const entry of entriesOf(manifest)) {
      const signing = roleStatements(entry.name).filter((st) => actionsOf([st]).includes('kms:Sign'));
      expect(signing.length, entry.name).toBe(entry.passKey ? 1 : 0);
      if (entry.passKey) {
        expect(actionsOf(signing).sort()).toEqual(['kms:GetPublicKey', 'kms:Sign']);
        expect(JSON.stringify(signing[0]!.Resource)).toBe(passKeyArn);
      }
      const fn = template.toJSON().Resources[fnId(entry.name)] as {
        Properties: { Environment: { Variables: Record<string, unknown> } };
      };
      expect('PASS_KMS_KEY_ID' in fn.Properties.Environment.Variables, entry.name).toBe(
        entry.passKey === true,
      );
    }
  });

  it('uses no wildcard action anywhere, and wildcard resources only where acknowledged', () => {
    for (const [roleId, statements] of roles) {
      for (const statement of statements) {
        for (const action of actionsOf([statement])) expect(action, roleId).not.toContain('*');
        const resources = Array.isArray(statement.Resource) ? statement.Resource : [statement.Resource];
        for (const resource of resources) {
          if (!JSON.stringify(resource).includes('*')) continue;
          for (const action of actionsOf([statement]))
            expect(WILDCARD_RESOURCE_ACTIONS, action).toContain(action);
        }
      }
    }
    for (const access of stateless.accessClasses.values()) {
      const acknowledged = acknowledgedIds(access.role);
      for (const statement of roles.get(logicalId(stateless, access.role)) ?? []) {
        const resources = Array.isArray(statement.Resource) ? statement.Resource : [statement.Resource];
        for (const resource of resources) {
          if (!JSON.stringify(resource).includes('*')) continue;
          const finding = `AwsSolutions-IAM5[Resource::${flattenForNag(resource)}]`;
          expect(acknowledged, access.name).toContain(finding);
        }
      }
    }
  });

  it('consumes the table stream with batch item failures, bisect, bounded retries and an on-failure queue', () => {
    const mappings = resourcesOf(template, 'AWS::Lambda::EventSourceMapping');
    expect(mappings).toHaveLength(manifest.streamReaders.length);
    const queueId = logicalId(stateless, stateless.failureQueue);
    for (const consumer of manifest.streamReaders) {
      template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
        FunctionName: { Ref: fnId(consumer.name) },
        EventSourceArn: stateless.resolve(synth.stateful.table.tableStreamArn),
        BatchSize: consumer.batchSize,
        BisectBatchOnFunctionError: true,
        FunctionResponseTypes: ['ReportBatchItemFailures'],
        MaximumRetryAttempts: stage.stream.retryAttempts,
        MaximumRecordAgeInSeconds: stage.stream.maxRecordAgeMinutes * 60,
        StartingPosition: 'TRIM_HORIZON',
        DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': [queueId, 'Arn'] } } },
      });
      const streamActions = actionsOf(roleStatements(consumer.name));
      expect(streamActions).toEqual(
        expect.arrayContaining([
          'dynamodb:GetRecords',
          'dynamodb:GetShardIterator',
          'dynamodb:DescribeStream',
          'sqs:SendMessage',
        ]),
      );
    }
  });

  it('reads the table stream with at most two mappings, each filtered to what its consumers handle', () => {
    const mappings = resourcesOf(template, 'AWS::Lambda::EventSourceMapping');
    const perStream = new Map<string, number>();
    for (const [id, mapping] of mappings) {
      const source = JSON.stringify(mapping.Properties?.EventSourceArn);
      perStream.set(source, (perStream.get(source) ?? 0) + 1);
      const filters = filterPatternsOf(mapping);
      expect(filters.length, `${id} has no filter criteria`).toBeGreaterThan(0);
      // Lambda takes at most 5 filters per mapping (a quota).
      expect(filters.length, id).toBeLessThanOrEqual(5);
    }
    for (const [source, count] of perStream) expect(count, source).toBeLessThanOrEqual(MAX_STREAM_READERS);
    // The filters are the consumers' declarations: a change some consumer handles passes its reader's.
    for (const reader of manifest.streamReaders) {
      const [, mapping] = mappings.find(
        ([, m]) => JSON.stringify(m.Properties?.FunctionName) === JSON.stringify({ Ref: fnId(reader.name) }),
      )!;
      const patterns = filterPatternsOf(mapping) as {
        eventName: string[];
        dynamodb: Record<string, { type: { S: string[] } } | undefined>;
      }[];
      for (const consumer of consumersOf(manifest, reader.name)) {
        for (const { types, events } of consumer.handles) {
          for (const type of types) {
            for (const event of events) {
              const image = event === 'REMOVE' ? 'OldImage' : 'NewImage';
              const passes = patterns.some(
                (p) => p.eventName.includes(event) && p.dynamodb[image]?.type.S.includes(type),
              );
              expect(passes, `${consumer.name}: ${event} ${type}`).toBe(true);
            }
          }
        }
      }
    }
  });

  it('refuses a third reader of the table stream', () => {
    const third = { ...manifest.streamReaders[0]!, name: 'streamThird' };
    expect(() =>
      synthGrid({
        manifest: {
          ...manifest,
          streamReaders: [...manifest.streamReaders, third],
          streamConsumers: [
            ...manifest.streamConsumers,
            { ...manifest.streamConsumers[0]!, reader: third.name },
          ],
        },
      }),
    ).toThrow(/at most 2 may read one stream/);
  });

  it('runs each schedule at its manifest rate with retries and a dead-letter queue', () => {
    const rules = resourcesOf(template, 'AWS::Events::Rule');
    expect(rules).toHaveLength(deployedSchedules(manifest).length);
    const queueId = logicalId(stateless, stateless.failureQueue);
    for (const schedule of deployedSchedules(manifest)) {
      template.hasResourceProperties('AWS::Events::Rule', {
        ScheduleExpression: `rate(${schedule.everyMinutes} minute${schedule.everyMinutes === 1 ? '' : 's'})`,
        State: 'ENABLED',
        Targets: [
          Match.objectLike({
            Arn: { 'Fn::GetAtt': [fnId(schedule.name), 'Arn'] },
            DeadLetterConfig: { Arn: { 'Fn::GetAtt': [queueId, 'Arn'] } },
            RetryPolicy: Match.objectLike({ MaximumRetryAttempts: 2 }),
          }),
        ],
      });
      template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
        FunctionName: { Ref: fnId(schedule.name) },
        DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': [queueId, 'Arn'] } } },
      });
    }
  });

  it('throttles the stage, writes JSON access logs without paths or query strings, and allows CORS', () => {
    const [, apiStage] = resourcesOf(template, 'AWS::ApiGatewayV2::Stage')[0]!;
    const props = apiStage.Properties as {
      StageName: string;
      DefaultRouteSettings: { ThrottlingRateLimit: number; ThrottlingBurstLimit: number };
      AccessLogSettings: { DestinationArn: unknown; Format: string };
    };
    expect(props.StageName).toBe('$default');
    expect(props.DefaultRouteSettings).toMatchObject({
      ThrottlingRateLimit: stage.throttle.rateLimit,
      ThrottlingBurstLimit: stage.throttle.burstLimit,
    });
    const format = JSON.parse(props.AccessLogSettings.Format) as Record<string, string>;
    expect(format).toMatchObject({ requestId: '$context.requestId', routeKey: '$context.routeKey' });
    expect(props.AccessLogSettings.Format).not.toMatch(/\$context\.path|querystring|\$input/i);

    const [, api] = resourcesOf(template, 'AWS::ApiGatewayV2::Api')[0]!;
    const cors = (api.Properties as { CorsConfiguration: { AllowHeaders: string[]; AllowMethods: string[] } })
      .CorsConfiguration;
    const declaredHeaders = manifest.routes.flatMap((r) => r.request.headers ?? []);
    expect(cors.AllowHeaders).toEqual(
      expect.arrayContaining(['authorization', 'content-type', ...declaredHeaders]),
    );
    expect(cors.AllowMethods).toEqual(
      expect.arrayContaining([...new Set(manifest.routes.map((r) => r.method))]),
    );
  });

  it('alarms on API 5xx, every function’s errors, Lambda throttles, iterator age and failure-queue depth', () => {
    const alarms = resourcesOf(template, 'AWS::CloudWatch::Alarm').map(
      ([, a]) => a.Properties as Record<string, unknown>,
    );
    const topicRef = { Ref: logicalId(stateless, stateless.alarmTopic) };
    for (const alarm of alarms) expect(alarm.AlarmActions).toEqual([topicRef]);
    const metricsOf = (ns: string, name: string) =>
      alarms.filter((a) => a.Namespace === ns && a.MetricName === name);

    expect(metricsOf('AWS/ApiGateway', '5xx')).toHaveLength(1);
    // Errors: metric-math alarms of at most 10 functions each, every function in exactly one.
    type Query = {
      Id: string;
      Expression?: string;
      MetricStat?: { Metric: { MetricName: string; Dimensions: unknown } };
    };
    const errorAlarms = alarms.filter((a) =>
      ((a.Metrics ?? []) as Query[]).some((q) => q.MetricStat?.Metric.MetricName === 'Errors'),
    );
    const watched = errorAlarms.flatMap((a) => {
      const queries = a.Metrics as Query[];
      const stats = queries.filter((q) => q.MetricStat);
      expect(stats.length).toBeLessThanOrEqual(METRICS_PER_ALARM);
      expect(queries.find((q) => q.Expression)?.Expression).toBe('SUM(FILL(METRICS(), 0))');
      return stats.map((q) => JSON.stringify(q.MetricStat!.Metric.Dimensions));
    });
    const entries = entriesOf(manifest);
    expect(watched.sort()).toEqual(
      entries.map((e) => JSON.stringify([{ Name: 'FunctionName', Value: { Ref: fnId(e.name) } }])).sort(),
    );
    const kinds: FunctionKind[] = ['http', 'stream', 'schedule'];
    expect(errorAlarms).toHaveLength(
      kinds
        .map((k) => Math.ceil(entries.filter((e) => e.kind === k).length / METRICS_PER_ALARM))
        .reduce((a, b) => a + b, 0),
    );
    // Throttling is the region's shared concurrency pool: one alarm on the account-wide metric.
    expect(metricsOf('AWS/Lambda', 'Throttles').map((a) => a.Dimensions)).toEqual([undefined]);
    // Iterator age: metric-math alarms (the oldest record any consumer holds), every consumer in one.
    const ageAlarms = alarms.filter((a) =>
      ((a.Metrics ?? []) as Query[]).some((q) => q.MetricStat?.Metric.MetricName === 'IteratorAge'),
    );
    const aged = ageAlarms.flatMap((a) =>
      (a.Metrics as Query[])
        .filter((q) => q.MetricStat)
        .map((q) => JSON.stringify(q.MetricStat!.Metric.Dimensions)),
    );
    expect(aged.sort()).toEqual(
      entries
        .filter((e) => e.kind === 'stream')
        .map((e) => JSON.stringify([{ Name: 'FunctionName', Value: { Ref: fnId(e.name) } }]))
        .sort(),
    );
    expect(ageAlarms).toHaveLength(Math.ceil(manifest.streamReaders.length / METRICS_PER_ALARM));
    expect(metricsOf('AWS/SQS', 'ApproximateNumberOfMessagesVisible')).toHaveLength(1);
    expect(alarms).toHaveLength(errorAlarms.length + ageAlarms.length + 3);

    template.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: Match.anyValue() });
    template.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'email',
      Endpoint: 'oncall@example.com',
    });
  });

  it('has one dashboard', () => {
    expect(resourcesOf(template, 'AWS::CloudWatch::Dashboard')).toHaveLength(1);
  });

  it('encrypts the failure queue and requires TLS on it', () => {
    template.hasResourceProperties('AWS::SQS::Queue', { SqsManagedSseEnabled: true });
    template.hasResourceProperties('AWS::SQS::QueuePolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ]),
      },
    });
  });
});

describe('generation from the manifest', () => {
  const probe: RouteDefinition = {
    operationId: 'probeOnlyInThisTest',
    method: 'DELETE',
    path: '/v1/probes/{probeId}',
    handler: 'api-docs/get-openapi',
    auth: { roles: ['admin'] },
    table: 'read',
    summary: 'A route that exists only in this test',
    tags: ['probe'],
    request: { headers: ['x-probe-header'] },
    responses: {},
  };
  // A second route of an existing group: it joins that group's function.
  const joiner = manifest.routes.find((r) => r.table === 'read' && !usesWeChat(r))!;
  const joining: RouteDefinition = {
    ...joiner,
    operationId: 'joinerOnlyInThisTest',
    method: 'GET',
    path: '/v1/joiners/{joinerId}',
  };
  const extended: Manifest = {
    ...manifest,
    routes: [...manifest.routes, probe, joining],
    streamConsumers: [
      ...manifest.streamConsumers,
      {
        ...manifest.streamConsumers[0]!,
        name: 'probeConsumer',
        handles: [{ types: ['PROBE'], events: ['REMOVE'] }],
      },
    ],
    schedules: [...manifest.schedules, { ...manifest.schedules[0]!, name: 'probeSchedule', everyMinutes: 1 }],
  };
  const { stateless, statelessTemplate: template } = synthGrid({ manifest: extended });
  const integrationOf = (path: string) => {
    const [, route] = resourcesOf(template, 'AWS::ApiGatewayV2::Route').find(([, r]) =>
      String(r.Properties?.RouteKey).endsWith(path),
    )!;
    const target = route.Properties?.Target as { 'Fn::Join': [string, [string, { Ref: string }]] };
    return template.toJSON().Resources[target['Fn::Join'][1][1].Ref].Properties.IntegrationUri;
  };

  it('turns a route with a new tag into a route, a group function on the read-only role and an errors alarm', () => {
    template.hasResourceProperties('AWS::ApiGatewayV2::Route', { RouteKey: 'DELETE /v1/probes/{probeId}' });
    template.hasResourceProperties('AWS::Lambda::Function', { FunctionName: 'grid-dev-probe-read' });
    const fn = stateless.functions.get('probe-read')!;
    expect(fn.access).toBe(stateless.accessClasses.get('http-read'));
    const actions = actionsOf(statementsByRole(template).get(logicalId(stateless, fn.access.role)) ?? []);
    expect(actions).toContain('dynamodb:Query');
    for (const write of WRITE_ACTIONS) expect(actions).not.toContain(write);
    expect(JSON.stringify(template.findResources('AWS::CloudWatch::Alarm'))).toContain(
      JSON.stringify({ Ref: logicalId(stateless, fn.fn) }),
    );
    expect(integrationOf('/v1/probes/{probeId}')).toEqual({
      'Fn::GetAtt': [logicalId(stateless, fn.fn), 'Arn'],
    });
    const [, api] = resourcesOf(template, 'AWS::ApiGatewayV2::Api')[0]!;
    expect(JSON.stringify(api.Properties)).toContain('x-probe-header');
  });

  it('wires a route of an existing group to that group’s function, adding no function', () => {
    const fn = stateless.functions.get(groupNameOf(joiner))!;
    expect(integrationOf('/v1/joiners/{joinerId}')).toEqual({
      'Fn::GetAtt': [logicalId(stateless, fn.fn), 'Arn'],
    });
    expect(resourcesOf(template, 'AWS::Lambda::Function')).toHaveLength(entriesOf(extended).length);
    // A route group and a schedule; the added consumer runs in its reader's function.
    expect(entriesOf(extended).length).toBe(entriesOf(manifest).length + 2);
  });

  it('turns an added consumer into its reader’s filter, and a schedule into a rule', () => {
    const reader = extended.streamConsumers.find((c) => c.name === 'probeConsumer')!.reader;
    const [, mapping] = resourcesOf(template, 'AWS::Lambda::EventSourceMapping').find(
      ([, m]) =>
        JSON.stringify(m.Properties?.FunctionName) ===
        JSON.stringify({ Ref: logicalId(stateless, stateless.functions.get(reader)!.fn) }),
    )!;
    const patterns = filterPatternsOf(mapping);
    expect(patterns).toContainEqual({
      eventName: ['REMOVE'],
      dynamodb: { OldImage: { type: { S: ['HEALTH_REPORT', 'PERSON', 'PROBE', 'TRAVEL_DECLARATION'] } } },
    });
    template.hasResourceProperties('AWS::Events::Rule', { ScheduleExpression: 'rate(1 minute)' });
  });
});

describe('stage settings', () => {
  it('prod keeps its log groups and throttles at production rates', () => {
    const { statelessTemplate: template } = synthGrid({ stage: 'prod' });
    template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      DefaultRouteSettings: Match.objectLike({ ThrottlingRateLimit: STAGES.prod.throttle.rateLimit }),
    });
    const logGroups = resourcesOf(template, 'AWS::Logs::LogGroup');
    for (const [, group] of logGroups) {
      expect((group as CfnResource).DeletionPolicy).toBe('Retain');
      expect(group.Properties?.RetentionInDays).toBe(STAGES.prod.lambda.logRetentionDays);
    }
  });

  it('a custom domain maps the API and turns the execute-api endpoint off', () => {
    const { statelessTemplate: template } = synthGrid({
      stage: 'prod',
      region: 'cn-northwest-1',
      stageOverrides: {
        apiDomain: {
          domainName: 'api.grid.example.cn',
          certificateArn:
            'arn:aws-cn:acm:cn-northwest-1:123456789012:certificate/00000000-0000-0000-0000-000000000000',
        },
      },
    });
    template.hasResourceProperties('AWS::ApiGatewayV2::Api', { DisableExecuteApiEndpoint: true });
    template.hasResourceProperties('AWS::ApiGatewayV2::DomainName', { DomainName: 'api.grid.example.cn' });
    template.resourceCountIs('AWS::ApiGatewayV2::ApiMapping', 1);
  });
});
