// Safe Accrue identifiers for json-rules-engine names (facts, object keys, rule names).
//
// The mapping (documented in docs/import-jre.md):
//   1. every character outside [A-Za-z0-9_] becomes `_` (runs collapse to one `_`);
//   2. a name that is empty after that becomes `fact` (or `rule`, `field`, by kind);
//   3. a name starting with a digit gets a leading `_`;
//   4. a reserved word (`customer`, `in`, `rule`, …), or `id` / `time` at the top level of the
//      transaction (implicit fields, ACC112), gets a trailing `_`: `customer` → `customer_`;
//   5. a name already taken in the same scope gets `_2`, `_3`, … .
// Soft keywords (`points`, `quantity`, `month`, …) are valid identifiers and are kept.

/** Accrue's reserved words (docs/syntax.md, grammar/tokens.ts RESERVED_WORDS). */
export const ACCRUE_RESERVED = new Set([
  'program', 'schema', 'transaction', 'customer', 'record', 'rule', 'group', 'exclude', 'when',
  'reward', 'cap', 'valid', 'priority', 'expires', 'and', 'or', 'not', 'in', 'true', 'false',
  'for', 'where', 'this', 'lifetime', 'per', 'of',
]);

/** Field names every transaction has implicitly; declaring them is an error. */
export const IMPLICIT_TRANSACTION_FIELDS = new Set(['id', 'time']);

const IDENT = /^[A-Za-z_][A-Za-z0-9_]*$/;

export function isAccrueIdentifier(name: string): boolean {
  return IDENT.test(name) && !ACCRUE_RESERVED.has(name);
}

/** Steps 1–4 of the mapping: a valid identifier for `name`, before uniqueness. */
export function safeIdentifier(name: string, fallback: string, extraReserved?: ReadonlySet<string>): string {
  let s = name.replace(/[^A-Za-z0-9_]+/g, '_');
  if (s === '' || (s === '_' && name !== '_')) s = fallback;
  if (/^[0-9]/.test(s)) s = `_${s}`;
  if (ACCRUE_RESERVED.has(s) || extraReserved?.has(s)) s = `${s}_`;
  return s;
}

/** Allocates unique identifiers in one scope (step 5). */
export class NameScope {
  private readonly used = new Set<string>();
  private readonly byOriginal = new Map<string, string>();
  constructor(private readonly fallback: string, private readonly extraReserved?: ReadonlySet<string>) {}

  /** The identifier for `original`; the same original always gets the same identifier. */
  name(original: string): string {
    const known = this.byOriginal.get(original);
    if (known !== undefined) return known;
    const base = safeIdentifier(original, this.fallback, this.extraReserved);
    let candidate = base;
    for (let n = 2; this.used.has(candidate) || this.extraReserved?.has(candidate) || ACCRUE_RESERVED.has(candidate); n++) {
      candidate = `${base}_${n}`;
    }
    this.used.add(candidate);
    this.byOriginal.set(original, candidate);
    return candidate;
  }

  /** A new identifier for `original`, distinct from every earlier one (for rule ids). */
  fresh(original: string): string {
    this.byOriginal.delete(original);
    return this.name(original);
  }

  /** Reserves an identifier that is not the image of any original. */
  reserve(identifier: string): void {
    this.used.add(identifier);
  }
}
