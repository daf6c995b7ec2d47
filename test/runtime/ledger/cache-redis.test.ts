// The Redis cache's writes, against a real Redis: writes that arrive out of order settle on the
// newest value of every field, even when each write carries only some of the fields; entries
// still expire; hashes written by the code before the hash-level version are handled; any text
// survives the trip.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { RedisCache } from '../../../runtime/ledger/cache-redis.ts';
import { MemoryCache, customerHashKey, type CustomerWrite } from '../../../runtime/ledger/cache.ts';
import { REDIS_URL, redisAvailable } from '../../support/db.ts';
import { useRedisPrefix } from '../../support/hooks.ts';

const available = await redisAvailable();

describe.skipIf(!available)('Redis cache writes', () => {
  const prefix = useRedisPrefix();
  let cache: RedisCache;
  let redis: Redis;
  beforeAll(async () => {
    cache = new RedisCache({ url: REDIS_URL, prefix, ttlMs: 60_000 });
    await cache.connect();
    redis = new Redis(REDIS_URL);
  });
  afterAll(async () => {
    await cache.close();
    redis.disconnect();
  });

  const write = (customerId: string, version: number, balances: Record<string, string>, counters: Record<string, string> = {}) =>
    cache.write([{ tenant: 't', customerId, version, balances, counters }], []);
  const counter = async (customerId: string, key: string) => (await cache.counters('t', customerId, [key], [])).customer[0];

  it('a late write does not overwrite the newer values a later write already put there', async () => {
    await write('late', 12, { points: '120' }, { 'p|cap:a': '7' });
    await write('late', 11, { points: '110' }, { 'p|cap:a': '6' });
    expect(await cache.balances('t', 'late')).toEqual({ points: { version: 12, value: '120' } });
    expect(await counter('late', 'p|cap:a')).toBe('7');
    expect(cache.errors).toBe(0);
  });

  it('a late write still fills in the fields the newer write did not carry, and only those', async () => {
    // Batch 10 wrote a and b; batch 12 changed only a; batch 11 (changed a and b) arrives last.
    await write('partial', 10, { points: '100' }, { 'p|cap:a': '1', 'p|cap:b': '1' });
    await write('partial', 12, { points: '120' }, { 'p|cap:a': '3' });
    await write('partial', 11, { points: '110' }, { 'p|cap:a': '2', 'p|cap:b': '2' });
    expect(await counter('partial', 'p|cap:a')).toBe('3');
    expect(await counter('partial', 'p|cap:b')).toBe('2');
    expect((await cache.balances('t', 'partial'))?.points).toEqual({ version: 12, value: '120' });
    // And a write older than every field changes nothing.
    await write('partial', 9, { points: '90' }, { 'p|cap:a': '0', 'p|cap:b': '0' });
    expect([await counter('partial', 'p|cap:a'), await counter('partial', 'p|cap:b')]).toEqual(['3', '2']);
  });

  it('a counter the newer write marked unknown is not brought back by a late write', async () => {
    await write('tomb', 20, { points: '1' }, { 'p|cap:a': '?' });
    await write('tomb', 19, { points: '1' }, { 'p|cap:a': '5' });
    expect(await counter('tomb', 'p|cap:a')).toBeUndefined();
  });

  it('writes in order replace every field they carry, the same version included', async () => {
    await write('inorder', 1, { points: '1', USD: '0.10' }, { 'p|cap:a': '1' });
    await write('inorder', 2, { points: '2', USD: '0.20' }, { 'p|cap:a': '2' });
    await write('inorder', 2, { points: '2', USD: '0.25' });
    expect(await cache.balances('t', 'inorder')).toEqual({ points: { version: 2, value: '2' }, USD: { version: 2, value: '0.25' } });
    expect(await counter('inorder', 'p|cap:a')).toBe('2');
  });

  it('writes of partial field sets in any order end where the in-process cache ends: each field at its newest', async () => {
    let seed = 7;
    const random = (n: number) => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) % n);
    const fields = ['p|cap:a', 'p|cap:b', 'p|cap:c', 'agg:points:month:2026-11', 'agg:spend:month:2026-11', 'p|cap:d'];
    for (let round = 0; round < 20; round++) {
      const customerId = `shuffle${round}`;
      const writes: CustomerWrite[] = [];
      for (let version = 1; version <= 12; version++) {
        const counters: Record<string, string> = {};
        for (const f of fields) if (random(3) === 0) counters[f] = random(5) === 0 ? '?' : String(version * 10 + random(10));
        writes.push({ tenant: 't', customerId, version, balances: { points: String(version) }, counters });
      }
      for (let i = writes.length - 1; i > 0; i--) {
        const j = random(i + 1);
        [writes[i], writes[j]] = [writes[j]!, writes[i]!];
      }
      const model = new MemoryCache();
      // One at a time or several in one call (the same hash more than once in a script).
      for (let i = 0; i < writes.length; ) {
        const group = writes.slice(i, (i += 1 + random(3)));
        await cache.write(group, []);
        await model.write(group, []);
      }
      expect(await cache.balances('t', customerId)).toEqual(await model.balances('t', customerId));
      expect(await cache.counters('t', customerId, fields, [])).toEqual(await model.counters('t', customerId, fields, []));
    }
    expect(cache.errors).toBe(0);
  });

  it('a new entry expires after the TTL, and every write pushes its expiry back', async () => {
    const key = prefix + customerHashKey('t', 'ttl');
    await write('ttl', 1, { points: '1' });
    const first = await redis.pttl(key);
    expect(first).toBeGreaterThan(50_000);
    expect(first).toBeLessThanOrEqual(60_000);
    await redis.pexpire(key, 5_000);
    await write('ttl', 2, { points: '2' });
    expect(await redis.pttl(key)).toBeGreaterThan(50_000);
    // An overtaken write too: the entry was just written.
    await redis.pexpire(key, 5_000);
    await write('ttl', 1, { points: '1' });
    expect(await redis.pttl(key)).toBeGreaterThan(50_000);
  });

  it('an entry written before the hash-level version: a late write still loses to newer fields', async () => {
    // What the code before `_v` left: versioned fields, no `_v`.
    const key = prefix + customerHashKey('t', 'legacy');
    await redis.hset(key, 'b:points', '30|300', 'k:p|cap:a', '28|3', 'k:p|cap:b', '25|2');
    await write('legacy', 27, { points: '270' }, { 'p|cap:a': '9', 'p|cap:b': '9' });
    expect(await cache.balances('t', 'legacy')).toEqual({ points: { version: 30, value: '300' } });
    expect([await counter('legacy', 'p|cap:a'), await counter('legacy', 'p|cap:b')]).toEqual(['3', '9']);
    // Still field by field: newer than one field, older than another.
    await write('legacy', 29, { points: '290' }, { 'p|cap:a': '8' });
    expect((await cache.balances('t', 'legacy'))?.points?.value).toBe('300');
    expect(await counter('legacy', 'p|cap:a')).toBe('8');
    // A write newer than every field replaces everything it carries.
    await write('legacy', 31, { points: '310' }, { 'p|cap:a': '4' });
    expect((await cache.balances('t', 'legacy'))?.points?.value).toBe('310');
    expect(await counter('legacy', 'p|cap:a')).toBe('4');
  });

  it('non-ASCII customers, assets, counters and values round-trip', async () => {
    await write('clienté-😀', 5, { points: '5', 'PUNTÖ': '1.5' }, { 'Programm «Ü»|cap:a': '3' });
    expect(await cache.balances('t', 'clienté-😀')).toEqual({ points: { version: 5, value: '5' }, 'PUNTÖ': { version: 5, value: '1.5' } });
    expect(await counter('clienté-😀', 'Programm «Ü»|cap:a')).toBe('3');
    expect(cache.errors).toBe(0);
  });

  it('a batch of many customers in one call, and program counters alongside', async () => {
    const customers = Array.from({ length: 600 }, (_, i) => ({ tenant: 't', customerId: `many${i}`, version: 40, balances: { points: String(i) }, counters: { 'p|cap:a': String(i) } }));
    await cache.write(customers, [{ tenant: 't', version: 40, counters: { 'p|budget': '77' } }]);
    expect((await cache.balances('t', 'many599'))?.points?.value).toBe('599');
    expect(await counter('many321', 'p|cap:a')).toBe('321');
    expect((await cache.counters('t', 'many0', [], ['p|budget'])).program).toEqual(['77']);
    expect(cache.errors).toBe(0);
  });

  it('after Redis forgets its scripts (a restart), the next write still lands', async () => {
    await redis.script('FLUSH');
    await write('restart', 1, { points: '1' });
    expect((await cache.balances('t', 'restart'))?.points?.value).toBe('1');
    expect(cache.errors).toBe(0);
  });
});
