// Source-like text of a typed expression, for explanations (`ObservedValue.text`): the IR
// keeps spans but not the source, so both back ends print the expression the same way.
import type { TExpr, LiteralValue } from '../compiler/ir.ts';

const PREC: Readonly<Record<string, number>> = {
  or: 1, and: 2, '=': 4, '!=': 4, '<': 4, '<=': 4, '>': 4, '>=': 4, '+': 5, '-': 5, '*': 6, '/': 6,
};

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

/** `HH:MM` of minutes after midnight. */
export function timeText(minutes: number): string {
  return `${pad2(Math.floor(minutes / 60))}:${pad2(minutes % 60)}`;
}

function literalText(v: LiteralValue): string {
  switch (v.kind) {
    case 'number': return v.value;
    case 'money': return `${v.amount} ${v.currency}`;
    case 'string': return JSON.stringify(v.value);
    case 'boolean': return String(v.value);
    case 'date': return v.value;
    case 'time': return timeText(v.minutes);
    case 'enum': return v.member;
  }
}

function precOf(e: TExpr): number {
  switch (e.kind) {
    case 'binary': return PREC[e.op]!;
    case 'in': return 4;
    case 'unary': return e.op === 'not' ? 3 : 7;
    default: return 9;
  }
}

function wrap(e: TExpr, min: number): string {
  const t = exprText(e);
  return precOf(e) < min ? `(${t})` : t;
}

/** The expression as Accrue source text (`customer spend this month`, `weekday(time)`, `line.price * 2`). */
export function exprText(e: TExpr): string {
  switch (e.kind) {
    case 'literal': return literalText(e.value);
    case 'field': return e.scope === 'customer' ? `customer.${e.name}` : e.name;
    case 'local': return e.name;
    case 'member': return `${wrap(e.object, 9)}.${e.name}`;
    case 'list': return `[${e.elements.map(exprText).join(', ')}]`;
    case 'unary': return e.op === 'not' ? `not ${wrap(e.operand, 3)}` : `-${wrap(e.operand, 7)}`;
    case 'binary': {
      const p = PREC[e.op]!;
      const assoc = p !== 4; // comparisons do not chain
      return `${wrap(e.left, assoc ? p : p + 1)} ${e.op} ${wrap(e.right, p + 1)}`;
    }
    case 'in': return `${wrap(e.value, 5)} ${e.negated ? 'not in' : 'in'} ${wrap(e.list, 5)}`;
    case 'call': return `${e.fn}(${e.args.map(exprText).join(', ')})`;
    case 'aggregate': {
      const where = e.filter ? ` where ${exprText(e.filter)}` : '';
      const head = e.value ? `${exprText(e.value)} for ${e.variable}` : e.variable;
      return `${e.fn}(${head} in ${exprText(e.source)}${where})`;
    }
    case 'periodAggregate':
      return e.period === 'lifetime' ? `customer lifetime ${e.metric}` : `customer ${e.metric} this ${e.period}`;
  }
}
