/**
 * The HTTP API of the stateless stack: the API with CORS for every method and header the manifest's
 * routes use, its custom domain (when the stage has one) and its `$default` stage with throttling
 * and access logs that name the route, never the path, query or body.
 */
import type { Manifest } from '@grid/functions/manifest/types';
import { Duration, RemovalPolicy, type Stack } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import {
  CorsHttpMethod,
  DomainName,
  HttpApi,
  HttpStage,
  LogGroupLogDestination,
} from 'aws-cdk-lib/aws-apigatewayv2';
import { Certificate } from 'aws-cdk-lib/aws-certificatemanager';
import { LogGroup } from 'aws-cdk-lib/aws-logs';
import type { StageConfig } from './stages';

/** Headers every route may receive besides the ones its manifest entry declares. */
const BASE_CORS_HEADERS = ['authorization', 'content-type'];

export interface GridHttpApi {
  api: HttpApi;
  apiStage: HttpStage;
  domainName: DomainName | undefined;
}

export function httpApi(scope: Stack, stage: StageConfig, manifest: Manifest): GridHttpApi {
  const accessLogs = new LogGroup(scope, 'ApiAccessLogs', {
    retention: stage.lambda.logRetentionDays,
    removalPolicy: stage.destroyLogsWithStack ? RemovalPolicy.DESTROY : RemovalPolicy.RETAIN,
  });
  const corsHeaders = [
    ...new Set([...BASE_CORS_HEADERS, ...manifest.routes.flatMap((r) => r.request.headers ?? [])]),
  ];
  const corsMethods = [...new Set(manifest.routes.map((r) => CorsHttpMethod[r.method]))];
  const api = new HttpApi(scope, 'Api', {
    apiName: `grid-${stage.name}`,
    description: `grid ${stage.name}: auth (our own JWT) is checked in each function`,
    createDefaultStage: false,
    disableExecuteApiEndpoint: stage.apiDomain !== undefined,
    corsPreflight: {
      allowOrigins: [...stage.corsOrigins],
      allowMethods: [...corsMethods, CorsHttpMethod.OPTIONS],
      allowHeaders: corsHeaders,
      maxAge: Duration.days(1),
    },
  });
  const domainName = stage.apiDomain
    ? new DomainName(scope, 'ApiDomain', {
        domainName: stage.apiDomain.domainName,
        certificate: Certificate.fromCertificateArn(scope, 'ApiCertificate', stage.apiDomain.certificateArn),
      })
    : undefined;
  const apiStage = new HttpStage(scope, 'ApiStage', {
    httpApi: api,
    stageName: '$default',
    autoDeploy: true,
    throttle: stage.throttle,
    accessLogSettings: {
      destination: new LogGroupLogDestination(accessLogs),
      // No path, query string or body: they may carry personal data. The route key names the route.
      format: AccessLogFormat.custom(
        JSON.stringify({
          requestId: '$context.requestId',
          time: '$context.requestTime',
          routeKey: '$context.routeKey',
          status: '$context.status',
          sourceIp: '$context.identity.sourceIp',
          protocol: '$context.protocol',
          responseLength: '$context.responseLength',
          responseLatency: '$context.responseLatency',
          integrationStatus: '$context.integrationStatus',
          integrationLatency: '$context.integrationLatency',
          integrationError: '$context.integrationErrorMessage',
        }),
      ),
    },
    ...(domainName ? { domainMapping: { domainName } } : {}),
  });
  return { api, apiStage, domainName };
}
