// The one typed environment the checker sees the world through: the program's currencies,
// the schema's records (transaction, customer, named records), the spend field, the
// built-in functions, and the local variables bound by aggregates. Built once per check
// from the header and schema; expressions are typed only against it.
import type { Span } from '../grammar/span.ts';
import { BUILTINS, type Builtin } from './builtins.ts';
import type { Type } from './types.ts';

export interface FieldInfo {
  readonly name: string;
  readonly type: Type;
  readonly optional: boolean;
  readonly span: Span;
}

export interface RecordInfo {
  readonly name: string;
  /** Insertion order is declaration order. */
  readonly fields: ReadonlyMap<string, FieldInfo>;
}

export interface Environment {
  /** The default currency; undefined when the header declares none (already reported). */
  readonly currency: string | undefined;
  /** Every currency the program declares (default first). */
  readonly currencies: readonly string[];
  readonly transaction: RecordInfo;
  readonly customer: RecordInfo;
  readonly records: ReadonlyMap<string, RecordInfo>;
  /** The money field counted as spend by `customer spend …`, if any. */
  readonly spend: { readonly field: string; readonly type: Type } | undefined;
  readonly builtins: ReadonlyMap<string, Builtin>;
}

/** A local variable bound by an aggregate; scopes chain outwards. */
export interface Scope {
  readonly name: string;
  readonly type: Type;
  readonly parent: Scope | undefined;
}

/** Builds an environment; `builtins` defaults to the standard table. */
export function makeEnvironment(parts: Omit<Environment, 'builtins'> & { builtins?: ReadonlyMap<string, Builtin> }): Environment {
  return { ...parts, builtins: parts.builtins ?? BUILTINS };
}

/** The local variable `name`, innermost first. */
export function lookupLocal(scope: Scope | undefined, name: string): Scope | undefined {
  for (let s = scope; s !== undefined; s = s.parent) if (s.name === name) return s;
  return undefined;
}

/** Names of all locals in scope (for hints). */
export function localNames(scope: Scope | undefined): string[] {
  const out: string[] = [];
  for (let s = scope; s !== undefined; s = s.parent) out.push(s.name);
  return out;
}
