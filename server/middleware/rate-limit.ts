// Per-key rate limit: a token bucket per API key on this instance (`perSecond` refill, `burst` size).
// Over the limit: 429 rate-limited with Retry-After (seconds until a token is back).
import { ApiError } from '../problem.ts';

export interface RateLimitOptions {
  readonly perSecond: number;
  readonly burst?: number;
  readonly now?: () => number;
}

/** Takes a token for `keyId` or throws the 429; undefined when there is no limit. */
export function tokenBuckets(options: RateLimitOptions): ((keyId: string) => void) | undefined {
  const rate = options.perSecond;
  if (rate <= 0) return undefined;
  const burst = options.burst ?? rate;
  const now = options.now ?? Date.now;
  const buckets = new Map<string, { tokens: number; at: number }>();
  return (key) => {
    const t = now();
    let bucket = buckets.get(key);
    if (!bucket) buckets.set(key, (bucket = { tokens: burst, at: t }));
    bucket.tokens = Math.min(burst, bucket.tokens + ((t - bucket.at) / 1000) * rate);
    bucket.at = t;
    if (bucket.tokens < 1) {
      const retryAfter = Math.max(1, Math.ceil((1 - bucket.tokens) / rate));
      throw new ApiError('rate-limited', `This key may make ${rate} requests per second (burst ${burst}).`, { retryAfter }, { 'retry-after': String(retryAfter) });
    }
    bucket.tokens -= 1;
  };
}
