// An outcome as JSON text, the same text JSON.stringify writes, faster. Most of an explained
// outcome is its rule results, and most of those are frozen results a compiled program shares
// between evaluations (an exclusion, or "not applicable" memoized per field value): their text
// is kept per object and reused, so serializing an explained card outcome costs a fraction of
// what JSON.stringify spends walking the same spans and observed values every time.
import type { Outcome, RuleResult } from './outcome.ts';

// Keyed by the frozen object itself: a program version's shared results live as long as it does.
const texts = new WeakMap<object, string>();

function ruleText(result: RuleResult): string {
  // Only a frozen result is shared and immutable; any other is this evaluation's own.
  if (!Object.isFrozen(result)) return JSON.stringify(result);
  let text = texts.get(result);
  if (text === undefined) texts.set(result, (text = JSON.stringify(result)));
  return text;
}

function rulesText(rules: readonly RuleResult[]): string {
  let out = '[';
  for (let i = 0; i < rules.length; i++) {
    const r = rules[i];
    if (i > 0) out += ',';
    // JSON.stringify writes null for a hole or undefined element.
    out += r == null ? 'null' : ruleText(r);
  }
  return out + ']';
}

/** `JSON.stringify(outcome)`, byte for byte, reusing the text of shared (frozen) rule results. */
export function outcomeJson(outcome: Outcome): string {
  // Without shared results (explain: false keeps only the applied ones) one native call is faster.
  if (!outcome.rules.some((r) => r != null && Object.isFrozen(r))) return JSON.stringify(outcome);
  let out = '{';
  const record = outcome as unknown as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    const value = record[key];
    // Skipped by JSON.stringify: undefined, functions, symbols.
    if (value === undefined || typeof value === 'function' || typeof value === 'symbol') continue;
    if (out.length > 1) out += ',';
    out += JSON.stringify(key) + ':' + (key === 'rules' && Array.isArray(value) ? rulesText(value as RuleResult[]) : JSON.stringify(value));
  }
  return out + '}';
}
