// FIFO, model-based: random sequences of earn, redeem, advance the clock, expire and refund run
// against the ledger and against a few lines of in-memory model; after every step the balance
// and every lot's remaining amount must agree.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openLedger, type Ledger } from '../../../runtime/ledger/index.ts';
import { DATABASE_URL, postgresAvailable } from '../../support/db.ts';
import { useFreshSchema } from '../../support/hooks.ts';
import { fakeEvaluator } from '../../support/fake-evaluator.ts';

const DAY = 86_400_000;

interface ModelLot { txn: string; earned: number; remaining: number; expired: number; expiresAt: number; seq: number; refunded: boolean }
interface Model { now: number; balance: number; lots: ModelLot[]; nextId: number }
interface Real { ledger: Ledger; tenant: string; setNow(ms: number): void }

const fifo = (lots: ModelLot[]) => [...lots].sort((a, b) => a.expiresAt - b.expiresAt || a.seq - b.seq);

function expireModel(m: Model, asOf: number): void {
  for (const lot of m.lots) {
    if (lot.remaining > 0 && lot.expiresAt <= asOf) {
      m.balance -= lot.remaining;
      lot.expired += lot.remaining;
      lot.remaining = 0;
    }
  }
}

async function check(m: Model, r: Real): Promise<void> {
  expect(Number((await r.ledger.balance(r.tenant, 'c')).points)).toBe(m.balance);
  const lots = await r.ledger.lots(r.tenant, 'c', { all: true });
  expect(lots.map((l) => [l.transactionId, Number(l.remaining)]).sort()).toEqual(m.lots.map((l) => [l.txn, l.remaining]).sort());
}

class Earn implements fc.AsyncCommand<Model, Real> {
  constructor(readonly amount: number, readonly expiryDays: number) {}
  check = () => true;
  async run(m: Model, r: Real) {
    const id = `e${m.nextId++}`;
    const res = await r.ledger.post({ tenant: r.tenant, customerId: 'c', txn: { id, time: new Date(m.now).toISOString(), amount: this.amount }, customer: {}, evaluator: fakeEvaluator({ expiryDays: this.expiryDays }) });
    expect(res.ok).toBe(true);
    const d = new Date(m.now);
    const debt = Math.max(0, -m.balance);
    m.lots.push({ txn: id, earned: this.amount, remaining: this.amount - Math.min(this.amount, debt), expired: 0, expiresAt: Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() + 1 + this.expiryDays), seq: m.nextId, refunded: false });
    m.balance += this.amount;
    await check(m, r);
  }
  toString = () => `earn(${this.amount}, ${this.expiryDays}d)`;
}

class Redeem implements fc.AsyncCommand<Model, Real> {
  constructor(readonly amount: number) {}
  check = () => true;
  async run(m: Model, r: Real) {
    const res = await r.ledger.redeem({ tenant: r.tenant, customerId: 'c', amount: this.amount });
    expireModel(m, m.now);
    if (m.balance < this.amount) {
      expect(res).toMatchObject({ ok: false, error: { code: 'insufficient_balance', balance: String(m.balance) } });
    } else {
      expect(res.ok).toBe(true);
      let left = this.amount;
      for (const lot of fifo(m.lots)) {
        const take = Math.min(left, lot.remaining);
        lot.remaining -= take;
        left -= take;
      }
      m.balance -= this.amount;
    }
    await check(m, r);
  }
  toString = () => `redeem(${this.amount})`;
}

class Advance implements fc.AsyncCommand<Model, Real> {
  constructor(readonly days: number) {}
  check = () => true;
  async run(m: Model, r: Real) {
    m.now += this.days * DAY;
    r.setNow(m.now);
  }
  toString = () => `advance(${this.days}d)`;
}

class Expire implements fc.AsyncCommand<Model, Real> {
  check = () => true;
  async run(m: Model, r: Real) {
    await r.ledger.expire({ asOf: new Date(m.now), tenant: r.tenant });
    expireModel(m, m.now);
    await check(m, r);
  }
  toString = () => 'expire';
}

class Refund implements fc.AsyncCommand<Model, Real> {
  constructor(readonly pick: number) {}
  check = (m: Readonly<Model>) => m.lots.some((l) => !l.refunded);
  async run(m: Model, r: Real) {
    const open = m.lots.filter((l) => !l.refunded);
    const lot = open[this.pick % open.length]!;
    const res = await r.ledger.refund({ tenant: r.tenant, transactionId: lot.txn });
    expect(res.ok).toBe(true);
    const owed = lot.earned - lot.expired;
    let shortfall = owed - lot.remaining;
    lot.remaining = 0;
    lot.refunded = true;
    for (const other of fifo(m.lots)) {
      if (other === lot || shortfall === 0) continue;
      const take = Math.min(shortfall, other.remaining);
      other.remaining -= take;
      shortfall -= take;
    }
    m.balance -= owed;
    await check(m, r);
  }
  toString = () => `refund(#${this.pick})`;
}

const commands = [
  fc.tuple(fc.integer({ min: 1, max: 300 }), fc.integer({ min: 1, max: 60 })).map(([a, d]) => new Earn(a, d)),
  fc.integer({ min: 1, max: 400 }).map((a) => new Redeem(a)),
  fc.integer({ min: 1, max: 40 }).map((d) => new Advance(d)),
  fc.constant(new Expire()),
  fc.nat(20).map((p) => new Refund(p)),
];

const available = await postgresAvailable();
describe.skipIf(!available)('FIFO against a model', () => {
  const schema = useFreshSchema();
  let ledger: Ledger;
  let now = 0;
  beforeAll(async () => {
    ledger = await openLedger({ databaseUrl: DATABASE_URL, schema: schema.name, cache: 'none', now: () => new Date(now) });
  });
  afterAll(async () => { await ledger?.close(); });

  it('earn, redeem, advance the clock, expire and refund agree with the model', async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(fc.commands(commands, { maxCommands: 30 }), async (cmds) => {
        const start = Date.UTC(2026, 0, 1, 12);
        now = start;
        const real: Real = { ledger, tenant: `fifo-${run++}`, setNow: (ms) => { now = ms; } };
        await fc.asyncModelRun(() => ({ model: { now: start, balance: 0, lots: [], nextId: 0 }, real }), cmds);
        expect((await ledger.reconcile({ tenant: real.tenant })).ok).toBe(true);
      }),
      { numRuns: 60 },
    );
  });
});
