// Hot-route answers: a stored outcome is spliced into the response, not serialized again.
import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { jsonSpliced } from '../../server/respond.ts';

const outcome = { programVersion: 'card@1', totals: { points: 12, cashback: { USD: '1.50' } }, rules: [{ rule: 'base', state: 'APPLIED', note: 'a "quoted" \u2028 text' }] };

async function answer(raw: string | undefined, body: Record<string, unknown>) {
  const app = new Hono().get('/', (c) => jsonSpliced(c, body, 'outcome', raw, 201));
  const res = await app.request('/');
  return { status: res.status, type: res.headers.get('content-type'), text: await res.text() };
}

describe('jsonSpliced', () => {
  it('answers the same JSON as serializing the whole body, with the stored text as the field', async () => {
    const spliced = await answer(JSON.stringify(outcome), { status: 'posted', replayed: false, outcome });
    expect(spliced).toMatchObject({ status: 201, type: 'application/json' });
    expect(spliced.text).toBe(JSON.stringify({ status: 'posted', replayed: false, outcome }));
  });

  it('uses the text it is given, not the object (the ledger stored that text)', async () => {
    const spliced = await answer('{"stored":true}', { status: 'posted', outcome: { stale: true } });
    expect(JSON.parse(spliced.text)).toEqual({ status: 'posted', outcome: { stored: true } });
  });

  it('serializes the object when there is no text, and a body of the one field alone', async () => {
    expect(JSON.parse((await answer(undefined, { status: 'posted', outcome })).text)).toEqual({ status: 'posted', outcome });
    expect((await answer('[1]', { outcome })).text).toBe('{"outcome":[1]}');
  });
});
