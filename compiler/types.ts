// The types of Accrue values, as the checker sees them.

export type Type =
  | { readonly kind: 'number' }
  | { readonly kind: 'integer' }
  | { readonly kind: 'money'; readonly currency: string }
  | { readonly kind: 'points' }
  | { readonly kind: 'string' }
  | { readonly kind: 'boolean' }
  | { readonly kind: 'date' }
  | { readonly kind: 'timestamp' }
  | { readonly kind: 'time' }
  /** `name` identifies the enum for messages (the field path that declared it). */
  | { readonly kind: 'enum'; readonly name: string; readonly members: readonly string[] }
  | { readonly kind: 'list'; readonly element: Type }
  | { readonly kind: 'record'; readonly name: string }
  /** Already reported; suppresses cascades of follow-on errors. */
  | { readonly kind: 'error' };

export const T = {
  number: { kind: 'number' },
  integer: { kind: 'integer' },
  points: { kind: 'points' },
  string: { kind: 'string' },
  boolean: { kind: 'boolean' },
  date: { kind: 'date' },
  timestamp: { kind: 'timestamp' },
  time: { kind: 'time' },
  error: { kind: 'error' },
  money: (currency: string): Type => ({ kind: 'money', currency }),
  list: (element: Type): Type => ({ kind: 'list', element }),
} as const satisfies Record<string, Type | ((c: never) => Type)>;

/** How a type reads in a message: `money USD`, `enum(standard, gold)`, `list of item`. */
export function typeName(t: Type): string {
  switch (t.kind) {
    case 'money': return `money ${t.currency}`;
    case 'enum': return `enum(${t.members.join(', ')})`;
    case 'list': return `list of ${typeName(t.element)}`;
    case 'record': return t.name;
    case 'error': return '<error>';
    default: return t.kind;
  }
}

/** Structural type equality (enums by declaring name and members). */
export function sameType(a: Type, b: Type): boolean {
  if (a.kind !== b.kind) return false;
  switch (a.kind) {
    case 'money': return a.currency === (b as typeof a).currency;
    case 'enum': return a.name === (b as typeof a).name;
    case 'list': return sameType(a.element, (b as typeof a).element);
    case 'record': return a.name === (b as typeof a).name;
    default: return true;
  }
}

/** integer and number are both numeric; integer widens to number. */
export function isNumeric(t: Type): boolean {
  return t.kind === 'number' || t.kind === 'integer';
}
