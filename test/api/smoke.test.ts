import { describe, expect, it } from 'vitest';
import { api, login } from './support/client';

describe('local stack', () => {
  it('serves the OpenAPI document generated from the manifest', async () => {
    const res = await api<{ openapi: string; paths: Record<string, unknown> }>('GET', '/v1/openapi.json');
    expect(res.status).toBe(200);
    expect(res.body.openapi).toBe('3.1.0');
    expect(Object.keys(res.body.paths)).toContain('/v1/persons/{personId}/health-reports');
  });

  it('signs in a seeded resident through the fake WeChat', async () => {
    const { user } = await login('demo-res1');
    expect(user.role).toBe('resident');
    expect(user.householdId).toMatch(/^[0-9A-Z]{26}$/);
  });
});
