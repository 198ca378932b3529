/** The API’s own description: the OpenAPI document generated from the manifest. */
import * as z from 'zod';
import { route } from '../../manifest/route';

export const apiDocsRoutes = {
  getOpenApi: route({
    operationId: 'getOpenApi',
    method: 'GET',
    path: '/v1/openapi.json',
    handler: 'api-docs/get-openapi',
    auth: 'public',
    table: 'none',
    summary: 'The OpenAPI document of this API, generated from the shared zod schemas',
    tags: ['meta'],
    request: {},
    responses: { 200: z.record(z.string(), z.unknown()) },
  }),
} as const;
