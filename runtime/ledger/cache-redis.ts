// The Redis write-through cache. One Lua script applies a customer's change atomically and
// field by field compares the write version (`<version>|<value>`), so writes that arrive out
// of order settle on the newest. Redis being slow, down or flushed never fails a caller:
// errors are counted and the ledger reads Postgres instead.
import { Redis } from 'ioredis';
import type { Asset } from './amount.ts';
import { balanceKey, counterField, counterKey, counterValue, customerHashKey, programKey, type Cache, type CustomerWrite, type ProgramWrite, type Versioned } from './cache.ts';

// KEYS are hashes; for each, three ARGV: the write version, the TTL (ms, 0 = none) and its
// fields packed as `<bytes>:<field><bytes>:<value>…` (length-prefixed, so any text is safe).
// One call writes a whole batch: one HMGET and one HSET per hash, whatever its field count.
const CAS_WRITE = `
local written = 0
for k = 1, #KEYS do
  local base = (k - 1) * 3
  local vs = ARGV[base + 1]
  local v = tonumber(vs)
  local ttl = tonumber(ARGV[base + 2])
  local s = ARGV[base + 3]
  local fields, values = {}, {}
  local p, n = 1, #s
  while p <= n do
    local c = string.find(s, ':', p, true)
    local len = tonumber(string.sub(s, p, c - 1))
    fields[#fields + 1] = string.sub(s, c + 1, c + len)
    p = c + len + 1
    c = string.find(s, ':', p, true)
    len = tonumber(string.sub(s, p, c - 1))
    values[#values + 1] = string.sub(s, c + 1, c + len)
    p = c + len + 1
  end
  if #fields > 0 then
    local cur = redis.call('HMGET', KEYS[k], unpack(fields))
    local set = {}
    for j = 1, #fields do
      local cv = -1
      local cell = cur[j]
      if cell then
        local sep = string.find(cell, '|', 1, true)
        if sep then cv = tonumber(string.sub(cell, 1, sep - 1)) or -1 end
      end
      if cv <= v then
        set[#set + 1] = fields[j]
        set[#set + 1] = vs .. '|' .. values[j]
        written = written + 1
      end
    end
    if #set > 0 then redis.call('HSET', KEYS[k], unpack(set)) end
    if ttl > 0 then redis.call('PEXPIRE', KEYS[k], ttl) end
  end
end
return written
`;

type CasRedis = Redis & { casWrite(numKeys: number, ...args: (string | number)[]): Promise<number> };

export interface RedisCacheOptions {
  readonly url: string;
  /** Prepended to every key (tests use one prefix each). */
  readonly prefix?: string;
  /** Entries expire after this long without writes (ms); 0 = never. Default one hour. */
  readonly ttlMs?: number;
  /** Per-command timeout (ms). Default 250. */
  readonly commandTimeoutMs?: number;
}

export class RedisCache implements Cache {
  readonly kind = 'redis' as const;
  /** Commands that failed (Redis down, slow or flushed mid-script); the ledger carried on. */
  errors = 0;
  private readonly redis: CasRedis;
  private readonly prefix: string;
  private readonly ttlMs: number;

  constructor(options: RedisCacheOptions) {
    this.prefix = options.prefix ?? 'accrue:';
    this.ttlMs = options.ttlMs ?? 3_600_000;
    this.redis = new Redis(options.url, {
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      commandTimeout: options.commandTimeoutMs ?? 250,
      connectTimeout: 500,
      retryStrategy: (attempt) => Math.min(50 * attempt, 1000),
      lazyConnect: true,
    }) as CasRedis;
    this.redis.on('error', () => {
      this.errors++;
    });
    this.redis.defineCommand('casWrite', { lua: CAS_WRITE });
  }

  /** Connects, waiting at most `timeoutMs`; an unreachable Redis leaves the cache degraded, not broken. */
  async connect(timeoutMs = 1000): Promise<boolean> {
    const connected = this.redis.connect().then(() => true, () => false);
    const timer = new Promise<boolean>((resolve) => setTimeout(resolve, timeoutMs, false).unref());
    return Promise.race([connected, timer]);
  }

  async write(customers: readonly CustomerWrite[], programs: readonly ProgramWrite[]): Promise<void> {
    if (customers.length === 0 && programs.length === 0) return;
    if (this.redis.status !== 'ready') {
      this.errors++;
      return;
    }
    // Hashes per script call: one call per batch, split so no single script runs long.
    const keys: string[] = [];
    const args: string[] = [];
    const calls: Promise<unknown>[] = [];
    const flush = () => {
      if (keys.length === 0) return;
      calls.push(this.redis.casWrite(keys.length, ...keys, ...args));
      keys.length = 0;
      args.length = 0;
    };
    const add = (key: string, version: number, ttl: number, balances: Readonly<Record<string, string>> | undefined, counters: Readonly<Record<string, string>>) => {
      // A customer's hash: balances as `b:<asset>`, counters as `k:<field>`; a program's: counters as they are.
      const packed = balances ? pack(balances, 'b:') + pack(counters, 'k:') : pack(counters, '');
      if (packed === '') return;
      keys.push(key);
      args.push(String(version), String(ttl), packed);
      if (keys.length >= CHUNK) flush();
    };
    for (const c of customers) add(this.prefix + customerHashKey(c.tenant, c.customerId), c.version, this.ttlMs, c.balances, c.counters);
    for (const p of programs) add(this.prefix + programKey(p.tenant), p.version, 0, undefined, p.counters);
    flush();
    const results = await Promise.allSettled(calls);
    for (const r of results) if (r.status === 'rejected') this.errors++;
  }

  async balances(tenant: string, customerId: string): Promise<Record<Asset, Versioned> | undefined> {
    try {
      if (this.redis.status !== 'ready') return undefined;
      const raw = await this.redis.hgetall(this.prefix + customerHashKey(tenant, customerId));
      const out: Record<Asset, Versioned> = {};
      let any = false;
      for (const [field, cell] of Object.entries(raw)) {
        if (!field.startsWith('b:')) continue;
        const asset = field.slice(2);
        const v = parseCell(cell);
        if (!v) return undefined;
        out[asset] = v;
        any = true;
      }
      return any ? out : undefined;
    } catch {
      this.errors++;
      return undefined;
    }
  }

  async counters(tenant: string, customerId: string, customerKeys: readonly string[], programKeys: readonly string[]) {
    const none = { customer: customerKeys.map(() => undefined), program: programKeys.map(() => undefined) };
    if (this.redis.status !== 'ready') return none;
    try {
      const customerFields = customerKeys.map(counterField);
      const programFields = programKeys.map(counterField);
      const [c, p] = await Promise.all([
        customerKeys.length ? this.redis.hmget(this.prefix + customerHashKey(tenant, customerId), ...customerFields.map((f) => `k:${f.field}`)) : [],
        programKeys.length ? this.redis.hmget(this.prefix + programKey(tenant), ...programFields.map((f) => f.field)) : [],
      ]);
      return {
        customer: customerFields.map((f, i) => (c[i] ? counterValue(parseCell(c[i]!)?.value, f.index) : undefined)),
        program: programFields.map((f, i) => (p[i] ? counterValue(parseCell(p[i]!)?.value, f.index) : undefined)),
      };
    } catch {
      this.errors++;
      return none;
    }
  }

  async invalidate(tenant: string, customerId: string): Promise<boolean> {
    try {
      // (and the two hashes versions before 7 kept, in case they are still there)
      await this.redis.del(this.prefix + customerHashKey(tenant, customerId), this.prefix + balanceKey(tenant, customerId), this.prefix + counterKey(tenant, customerId));
      return true;
    } catch {
      this.errors++;
      return false;
    }
  }

  async close(): Promise<void> {
    this.redis.disconnect();
  }
}

const CHUNK = 256;
const NON_ASCII = /[^\x00-\x7f]/;

/** `<bytes>:<prefix><field><bytes>:<value>…` — what CAS_WRITE unpacks (lengths in UTF-8 bytes). */
function pack(fields: Readonly<Record<string, string>>, prefix: string): string {
  let out = '';
  for (const field in fields) {
    const value = fields[field]!;
    out += `${prefix.length + field.length}:${prefix}${field}${value.length}:${value}`;
  }
  if (!NON_ASCII.test(out)) return out;
  out = '';
  for (const field in fields) {
    const value = fields[field]!;
    out += `${Buffer.byteLength(prefix + field)}:${prefix}${field}${Buffer.byteLength(value)}:${value}`;
  }
  return out;
}

function parseCell(cell: string): Versioned | undefined {
  const sep = cell.indexOf('|');
  if (sep < 0) return undefined;
  const version = Number(cell.slice(0, sep));
  return Number.isFinite(version) ? { version, value: cell.slice(sep + 1) } : undefined;
}
