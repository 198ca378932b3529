/** The OpenAPI 3.1 document, generated from the manifest's routes and their zod schemas. */
import { errorBodySchema } from '@grid/shared';
import * as z from 'zod';
import { manifest } from '../../manifest';
import type { RouteDefinition } from '../../manifest/types';

type JsonSchema = Record<string, unknown>;

function schemaOf(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, {
    io,
    unrepresentable: 'any',
    target: 'draft-2020-12',
  });
  return rest;
}

function parametersOf(route: RouteDefinition): JsonSchema[] {
  const params: JsonSchema[] = [];
  for (const [where, schema] of [
    ['path', route.request.params],
    ['query', route.request.query],
  ] as const) {
    if (!schema) continue;
    const json = schemaOf(schema, 'input');
    const properties = (json.properties ?? {}) as Record<string, JsonSchema>;
    const required = new Set((json.required ?? []) as string[]);
    for (const [name, s] of Object.entries(properties)) {
      params.push({ name, in: where, required: where === 'path' || required.has(name), schema: s });
    }
  }
  for (const header of route.request.headers ?? []) {
    params.push({
      name: header,
      in: 'header',
      required: true,
      schema: { type: 'string', pattern: '^[A-Za-z0-9_-]{8,64}$' },
    });
  }
  return params;
}

export function buildOpenApi(): JsonSchema {
  const paths: Record<string, Record<string, JsonSchema>> = {};
  for (const route of manifest.routes) {
    const responses: Record<string, JsonSchema> = {};
    for (const [status, schema] of Object.entries(route.responses)) {
      responses[status] = {
        description: 'OK',
        content: { 'application/json': { schema: schemaOf(schema, 'output') } },
      };
    }
    responses['4XX'] = {
      description: 'Refused: the body names the code (see docs/api.md)',
      content: { 'application/json': { schema: schemaOf(errorBodySchema, 'output') } },
    };
    paths[route.path] ??= {};
    paths[route.path]![route.method.toLowerCase()] = {
      operationId: route.operationId,
      summary: route.summary,
      tags: route.tags,
      security: route.auth === 'public' ? [] : [{ bearer: [] }],
      ...(route.auth === 'public' ? {} : { 'x-roles': route.auth.roles }),
      parameters: parametersOf(route),
      ...(route.request.body
        ? {
            requestBody: {
              required: true,
              content: { 'application/json': { schema: schemaOf(route.request.body, 'input') } },
            },
          }
        : {}),
      responses,
    };
  }
  return {
    openapi: '3.1.0',
    info: { title: '网格防疫平台 API / Grid epidemic-prevention API', version: '0.1.0' },
    components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } } },
    paths,
  };
}
