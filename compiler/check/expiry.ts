// Expiry clauses (`expires after 24 months`, `at end of quarter`, `never`) to ExpirySpec.
import type { Expiry } from '../../grammar/ast.ts';
import type { ExpirySpec } from '../ir.ts';
import { M } from './messages.ts';
import type { Reporter } from './reporter.ts';

/** Lowers an expiry; a count that is not a whole number from 1 to 10000 is ACC308. */
export function lowerExpiry(r: Reporter, e: Expiry): ExpirySpec | undefined {
  switch (e.kind) {
    case 'ExpiresNever': return { kind: 'never' };
    case 'ExpiresAtEndOf': return { kind: 'endOf', period: e.period };
    case 'ExpiresAfter': {
      const text = e.count?.text ?? '';
      if (!/^\d+$/.test(text) || Number(text) < 1 || Number(text) > 10_000) {
        r.report('ACC308', M.expiryCount(text), e.count?.span ?? e.span);
        return undefined;
      }
      return { kind: 'after', count: Number(text), unit: e.unit };
    }
  }
}
