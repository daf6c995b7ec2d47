// Prometheus metrics of one server instance (prom-client, its own registry so tests can make many apps).
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export interface QueueStats {
  /** Entries in the stream not yet delivered to the consumer group, plus those pending. */
  readonly depth: number;
  /** Age in seconds of the oldest entry not yet acknowledged (0 when empty). */
  readonly lagSeconds: number;
}

export class Metrics {
  readonly registry = new Registry();
  readonly requestDuration = new Histogram({
    name: 'accrue_http_request_duration_seconds',
    help: 'HTTP request latency by route, method and status',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [this.registry],
  });
  readonly evaluations = new Counter({
    name: 'accrue_evaluations_total',
    help: 'Program evaluations by kind (quote, post) and program version',
    labelNames: ['kind', 'version'] as const,
    registers: [this.registry],
  });
  readonly rulesApplied = new Counter({
    name: 'accrue_rules_applied_total',
    help: 'Rules that ended an evaluation APPLIED, by rule',
    labelNames: ['rule'] as const,
    registers: [this.registry],
  });
  readonly cacheLookups = new Counter({
    name: 'accrue_cache_lookups_total',
    help: 'Reads served from the cache (hit) or from Postgres (miss)',
    labelNames: ['result'] as const,
    registers: [this.registry],
  });
  readonly cacheHitRatio = new Gauge({
    name: 'accrue_cache_hit_ratio',
    help: 'Share of reads served from the cache since start',
    registers: [this.registry],
  });
  readonly queueDepth = new Gauge({
    name: 'accrue_queue_depth',
    help: 'Async transactions queued and not yet acknowledged',
    registers: [this.registry],
  });
  readonly queueLag = new Gauge({
    name: 'accrue_queue_lag_seconds',
    help: 'Age of the oldest async transaction not yet acknowledged',
    registers: [this.registry],
  });
  readonly programReloads = new Counter({
    name: 'accrue_program_reloads_total',
    help: 'Live program swaps on this instance',
    registers: [this.registry],
  });

  constructor(options: { defaults?: boolean; queueStats?: () => Promise<QueueStats | undefined>; cacheStats?: () => { hits: number; misses: number } | undefined } = {}) {
    if (options.defaults) collectDefaultMetrics({ register: this.registry, prefix: 'accrue_' });
    this.queueStats = options.queueStats;
    this.cacheStats = options.cacheStats;
  }

  private readonly queueStats: (() => Promise<QueueStats | undefined>) | undefined;
  private readonly cacheStats: (() => { hits: number; misses: number } | undefined) | undefined;

  // Label children cached by their values: prom-client hashes the label object on every inc() otherwise.
  private readonly evaluationChildren = new Map<string, { inc(): void }>();
  private readonly ruleChildren = new Map<string, { inc(): void }>();

  recordOutcome(kind: 'quote' | 'post', version: string, rules: readonly { rule: string; state: string }[]): void {
    const key = `${kind} ${version}`;
    let evaluations = this.evaluationChildren.get(key);
    if (!evaluations) {
      evaluations = this.evaluations.labels({ kind, version });
      if (this.evaluationChildren.size < 10_000) this.evaluationChildren.set(key, evaluations);
    }
    evaluations.inc();
    if (kind !== 'post') return;
    for (const r of rules) {
      if (r.state !== 'APPLIED') continue;
      let applied = this.ruleChildren.get(r.rule);
      if (!applied) {
        applied = this.rulesApplied.labels({ rule: r.rule });
        if (this.ruleChildren.size < 10_000) this.ruleChildren.set(r.rule, applied);
      }
      applied.inc();
    }
  }

  /** The exposition text, with gauges read fresh from the queue and the cache. */
  async render(): Promise<{ contentType: string; body: string }> {
    const stats = await this.queueStats?.().catch(() => undefined);
    if (stats) {
      this.queueDepth.set(stats.depth);
      this.queueLag.set(stats.lagSeconds);
    }
    const cache = this.cacheStats?.();
    if (cache) {
      this.cacheLookups.reset();
      this.cacheLookups.inc({ result: 'hit' }, cache.hits);
      this.cacheLookups.inc({ result: 'miss' }, cache.misses);
    }
    const hits = cache?.hits ?? 0;
    const total = hits + (cache?.misses ?? 0);
    this.cacheHitRatio.set(total === 0 ? 0 : hits / total);
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }
}
