// The OpenAPI document validates as OpenAPI 3.1 and lists every route the app serves.
import { Validator } from '@seriousme/openapi-schema-validator';
import { describe, expect, it } from 'vitest';
import { harness } from './fakes.ts';

describe('OpenAPI', () => {
  it('validates as OpenAPI 3.1', async () => {
    const h = await harness();
    const doc = await (await h.call('GET', '/openapi.json', { key: null })).json() as any;
    expect(doc.openapi).toBe('3.1.0');
    const validator = new Validator();
    const result = await validator.validate(doc);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    // and the validator does reject a broken document
    const broken = structuredClone(doc);
    broken.paths['/v1/quote'].post.responses = 'none';
    expect((await new Validator().validate(broken)).valid).toBe(false);
    // every $ref resolves
    const refs = JSON.stringify(doc).match(/"\$ref":"([^"]+)"/g) ?? [];
    for (const ref of refs) {
      const name = /#\/components\/schemas\/([^"]+)/.exec(ref)?.[1];
      expect(name && doc.components.schemas[name], ref).toBeTruthy();
    }
  });

  it('lists every endpoint the app serves, and nothing it does not', async () => {
    const h = await harness();
    const doc = await (await h.call('GET', '/openapi.json', { key: null })).json() as any;
    const documented = new Set<string>();
    for (const [path, methods] of Object.entries(doc.paths as Record<string, object>)) {
      for (const method of Object.keys(methods)) documented.add(`${method.toUpperCase()} ${path}`);
    }
    const served = new Set(h.app.routes
      .filter((r) => r.method !== 'ALL')
      .map((r) => `${r.method} ${r.path.replace(/:([A-Za-z]+)/g, '{$1}')}`));
    expect([...documented].sort()).toEqual([...served].sort());
    for (const must of ['POST /v1/quote', 'POST /v1/transactions', 'GET /v1/transactions/{id}', 'POST /v1/transactions/batch',
      'POST /v1/transactions/{id}/refund', 'GET /v1/customers/{id}/balance', 'GET /v1/customers/{id}/ledger', 'GET /v1/customers/{id}/lots',
      'POST /v1/customers/{id}/redemptions', 'POST /v1/programs/{name}/versions', 'POST /v1/programs/{name}/versions/{v}/publish',
      'POST /v1/programs/{name}/rollback', 'GET /v1/programs/{name}/versions', 'GET /v1/programs/{name}/versions/{v}',
      'GET /healthz', 'GET /readyz', 'GET /metrics', 'GET /openapi.json', 'GET /docs']) {
      expect(documented.has(must), must).toBe(true);
    }
  });

  it('every error response is problem+json with the Problem schema', async () => {
    const h = await harness();
    const doc = await (await h.call('GET', '/openapi.json', { key: null })).json() as any;
    const op = doc.paths['/v1/customers/{id}/redemptions'].post;
    expect(Object.keys(op.responses)).toEqual(expect.arrayContaining(['200', '201', '400', '401', '404', '409', '413', '429']));
    expect(op.responses['409'].content['application/problem+json'].schema).toEqual({ $ref: '#/components/schemas/Problem' });
    expect(op.parameters.find((p: any) => p.name === 'idempotency-key')).toMatchObject({ in: 'header', required: true });
    // A currency the customer cannot redeem is a 400 of its own type, listed with the route and the catalogue.
    expect(op.responses['400'].description).toContain('`currency-not-redeemable`');
    expect(doc['x-problem-types']['https://accrue.dev/problems/currency-not-redeemable']).toMatchObject({ status: 400 });
  });
});
