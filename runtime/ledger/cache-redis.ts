// The Redis write-through cache. One Lua script applies a customer's change atomically, and
// writes that arrive out of order settle on the newest, field by field: every field holds
// `<version>|<value>` and the hash's `_v` the newest version written to it. A write not older
// than `_v` is newer than every field and is applied with one HSET; an older one (rare: another
// process's write overtaken) compares each field's version as before. Redis being slow, down or
// flushed never fails a caller: errors are counted and the ledger reads Postgres instead.
import { Redis, Command } from 'ioredis';
import { createHash } from 'node:crypto';
import type { Asset } from './amount.ts';
import { balanceKey, counterKey, customerCounters, customerFields, customerHashKey, known, programKey, type Cache, type CustomerWrite, type ProgramWrite, type Versioned } from './cache.ts';

// KEYS are hashes; for each, ARGV holds the write version, the TTL (ms, 0 = none), the field
// count n, then n field/cell pairs, each cell already `<version>|<value>` (separate arguments:
// Redis parses them in C; scanning one packed string in Lua cost more than the rest).
// Invariant: every field's version ≤ `_v`. A hash without `_v` but with fields was written
// before `_v` existed: its newest field version stands in for it, and is recorded. A process
// still running that older code writes fields without moving `_v`, so while both kinds write the
// same customers a late write could replace a newer field: replace every instance together (or
// run `accrue reconcile` afterwards).
const CAS_WRITE = `
local find, sub, unpack = string.find, string.sub, unpack
local function version(cell)
  local sep = cell and find(cell, '|', 1, true)
  return sep and tonumber(sub(cell, 1, sep - 1)) or -1
end
local written = 0
local a = 1
for k = 1, #KEYS do
  local key = KEYS[k]
  local vs = ARGV[a]
  local v = tonumber(vs)
  local ttl = tonumber(ARGV[a + 1])
  local n = tonumber(ARGV[a + 2])
  a = a + 3
  local last = a + 2 * n - 1
  local hvs = redis.call('HGET', key, '_v')
  local hv
  if hvs then
    hv = tonumber(hvs) or math.huge
  elseif redis.call('EXISTS', key) == 0 then
    hv = -1
  else
    hv = -1
    local all = redis.call('HGETALL', key)
    for i = 2, #all, 2 do
      local cv = version(all[i])
      if cv > hv then hv, hvs = cv, sub(all[i], 1, find(all[i], '|', 1, true) - 1) end
    end
    if hvs and hv > v then redis.call('HSET', key, '_v', hvs) end
  end
  if hv <= v then
    redis.call('HSET', key, '_v', vs, unpack(ARGV, a, last))
    written = written + n
  else
    local fields = {}
    for j = 1, n do fields[j] = ARGV[a + 2 * j - 2] end
    local cur = redis.call('HMGET', key, unpack(fields))
    local set = {}
    for j = 1, n do
      if version(cur[j]) <= v then
        set[#set + 1] = fields[j]
        set[#set + 1] = ARGV[a + 2 * j - 1]
        written = written + 1
      end
    end
    if #set > 0 then redis.call('HSET', key, unpack(set)) end
  end
  if ttl > 0 then redis.call('PEXPIRE', key, ttl) end
  a = last + 1
end
return written
`;
const CAS_WRITE_SHA = createHash('sha1').update(CAS_WRITE).digest('hex');

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
  private readonly redis: Redis;
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
    });
    this.redis.on('error', () => {
      this.errors++;
    });
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
    // One script call per batch, split so no single script runs long.
    const hashes: HashWrite[] = [];
    const calls: Promise<unknown>[] = [];
    for (const c of customers) {
      hashes.push({ key: this.prefix + customerHashKey(c.tenant, c.customerId), version: c.version, ttl: this.ttlMs, balances: c.balances, counters: c.counters, counterPrefix: 'k:' });
      if (hashes.length === CHUNK) calls.push(this.casWrite(hashes.splice(0)));
    }
    for (const p of programs) {
      hashes.push({ key: this.prefix + programKey(p.tenant), version: p.version, ttl: 0, balances: undefined, counters: p.counters, counterPrefix: '' });
      if (hashes.length === CHUNK) calls.push(this.casWrite(hashes.splice(0)));
    }
    if (hashes.length > 0) calls.push(this.casWrite(hashes));
    const results = await Promise.allSettled(calls);
    for (const r of results) if (r.status === 'rejected') this.errors++;
  }

  /** EVALSHA of CAS_WRITE; after a Redis restart (NOSCRIPT), loads the script and sends it again. */
  private async casWrite(hashes: readonly HashWrite[]): Promise<void> {
    const command = evalshaCommand(hashes);
    if (command === undefined) return;
    try {
      await this.redis.sendCommand(new RawCommand(command));
    } catch (err) {
      if (!String((err as Error)?.message).includes('NOSCRIPT')) throw err;
      await this.redis.script('LOAD', CAS_WRITE);
      await this.redis.sendCommand(new RawCommand(command));
    }
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
      const fields = customerFields(customerKeys);
      const [c, p] = await Promise.all([
        customerKeys.length ? this.redis.hmget(this.prefix + customerHashKey(tenant, customerId), ...fields.map((f) => `k:${f}`)) : [],
        programKeys.length ? this.redis.hmget(this.prefix + programKey(tenant), ...programKeys) : [],
      ]);
      const cells = new Map(fields.map((f, i) => [f, c[i] ? parseCell(c[i]!)?.value : undefined]));
      return {
        customer: customerCounters(customerKeys, (f) => cells.get(f)),
        program: programKeys.map((_, i) => (p[i] ? known(parseCell(p[i]!)?.value) : undefined)),
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

interface HashWrite {
  readonly key: string;
  readonly version: number;
  readonly ttl: number;
  /** A customer's balances (`b:<asset>`); undefined for a program's hash. */
  readonly balances: Readonly<Record<string, string>> | undefined;
  readonly counters: Readonly<Record<string, string>>;
  /** `k:` in a customer's hash, none in a program's. */
  readonly counterPrefix: string;
}

/**
 * A command that goes out as the RESP text built here. ioredis encodes each argument on its own
 * (a byte length and a concatenation per argument); a batch's script call has ~40 arguments per
 * customer, and building the text in one pass costs a third of that.
 */
class RawCommand extends Command {
  constructor(private readonly resp: string) {
    super('evalsha', []);
  }

  override toWritable(): string {
    return this.resp;
  }
}

/** `EVALSHA <CAS_WRITE> <n> <keys…> <args…>` as RESP text, or undefined when no hash has a field to write. */
function evalshaCommand(hashes: readonly HashWrite[]): string | undefined {
  // Lengths are UTF-8 bytes: JavaScript's length is that for ASCII text, the usual case.
  const ascii = encode(hashes, (s) => s.length);
  if (ascii === undefined || Buffer.byteLength(ascii) === ascii.length) return ascii;
  return encode(hashes, Buffer.byteLength);
}

function encode(hashes: readonly HashWrite[], bytes: (s: string) => number): string | undefined {
  const bulk = (s: string) => `$${bytes(s)}\r\n${s}\r\n`;
  let keys = '';
  let args = '';
  let nKeys = 0;
  let nArgs = 0;
  for (const h of hashes) {
    const vs = String(h.version);
    const cellHead = bytes(vs) + 1;
    let fields = '';
    let n = 0;
    if (h.balances) {
      for (const asset in h.balances) {
        const value = h.balances[asset]!;
        fields += `$${bytes(asset) + 2}\r\nb:${asset}\r\n$${cellHead + bytes(value)}\r\n${vs}|${value}\r\n`;
        n++;
      }
    }
    const p = h.counterPrefix;
    for (const field in h.counters) {
      const value = h.counters[field]!;
      fields += `$${p.length + bytes(field)}\r\n${p}${field}\r\n$${cellHead + bytes(value)}\r\n${vs}|${value}\r\n`;
      n++;
    }
    if (n === 0) continue;
    keys += bulk(h.key);
    args += bulk(vs) + bulk(String(h.ttl)) + bulk(String(n)) + fields;
    nKeys++;
    nArgs += 3 + 2 * n;
  }
  if (nKeys === 0) return undefined;
  return `*${3 + nKeys + nArgs}\r\n$7\r\nevalsha\r\n$40\r\n${CAS_WRITE_SHA}\r\n${bulk(String(nKeys))}${keys}${args}`;
}

function parseCell(cell: string): Versioned | undefined {
  const sep = cell.indexOf('|');
  if (sep < 0) return undefined;
  const version = Number(cell.slice(0, sep));
  return Number.isFinite(version) ? { version, value: cell.slice(sep + 1) } : undefined;
}
