// POST /v1/api-keys — an admin creates a key of its own tenant; the key is shown once, stored hashed.
import { Hono } from 'hono';
import { randomBytes, randomUUID } from 'node:crypto';
import type { AppDeps } from '../deps.ts';
import type { AppEnv } from '../env.ts';
import { hashApiKey, requireRole } from '../middleware/auth.ts';
import type { RouteDoc } from '../openapi/route-doc.ts';
import { NewApiKeyRequest, NewApiKeyResponse } from '../schemas/programs.ts';
import { zv } from '../validate.ts';

export function newApiKey(): string {
  return `acr_${randomBytes(24).toString('base64url')}`;
}

export const apiKeyDocs: RouteDoc[] = [{
  method: 'post', path: '/v1/api-keys', tag: 'Access', role: 'admin',
  summary: "Create an API key for the caller's tenant", body: NewApiKeyRequest,
  responses: { 201: { description: 'The new key (shown once)', schema: NewApiKeyResponse } },
  problems: ['validation-error', 'invalid-json'],
}];

export function apiKeyRoutes(deps: AppDeps) {
  return new Hono<AppEnv>().post('/api-keys', requireRole('admin'), zv('json', NewApiKeyRequest), async (c) => {
    const { tenant } = c.get('principal');
    const { role, name } = c.req.valid('json');
    const key = newApiKey();
    const id = randomUUID();
    await deps.keys.create({ id, hash: hashApiKey(key), tenant, role, name });
    return c.json({ id, key, tenant, role, name }, 201);
  });
}
