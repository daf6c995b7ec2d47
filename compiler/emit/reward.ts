// Reward amounts → JS code giving the rounded amount (points, or money in minor units), or
// null when the reward gives nothing (absent input, zero or less). Exact throughout:
// literal rates are split into integer numerator and denominator so that the common
// forms (`points 3 per 1 USD of amount`, `cashback 1.5% of amount`, `multiplier 1.5x`)
// run on integers and round once with integer arithmetic (emit/num.ts roundDiv).
import { Dec } from '../../runtime/decimal.ts';
import type { RewardIR, TExpr } from '../ir.ts';
import { foldExpr } from '../passes/fold.ts';
import { emitExpr, literalNum, numConst, type ExprCtx } from './expr.ts';
import { int, str } from './literal.ts';
import { MD_OF } from './fast.ts';
import { norm, roundDiv } from './num.ts';

/** The compiled value of a numeric literal (safe integer, else Decimal). */
function literalValue(e: TExpr): number | Dec {
  const d = literalNum(e)!;
  const n = d.toNumber();
  return d.isInteger() && Number.isSafeInteger(n) ? n : d;
}

/** A numeric literal as an integer fraction p/q in lowest terms, when both are safe integers. */
const fractions = new Map<string, { p: number; q: number } | undefined>();
function fraction(d: Dec): { p: number; q: number } | undefined {
  const key = d.toString();
  if (fractions.has(key)) return fractions.get(key);
  const f = fractionOf(d);
  if (fractions.size >= 10_000) fractions.clear();
  fractions.set(key, f);
  return f;
}

function fractionOf(d: Dec): { p: number; q: number } | undefined {
  const [p, q] = d.toFraction();
  const pn = p!.toNumber(), qn = q!.toNumber();
  return Number.isSafeInteger(pn) && Number.isSafeInteger(qn) && qn > 0 ? { p: pn, q: qn } : undefined;
}

interface Parts {
  /** Statements run before `value` (null checks return null early). */
  readonly pre: string[];
  readonly value: string;
}

function operand(e: TExpr, ctx: ExprCtx, pre: string[]): string {
  const code = emitExpr(foldExpr(e), ctx);
  if (/^[A-Za-z_$][\w$]*$|^\(?-?\d+\)?$/.test(code)) return code;
  const t = ctx.fn.temp();
  pre.push(`${t} = ${code}; if (${t} === null) return null;`);
  return t;
}

/** `P × B ÷ D` rounded with `mode`, with a literal P turned into integers. */
function scaled(ctx: ExprCtx, pre: string[], factor: TExpr, base: string, den: string, mode: string): string {
  const lit = literalNum(foldExpr(factor));
  const f = lit && fraction(lit);
  if (f) return `roundDiv(mulN(${int(f.p)}, ${base}), mulN(${int(f.q)}, ${den}), ${mode})`;
  const p = operand(factor, ctx, pre);
  return `roundDiv(mulN(${p}, ${base}), ${den}, ${mode})`;
}

/**
 * `p × b ÷ d` rounded with `rounding`, for integers p and d > 0: the mode's integer helper
 * (emit/fast.ts). `exact` is the rate and unit p/d came from (rate × b ÷ unit), needed when
 * the rate has a fraction: a Decimal b then takes the interpreter's order.
 */
function mulDiv(p: number, b: string, d: number, rounding: string, exact?: { rate: string; unit: number }): string | undefined {
  const helper = MD_OF[rounding];
  if (helper === undefined || !Number.isSafeInteger(p) || !Number.isSafeInteger(d) || d <= 0) return undefined;
  return exact ? `${helper}(${int(p)}, ${b}, ${int(d)}, ${exact.rate}, ${int(exact.unit)})` : `${helper}(${int(p)}, ${b}, ${int(d)})`;
}

/** The interpreter's operands for mulDiv when a literal rate has a fraction (q > 1), else undefined. */
function fractional(ctx: ExprCtx, rate: Dec, q: number, unit: number): { rate: string; unit: number } | undefined {
  return q === 1 ? undefined : { rate: numConst(ctx, rate), unit };
}

/** A positive integer literal's value in compiled units, else undefined. */
function positiveInt(e: TExpr): number | undefined {
  const d = literalNum(foldExpr(e));
  if (!d || !d.isInteger() || !d.gt(0)) return undefined;
  const n = d.toNumber();
  return Number.isSafeInteger(n) ? n : undefined;
}

const HALF_EVEN = str('half-even');

/** Emits the body of a function that returns the rule's rounded amount (or null). Not for multipliers. */
export function emitReward(r: RewardIR, ctx: ExprCtx, rounding: string): Parts {
  const pre: string[] = [];
  const mode = str(rounding);
  switch (r.kind) {
    case 'points': {
      if (!r.per) {
        // A literal amount: rounded once, here.
        const lit = literalNum(foldExpr(r.amount));
        if (lit) {
          const v = roundDiv(norm(lit), 1, rounding as Parameters<typeof roundDiv>[2]);
          if (typeof v === 'number') return { pre, value: v < 0 ? `(${int(v)})` : int(v) };
        }
        return { pre, value: scaled(ctx, pre, r.amount, '1', '1', mode) };
      }
      const lit = literalNum(foldExpr(r.amount));
      const f = lit && fraction(lit);
      {
        // `points A per U of B` with literal A and U: one integer helper call.
        const u = positiveInt(r.per.unit);
        if (f && u !== undefined && Number.isSafeInteger(f.q * u)) {
          const b = operand(r.per.base, ctx, pre);
          const code = mulDiv(f.p, b, f.q * u, rounding, fractional(ctx, lit, f.q, u));
          if (code) return { pre, value: code };
        }
      }
      // A × B ÷ U, with A first (the interpreter stops at the first absent operand).
      const a = lit ? undefined : operand(r.amount, ctx, pre);
      const u = operand(r.per.unit, ctx, pre);
      const b = operand(r.per.base, ctx, pre);
      pre.push(`if (isZero(${u})) return null;`);
      // A fraction p/q scales exactly on integers; a Decimal b takes the interpreter's order.
      if (f && f.q === 1) return { pre, value: `roundDiv(mulN(${int(f.p)}, ${b}), ${u}, ${mode})` };
      if (f) return { pre, value: `(typeof ${b} === "number" ? roundDiv(mulN(${int(f.p)}, ${b}), mulN(${int(f.q)}, ${u}), ${mode}) : roundDiv(mulN(${numConst(ctx, lit!)}, ${b}), ${u}, ${mode}))` };
      return { pre, value: `roundDiv(mulN(${a ?? numConst(ctx, lit!)}, ${b}), ${u}, ${mode})` };
    }
    case 'cashback': case 'discount': {
      let value: string;
      if (r.value.kind === 'fixed') value = operand(r.value.amount, ctx, pre);
      else {
        const lit = literalNum(foldExpr(r.value.percent));
        const p = lit ? undefined : operand(r.value.percent, ctx, pre);
        const b = operand(r.value.base, ctx, pre);
        const f = r.kind === 'cashback' && lit && fraction(lit);
        if (f) return { pre, value: mulDiv(f.p, b, f.q, 'half-even', fractional(ctx, lit, f.q, 1))! };
        value = `mulN(${p ?? numConst(ctx, lit!)}, ${b})`;
      }
      if (r.kind === 'discount' && r.max) {
        const v = ctx.fn.temp();
        pre.push(`${v} = ${value};`);
        const m = operand(r.max, ctx, pre);
        value = `minN(${v}, ${m})`;
      }
      return { pre, value: `roundDiv(${value}, 1, ${HALF_EVEN})` };
    }
    case 'tieredCashback': {
      const base = operand(r.base, ctx, pre);
      const over = r.over ? operand(r.over, ctx, pre) : '0';
      const froms: string[] = [], rates: string[] = [];
      for (const b of r.bands) froms.push(operand(b.from, ctx, pre));
      // Literal rates: integer numerators over their least common denominator q, so the
      // band arithmetic stays on integers; the sum is divided by q when rounding.
      const lits = r.bands.map((b) => literalNum(foldExpr(b.rate)));
      const fr = lits.map((d) => (d ? fraction(d) : undefined));
      if (fr.every((f) => f !== undefined)) {
        const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));
        const q = fr.reduce((l, f) => (l / gcd(l, f!.q)) * f!.q, 1);
        if (Number.isSafeInteger(q) && fr.every((f) => Number.isSafeInteger(f!.p * (q / f!.q)))) {
          const nums = fr.map((f) => f!.p * (q / f!.q));
          const rateList = ctx.scope.constant(`rates:${nums.join(',')}`, Object.freeze(nums), 'band rates × q');
          const allLit = r.bands.every((b) => foldExpr(b.from).kind === 'literal');
          const fromList = allLit
            ? ctx.scope.constant(`froms:${froms.join(',')}`, Object.freeze(r.bands.map((b) => literalValue(foldExpr(b.from)))), 'band starts')
            : `[${froms.join(', ')}]`;
          let sum = `tieredQ(${base}, ${over}, ${fromList}, ${rateList})`;
          const starts = allLit ? r.bands.map((b) => literalValue(foldExpr(b.from))) : [];
          if (allLit && starts.every((f, k) => typeof f === 'number' && (k === 0 || f >= (starts[k - 1] as number)))) {
            // Literal sorted bands: straight-line integer code, the general helper past the safe range.
            const fs = starts as number[];
            const name = ctx.scope.declare(`tiers:${fs.join(',')}:${nums.join(',')}`, 'tq', (n) => [
              `function ${n}(base, over) { // bands from ${fs.join(', ')}, rates ${nums.join(', ')} / ${q}`,
              `  if (typeof base === "number" && typeof over === "number") {`,
              `    const end = over + base; let t = 0, lo, hi, x;`,
              ...fs.map((f, k) => {
                const hiCode = k + 1 < fs.length ? `(end < ${int(fs[k + 1]!)} ? end : ${int(fs[k + 1]!)})` : 'end';
                return `    lo = over > ${int(f)} ? over : ${int(f)}; hi = ${hiCode}; if (hi > lo) { x = (hi - lo) * ${int(nums[k]!)}; t += x; if (!(x <= 9007199254740991 && x >= -9007199254740991)) t = NaN; }`;
              }),
              `    if (t <= 9007199254740991 && t >= -9007199254740991 && end <= 9007199254740991 && end >= -9007199254740991) return t === 0 ? 0 : t;`,
              `  }`,
              `  return tieredQ(base, over, ${fromList}, ${rateList});`,
              `}`,
            ].join('\n'), true);
            sum = `${name}(${base}, ${over})`;
          }
          const integral = mulDiv(1, sum, q, 'half-even')!;
          if (q === 1) return { pre, value: integral };
          // A Decimal base or start (a division's inexact digits) takes the interpreter's order.
          const exact = `roundDiv(tiered(${base}, ${over}, ${fromList}, [${r.bands.map((b) => operand(b.rate, ctx, pre)).join(', ')}]), 1, ${HALF_EVEN})`;
          const numeric = [base, over].filter((v) => !/^\(?-?\d+\)?$/.test(v)).map((v) => `typeof ${v} === "number"`).join(' && ');
          return { pre, value: numeric ? `(${numeric} ? ${integral} : ${exact})` : integral };
        }
      }
      for (const b of r.bands) rates.push(operand(b.rate, ctx, pre));
      return { pre, value: `roundDiv(tiered(${base}, ${over}, [${froms.join(', ')}], [${rates.join(', ')}]), 1, ${HALF_EVEN})` };
    }
    case 'freeProduct': case 'prize': case 'multiplier':
      throw new Error(`emitReward: ${r.kind} has its own emitter`);
  }
}
