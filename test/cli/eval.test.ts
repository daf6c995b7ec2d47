// `accrue eval`: compiles a program, evaluates one transaction, prints the explained outcome.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runEval } from '../../cli/eval.ts';
import type { Outcome } from '../../runtime/outcome.ts';

const PROGRAM = `program "Eval test" {
  currency USD
  timezone "UTC"
}

schema {
  transaction {
    amount: money
    category: enum(dining, travel)
    kind: enum(purchase, refund)
    note: string
  }
  customer {
    tier: enum(basic, gold)
  }
}

exclude refunds "Refunds earn nothing" when kind = refund

group category_bonus "One category bonus"

rule dining "Dining" {
  priority 10
  group category_bonus
  when category = dining
  reward points 3 per 1 USD of amount
  cap 280 points per transaction
}

rule any_bonus "Any purchase" {
  priority 20
  group category_bonus
  when amount > 1 USD
  reward points 150
}

rule travel "Travel" {
  when category = travel
  when amount >= 10 USD
  reward points 2 per 1 USD of amount
}

rule notes "Notes" {
  exclude when amount < 5 USD
  when note = "gift"
  reward points 7
}

rule gold "Gold members" {
  when customer.tier = gold
  reward points 1 per 10 USD of amount
  cap 30 points per customer per month
}
`;

let dir: string;
let file: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'accrue-eval-'));
  file = join(dir, 'program.accrue');
  writeFileSync(file, PROGRAM);
  writeFileSync(join(dir, 'broken.accrue'), PROGRAM.replace('when category = travel', 'when categry = travel'));
  writeFileSync(join(dir, 'txn.json'), JSON.stringify({ id: 'from-file', time: '2026-03-01T12:00:00Z', amount: 100, category: 'dining', kind: 'purchase', note: 'gift' }));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const txn = (over: Record<string, unknown> = {}) => JSON.stringify({ id: 't1', time: '2026-03-01T12:00:00Z', amount: 100, category: 'dining', kind: 'purchase', note: 'x', ...over });

async function run(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runEval(argv, { out: (t) => { out += t; }, err: (t) => { err += t; } });
  return { code, out, err };
}

const lineOf = (out: string, rule: string) => out.split('\n').find((l) => new RegExp(`^ +[A-Z_]+ +${rule} `).test(l))?.trim().replace(/ {2,}/g, '  ');

describe('accrue eval', () => {
  it('prints the header, totals and one explained line per rule', async () => {
    const r = await run(file, '--txn', txn(), '--customer', '{"tier":"basic"}');
    expect(r.code).toBe(0);
    expect(r.err).toBe('');
    const [header, totals] = r.out.split('\n');
    expect(header).toMatch(/^Eval test {2}version [0-9a-f]+ {2}transaction t1 at 2026-03-01T12:00:00Z$/);
    expect(totals).toBe('totals: 280 points');
    expect(lineOf(r.out, 'dining')).toBe('APPLIED  dining  +280 points (capped by rule:dining:transaction:txn:points, cut 20)');
    expect(lineOf(r.out, 'any_bonus')).toBe('BLOCKED  any_bonus  by group category_bonus (rule dining) — would have given 150 points');
    expect(lineOf(r.out, 'travel')).toBe('NOT_APPLICABLE  travel  when category = travel  — category was dining');
    expect(lineOf(r.out, 'notes')).toBe('NOT_APPLICABLE  notes  when note = "gift"  — note was "x"');
    expect(lineOf(r.out, 'gold')).toBe('NOT_APPLICABLE  gold  when customer.tier = gold  — customer.tier was basic');
    expect(r.out).toContain('earned:\n  280 points from dining, never expires');
  });

  it('explains the failing condition with observed money values, exclusions, and caps from the state', async () => {
    const small = await run(file, '--txn', txn({ amount: 3, category: 'travel' }), '--customer', '{"tier":"gold"}', '--state', '{"counters":{"cap:rule:gold:customer:month:points:month:2026-03":29}}');
    expect(lineOf(small.out, 'travel')).toBe('NOT_APPLICABLE  travel  when amount >= 10 USD  — amount was 3.00 USD');
    expect(lineOf(small.out, 'notes')).toBe('EXCLUDED  notes  by its exclude when amount < 5 USD');
    expect(lineOf(small.out, 'any_bonus')).toBe('APPLIED  any_bonus  +150 points');
    const capped = await run(file, '--txn', txn(), '--customer', '{"tier":"gold"}', '--state', '{"counters":{"cap:rule:gold:customer:month:points:month:2026-03":25}}');
    expect(lineOf(capped.out, 'gold')).toBe('APPLIED  gold  +5 points (capped by rule:gold:customer:month:points, cut 5)');
    expect(capped.out).toContain('counters:\n');
    const full = await run(file, '--txn', txn(), '--customer', '{"tier":"gold"}', '--state', '{"cap:rule:gold:customer:month:points:month:2026-03":30}');
    expect(lineOf(full.out, 'gold')).toBe('BLOCKED  gold  by cap rule:gold:customer:month:points — would have given 10 points');
    const refund = await run(file, '--txn', txn({ kind: 'refund' }), '--customer', '{"tier":"gold"}');
    expect(lineOf(refund.out, 'dining')).toBe('EXCLUDED  dining  by exclusion refunds (when kind = refund)');
  });

  it('--json prints the Outcome; --fast lists APPLIED rules only; the interpreter agrees', async () => {
    const json = await run(file, '--txn', txn(), '--customer', '{"tier":"basic"}', '--json');
    const outcome = JSON.parse(json.out) as Outcome;
    expect(outcome.transactionId).toBe('t1');
    expect(outcome.totals.points).toBe(280);
    expect(outcome.rules.map((r) => r.state)).toContain('BLOCKED');
    const interpreted = await run(file, '--txn', txn(), '--customer', '{"tier":"basic"}', '--json', '--interpreter');
    expect(JSON.parse(interpreted.out)).toEqual(outcome);
    const fast = await run(file, '--txn', txn(), '--customer', '{"tier":"basic"}', '--fast');
    expect(fast.out).toContain('APPLIED');
    expect(fast.out).not.toMatch(/NOT_APPLICABLE|BLOCKED/);
  });

  it('reads --txn @file; --include and --exclude', async () => {
    const r = await run(file, '--txn', `@${join(dir, 'txn.json')}`, '--customer', '{"tier":"basic"}', '--exclude', 'dining');
    expect(r.out).toContain('transaction from-file');
    expect(lineOf(r.out, 'dining')).toBe('EXCLUDED  dining  by the request');
    expect(lineOf(r.out, 'any_bonus')).toBe('APPLIED  any_bonus  +150 points');
    const only = await run(file, '--txn', txn(), '--customer', '{"tier":"basic"}', '--include', 'travel');
    expect(lineOf(only.out, 'dining')).toBe('EXCLUDED  dining  by the request');
    // A rule the program lacks is refused, as the API's 400 does: a misspelt --include would quote zero.
    const misspelt = await run(file, '--txn', txn(), '--customer', '{"tier":"basic"}', '--include', 'travel,nope', '--exclude', 'dinning');
    expect(misspelt.code).toBe(1);
    expect(misspelt.out).toBe('');
    expect(misspelt.err).toContain('--include: "nope" is not a rule of');
    expect(misspelt.err).toContain('--exclude: "dinning" is not a rule of');
  });

  it('prints diagnostics like `accrue check` and exits 1 when the program has errors', async () => {
    const r = await run(join(dir, 'broken.accrue'), '--txn', txn());
    expect(r.code).toBe(1);
    expect(r.out).toBe('');
    expect(r.err).toMatch(/broken\.accrue:\d+:\d+: error ACC100 /);
    expect(r.err).toContain('^^^^^^^');
    expect(r.err).toContain('nothing evaluated');
  });

  it('malformed --txn JSON: a positioned message and a hint, exit 2', async () => {
    const quotes = await run(file, '--txn', "{'id': 't1'}");
    expect(quotes.code).toBe(2);
    expect(quotes.err).toContain('--txn is not valid JSON (column 2)');
    expect(quotes.err).toContain("  {'id': 't1'}\n   ^");
    expect(quotes.err).toContain('hint: JSON strings and keys take double quotes');
    const comma = await run(file, '--txn', '{"id": "t1",\n}');
    expect(comma.err).toContain('(line 2, column 1)');
    expect(comma.err).toContain('trailing comma');
    const fileName = await run(file, '--txn', 'txn.json');
    expect(fileName.err).toContain('hint: to read a file, write --txn @txn.json');
    const missing = await run(file, '--txn', '@/no/such/file.json');
    expect(missing).toMatchObject({ code: 2, err: expect.stringContaining('cannot read /no/such/file.json: no such file') });
    const arr = await run(file, '--txn', '[1]');
    expect(arr.err).toContain('accrue eval: --txn must be a JSON object, not an array');
    const time = await run(file, '--txn', '{"id":"t","time":"yesterday"}');
    expect(time).toMatchObject({ code: 1, err: expect.stringContaining('--txn time: must be an ISO-8601 timestamp') });
    const state = await run(file, '--txn', txn(), '--state', '{"counters":{"k":"x"}}');
    expect(state.code).toBe(2);
  });

  it('refuses fields that do not fit the schema, naming each, exit 1; defaults id and time', async () => {
    const r = await run(file, '--txn', '{"amount": true, "category": "sushi", "extra": 1}', '--customer', '{}');
    expect(r.code).toBe(1);
    expect(r.out).toBe('');
    expect(r.err).toContain('note: --txn has no "id": using "cli"');
    expect(r.err).toContain('note: --txn has no "time": using now');
    expect(r.err).toContain('  --txn amount: must be an amount in USD, a number or a decimal string such as "12.50"\n');
    expect(r.err).toContain('  --txn category: must be one of dining, travel\n');
    expect(r.err).toContain("  --txn extra: is not a field of the program's schema\n");
    expect(r.err).toContain('  --customer tier: is required\n');
    expect(r.err).toContain('nothing evaluated');
    const defaults = await run(file, '--txn', '{"amount": 10, "category": "dining", "kind": "purchase", "note": "x"}', '--customer', '{"tier": "basic"}');
    expect(defaults.code).toBe(0);
    expect(defaults.out).toContain('transaction cli at ');
  });

  it('refuses money with more decimals than its currency, as the API does (no silent "gave nothing")', async () => {
    const r = await run(file, '--txn', txn({ amount: '12.001' }), '--customer', '{"tier":"gold","vip":true}');
    expect(r.code).toBe(1);
    expect(r.err).toContain('accrue eval: the input does not fit the schema of');
    expect(r.err).toContain('(the API would answer 400)');
    // transaction and customer problems together
    expect(r.err).toContain('  --txn amount: must be an amount in USD with at most 2 decimals\n');
    expect(r.err).toContain("  --customer vip: is not a field of the program's schema\n");
    expect(r.out).not.toContain('gave nothing');
    const noOffset = await run(file, '--txn', txn({ time: '2026-03-01T12:00:00' }));
    expect(noOffset.err).toContain('  --txn time: needs an offset or Z, e.g. 2026-03-01T12:00:00Z\n');
    expect(noOffset.code).toBe(1);
  });

  it('prints dates unquoted, from a field or from a call', async () => {
    const dated = join(dir, 'dated.accrue');
    writeFileSync(dated, `program "Dates" {
  currency USD
  timezone "UTC"
}

schema {
  transaction {
    amount: money
  }
  customer {
    opened_on: date
  }
}

rule welcome "Welcome" {
  when days_between(customer.opened_on, date(time)) <= 90
  reward points 100
}
`);
    const r = await run(dated, '--txn', JSON.stringify({ id: 't', time: '2026-11-28T12:00:00Z', amount: 5 }), '--customer', '{"opened_on":"2020-01-01"}');
    expect(r.code).toBe(0);
    expect(r.out).toContain('customer.opened_on was 2020-01-01');
    expect(r.out).toContain('date(time) was 2026-11-28');
    expect(r.out).not.toMatch(/was "\d{4}-/);
  });

  it('prints only the totals a program gives: no "0 points" for a cashback-only program', async () => {
    const cash = join(dir, 'cash.accrue');
    writeFileSync(cash, `program "Cash" {
  currency USD
  timezone "UTC"
}

schema {
  transaction {
    amount: money
  }
}

rule back "Cashback" {
  when amount >= 10 USD
  reward cashback 1% of amount
}
`);
    const some = await run(cash, '--txn', JSON.stringify({ id: 't', time: '2026-03-01T12:00:00Z', amount: 50 }));
    expect(some.out.split('\n')[1]).toBe('totals: cashback 0.50 USD');
    const none = await run(cash, '--txn', JSON.stringify({ id: 't', time: '2026-03-01T12:00:00Z', amount: 5 }));
    expect(none.out.split('\n')[1]).toBe('totals: nothing');
    const points = await run(file, '--txn', txn({ category: 'travel', amount: 1 }), '--customer', '{"tier":"basic"}');
    expect(points.out.split('\n')[1]).toMatch(/^totals: \d+ points?$/);
  });

  it('usage errors exit 2', async () => {
    expect((await run()).code).toBe(2);
    expect((await run(file)).err).toContain('no transaction given (--txn)');
    expect((await run(file, '--txn', '{}', '--bogus')).err).toContain('unknown option --bogus');
    expect((await run(join(dir, 'none.accrue'), '--txn', '{}')).err).toContain('no such file');
  });

  it('evaluates an example program from rules-examples', async () => {
    const r = await run('rules-examples/credit-card/credit-card.accrue', '--txn',
      '{"id":"t-1001","time":"2026-03-01T12:00:00Z","amount":120.5,"mcc":"5812","merchant":"Bistro","category":"dining","kind":"purchase","channel":"in_store","country":"US"}',
      '--customer', '{"tier":"preferred","opened_on":"2020-01-01","autopay":true,"employee":false,"activated_quarters":["2026-Q1"]}');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/APPLIED +base_points +\+120 points/);
    expect(r.out).toMatch(/NOT_APPLICABLE +travel +when category = travel {2}— category was dining/);
  });
});
