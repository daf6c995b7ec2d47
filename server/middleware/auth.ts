// API-key authentication: `Authorization: Bearer <key>` (or `X-API-Key`). Keys are stored hashed
// (SHA-256); a resolved key is cached briefly so the hot path does not hit Postgres.
import type { Context, MiddlewareHandler } from 'hono';
import { createHash } from 'node:crypto';
import type { AppEnv, Principal, Role } from '../env.ts';
import { ApiError } from '../problem.ts';
import type { ApiKeyStore } from '../ports.ts';

export function hashApiKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

const BEARER = /^bearer /i;

const UNKNOWN_KEY = (): ApiError => new ApiError('unauthorized', 'The API key is not known or was revoked.', {}, { 'www-authenticate': 'Bearer' });

/**
 * Resolves the caller's key to its principal and sets it on the context. A resolved key (known
 * or not) is cached for `cacheMs`, so the hot path neither hashes nor hits Postgres: a Promise
 * only when the key has to be looked up.
 */
export function apiKeyResolver(options: { keys: ApiKeyStore; cacheMs?: number }): (c: Context<AppEnv>) => Promise<void> | undefined {
  const cacheMs = options.cacheMs ?? 30_000;
  const cache = new Map<string, { principal: Principal | undefined; until: number }>();
  return (c) => {
    const header = c.req.header('authorization');
    // The scheme is case-insensitive (RFC 9110 §11.1): `bearer acr_…` is as good as `Bearer acr_…`.
    const key = header !== undefined && BEARER.test(header) ? header.slice(7).trim() : c.req.header('x-api-key');
    if (!key) throw new ApiError('unauthorized', 'Send the API key as `Authorization: Bearer <key>`.', {}, { 'www-authenticate': 'Bearer' });
    const now = Date.now();
    const hit = cache.get(key);
    if (hit && hit.until >= now) {
      if (!hit.principal) throw UNKNOWN_KEY();
      c.set('principal', hit.principal);
      return undefined;
    }
    return options.keys.lookup(hashApiKey(key)).then((principal) => {
      if (cache.size > 10_000) cache.clear();
      cache.set(key, { principal, until: now + cacheMs });
      if (!principal) throw UNKNOWN_KEY();
      c.set('principal', principal);
    });
  };
}

const RANK: Record<Role, number> = { client: 0, author: 1, admin: 2 };

/** Throws 403 unless the caller's role is at least `role` (client < author < admin); returns the caller. */
export function ensureRole(c: Context<AppEnv>, role: Role): Principal {
  const principal = c.get('principal');
  if (RANK[principal.role] < RANK[role]) {
    throw new ApiError('forbidden', `This needs the ${role} role; the key has ${principal.role}.`);
  }
  return principal;
}

/** Lets the request through when the caller's role is at least `role` (client < author < admin). */
export function requireRole(role: Role): MiddlewareHandler<AppEnv> {
  return async function requireRoleMiddleware(c, next) {
    ensureRole(c, role);
    await next();
  };
}
