// The JSON text of an outcome, written for its known shape: the same text JSON.stringify
// writes (test/server/outcome-json.test.ts holds it to that), in about half the time. An
// explained card outcome is ~5 KB, and JSON.stringify of it was the largest single cost of a
// quote (~20 µs of ~100). The shape is walked by hand for what every outcome has (rules in
// their common states, lots, deltas, periods); the rare parts (caps that cut, BLOCKED rules,
// free products) go through JSON.stringify, so a field added to those can never be dropped.
import type { Span } from '../grammar/span.ts';
import type { EarnedLot, ObservedValue, Outcome, RewardAmount, RuleResult } from '../runtime/outcome.ts';

/** A string known to be the JSON text of a `T`. */
export type JsonText<T> = string & { readonly __json?: T };

const str = JSON.stringify;

// Spans are constants of the compiled program (the same object every evaluation), so their
// text is written once. A span that is not (an outcome read back from the ledger) costs one
// WeakMap entry, collected with it.
const spanTexts = new WeakMap<Span, string>();

function span(s: Span): string {
  let text = spanTexts.get(s);
  if (text === undefined) {
    text = str(s);
    spanTexts.set(s, text);
  }
  return text;
}

/** `{"USD":"1.20"}`: currency → decimal text, in key order; undefined entries left out as JSON.stringify does. */
function amounts(r: Readonly<Record<string, string>>): string {
  let out = '';
  for (const k of Object.keys(r)) {
    const v = r[k];
    if (v !== undefined) out += (out === '' ? '' : ',') + str(k) + ':' + str(v);
  }
  return '{' + out + '}';
}

function amount(a: RewardAmount): string {
  if (a.unit === 'points') return '{"unit":"points","points":' + str(a.points) + '}';
  if (a.unit === 'money') return '{"unit":"money","money":{"amount":' + str(a.money.amount) + ',"currency":' + str(a.money.currency) + '}}';
  return str(a);
}

function observed(values: readonly ObservedValue[]): string {
  let out = '';
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    out += (i > 0 ? ',{"text":' : '{"text":') + str(v.text) + ',"span":' + span(v.span) + (v.value === undefined ? '' : ',"value":' + str(v.value)) + '}';
  }
  return '[' + out + ']';
}

function rule(r: RuleResult): string {
  switch (r.state) {
    case 'APPLIED':
      if (r.cappedBy !== undefined) return str(r);
      return '{"rule":' + str(r.rule) + ',"state":"APPLIED","reward":' + str(r.reward) + ',"amount":' + amount(r.amount) + (r.won === undefined ? '' : ',"won":' + str(r.won)) + '}';
    case 'NOT_APPLICABLE': {
      const why = r.reason;
      return '{"rule":' + str(r.rule) + ',"state":"NOT_APPLICABLE","reason":{"kind":' + str(why.kind) + ',"span":' + span(why.span)
        + (why.kind === 'zero' ? '' : ',"values":' + observed(why.values)) + '}}';
    }
    case 'EXCLUDED':
      if (r.by.kind !== 'rule') return str(r);
      return '{"rule":' + str(r.rule) + ',"state":"EXCLUDED","by":{"kind":"rule","span":' + span(r.by.span) + '}}';
    default:
      return str(r);
  }
}

function lot(l: EarnedLot): string {
  return '{"rule":' + str(l.rule) + ',"unit":' + str(l.unit) + ',"amount":' + str(l.amount)
    + (l.currency === undefined ? '' : ',"currency":' + str(l.currency)) + ',"expiresAt":' + str(l.expiresAt) + '}';
}

function list<T>(items: readonly T[], write: (item: T) => string): string {
  let out = '';
  for (let i = 0; i < items.length; i++) out += (i > 0 ? ',' : '') + write(items[i]!);
  return '[' + out + ']';
}

/** `JSON.stringify(outcome)` for an outcome as the evaluators build it, about twice as fast. */
export function outcomeJson(o: Outcome): JsonText<Outcome> {
  const t = o.totals;
  const p = o.periods;
  const a = o.aggregates;
  return '{"programVersion":' + str(o.programVersion) + ',"transactionId":' + str(o.transactionId)
    + ',"totals":{"points":' + str(t.points) + ',"cashback":' + amounts(t.cashback) + ',"discount":' + amounts(t.discount)
    + ',"prizes":{"points":' + str(t.prizes.points) + ',"money":' + amounts(t.prizes.money) + '},"freeProducts":' + str(t.freeProducts) + '}'
    + ',"rules":' + list(o.rules, rule)
    + ',"lots":' + list(o.lots, lot)
    + ',"deltas":' + list(o.deltas, (d) => '{"key":' + str(d.key) + ',"scope":' + str(d.scope) + ',"amount":' + str(d.amount) + '}')
    + ',"periods":{"day":' + str(p.day) + ',"week":' + str(p.week) + ',"month":' + str(p.month) + ',"quarter":' + str(p.quarter)
    + ',"year":' + str(p.year) + ',"lifetime":' + str(p.lifetime) + '}'
    + ',"aggregates":{"spend":' + str(a.spend) + ',"points":' + str(a.points) + ',"cashback":' + str(a.cashback) + ',"transactions":' + str(a.transactions) + '}}';
}
