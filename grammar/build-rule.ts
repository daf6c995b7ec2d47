// CST → AST for rules and what they contain: windows, rewards, caps, expiry. Also reports
// what only the parser can see: a clause given twice (the AST keeps one) and a rule
// without a reward.
import type { CstNode, IToken } from 'chevrotain';
import type {
  Band, Cap, Chance, Expiry, Expr, NumberLit, PerClause, Period, Quantity, Reward, RewardValue, Rule, RuleExclusion, Weekday, Window,
} from './ast.ts';
import { diagnostic } from './diagnostics.ts';
import type { Span } from './span.ts';
import { joinSpans } from './span.ts';
import { after, buildAdditive, buildExpr, ident, type BuildContext } from './build-expr.ts';
import { nodeSpan, sub, subs, tok, toks } from './cst.ts';
import { tokenSpan } from './lex.ts';
import { WEEKDAYS } from './tokens.ts';
import { closest } from './did-you-mean.ts';
import { decodeString } from './literals.ts';

/** A number token as a NumberLit. */
export function numberLit(t: IToken): NumberLit {
  return { kind: 'NumberLit', text: t.image, span: tokenSpan(t) };
}

/** `rule id "title" { items }`; `clean` says the rule parsed without errors (only then is a missing reward reported). */
export function buildRule(ctx: BuildContext, node: CstNode, clean: boolean): Rule | undefined {
  const span = nodeSpan(node);
  if (span === undefined) return undefined;
  const ruleTok = tok(node, 'Rule');
  const id = ident(tok(node, 'id')) ?? { name: '', span: ruleTok ? after(tokenSpan(ruleTok)) : span };
  const titleTok = tok(node, 'title');
  const title = titleTok && { kind: 'StringLit' as const, value: decodeString(titleTok.image).value, span: tokenSpan(titleTok) };
  let priority: NumberLit | undefined;
  let group: Rule['group'];
  let reward: Reward | undefined;
  let expiry: Expiry | undefined;
  const windows: Window[] = [];
  const conditions: Expr[] = [];
  const exclusions: RuleExclusion[] = [];
  const caps: Cap[] = [];
  const seen = new Map<string, Span>();
  const once = (key: IToken | undefined, what: string): boolean => {
    if (key === undefined) return true;
    const first = seen.get(what);
    if (first === undefined) {
      seen.set(what, tokenSpan(key));
      return true;
    }
    ctx.diagnostics.push(
      diagnostic('ACC007', `\`${what}\` is given twice in rule ${id.name}`, tokenSpan(key), `a rule has one \`${what}\` (first given on line ${first.line})`),
    );
    return false;
  };

  for (const item of subs(node, 'ruleItem')) {
    const key = tok(item, 'key');
    const itemSpan = nodeSpan(item) ?? span;
    switch (key?.image) {
      case 'priority': {
        const p = tok(item, 'priority');
        if (once(key, 'priority') && p) priority = numberLit(p);
        break;
      }
      case 'group': {
        const g = ident(tok(item, 'group'));
        if (once(key, 'group') && g) group = g;
        break;
      }
      case 'valid':
        for (const w of subs(item, 'windowClause')) {
          const built = buildWindow(ctx, w);
          if (built) windows.push(built);
        }
        break;
      case 'when':
        conditions.push(buildExpr(ctx, sub(item, 'condition'), after(tokenSpan(key))));
        break;
      case 'exclude': {
        const condition = sub(item, 'exclusion');
        exclusions.push({ kind: 'RuleExclusion', condition: condition && buildExpr(ctx, condition, itemSpan), span: itemSpan });
        break;
      }
      case 'reward': {
        const built = buildReward(ctx, sub(item, 'reward'));
        if (once(key, 'reward') && built) reward = built;
        break;
      }
      case 'expires': {
        const built = buildExpiry(sub(item, 'expiry'));
        if (once(key, 'expires') && built) expiry = built;
        break;
      }
      default: {
        const cap = buildCap(sub(item, 'cap'));
        if (cap) caps.push(cap);
      }
    }
  }
  if (clean && reward === undefined && !seen.has('reward')) {
    ctx.diagnostics.push(diagnostic('ACC010', `rule ${id.name} has no reward`, id.span, 'add a `reward` line, e.g. `reward points 1 per 1 USD of amount`'));
  }
  return { kind: 'Rule', id, title, priority, group, windows, conditions, exclusions, reward, caps, expiry, span };
}

// ─── Windows ────────────────────────────────────────────────────────────────

function buildWindow(ctx: BuildContext, node: CstNode): Window | undefined {
  const span = nodeSpan(node);
  const kind = tok(node, 'kind')?.image;
  if (span === undefined || kind === undefined) return undefined;
  if (kind === 'from' || kind === 'to') {
    const from = tok(node, 'from');
    const to = tok(node, 'to');
    if (from === undefined && to === undefined) return undefined;
    return {
      kind: 'DateWindow',
      from: from && { kind: 'DateLit', text: from.image, span: tokenSpan(from) },
      to: to && { kind: 'DateLit', text: to.image, span: tokenSpan(to) },
      span,
    };
  }
  if (kind === 'between') {
    const [from, to] = toks(node, 'times');
    if (from === undefined || to === undefined) return undefined;
    return {
      kind: 'HoursWindow',
      from: { kind: 'TimeLit', text: from.image, span: tokenSpan(from) },
      to: { kind: 'TimeLit', text: to.image, span: tokenSpan(to) },
      span,
    };
  }
  const days: { day: Weekday; span: Span }[] = [];
  const reported = ctx.diagnostics.length;
  for (const spec of subs(node, 'daySpec')) days.push(...buildDays(ctx, spec));
  // `on mon..fir`: the misspelt day is reported; an empty window would only add "lists no days".
  if (days.length === 0 && ctx.diagnostics.length > reported) return undefined;
  return { kind: 'DaysWindow', days, span };
}

function weekday(ctx: BuildContext, t: IToken): Weekday | undefined {
  const name = t.image;
  if ((WEEKDAYS as readonly string[]).includes(name)) return name as Weekday;
  const guess = closest(name.toLowerCase().slice(0, 3), WEEKDAYS);
  ctx.diagnostics.push(
    diagnostic('ACC003', `expected a weekday (mon, tue, wed, thu, fri, sat, sun) but found "${name}"`, tokenSpan(t), guess && `did you mean \`${guess}\`?`),
  );
  return undefined;
}

// `mon..fri` expands to each day it covers, wrapping past Sunday (`fri..mon`).
function buildDays(ctx: BuildContext, node: CstNode): { day: Weekday; span: Span }[] {
  const [a, b] = toks(node, 'days');
  if (a === undefined) return [];
  const first = weekday(ctx, a);
  if (b === undefined) return first ? [{ day: first, span: tokenSpan(a) }] : [];
  const last = weekday(ctx, b);
  if (first === undefined || last === undefined) return [];
  const span = joinSpans(tokenSpan(a), tokenSpan(b));
  const out: { day: Weekday; span: Span }[] = [];
  for (let i = WEEKDAYS.indexOf(first); ; i = (i + 1) % 7) {
    out.push({ day: WEEKDAYS[i]!, span });
    if (WEEKDAYS[i] === last) break;
  }
  return out;
}

// ─── Rewards ────────────────────────────────────────────────────────────────

function buildValue(ctx: BuildContext, node: CstNode | undefined, at: Span): RewardValue {
  const span = nodeSpan(node) ?? at;
  const amount = buildExpr(ctx, sub(node, 'amount'), at);
  const base = sub(node, 'base');
  if (base === undefined) return { kind: 'Fixed', amount, span };
  return { kind: 'PercentOf', percent: amount, base: buildExpr(ctx, base, span), span };
}

/** A `reward` node's single alternative. */
export function buildReward(ctx: BuildContext, node: CstNode | undefined): Reward | undefined {
  const span = nodeSpan(node);
  if (node === undefined || span === undefined) return undefined;
  const points = sub(node, 'pointsReward');
  if (points !== undefined) {
    const amount = buildExpr(ctx, sub(points, 'amount'), span);
    const unitNode = sub(points, 'unit');
    let per: PerClause | undefined;
    if (unitNode !== undefined) {
      const unit = buildExpr(ctx, unitNode, span);
      const base = buildExpr(ctx, sub(points, 'base'), after(unit.span));
      per = { kind: 'PerClause', unit, base, span: joinSpans(unit.span, base.span) };
    }
    return { kind: 'PointsReward', amount, per, span };
  }
  const multiplier = sub(node, 'multiplierReward');
  if (multiplier !== undefined) {
    const factor = buildExpr(ctx, sub(multiplier, 'factor'), span);
    const targets = toks(multiplier, 'targets').map((t) => ident(t)!);
    return { kind: 'MultiplierReward', factor, targets, span };
  }
  const cashback = sub(node, 'cashbackReward');
  if (cashback !== undefined) {
    const tiered = sub(cashback, 'tieredCashback');
    if (tiered !== undefined) {
      const over = sub(tiered, 'over');
      const bands: Band[] = subs(tiered, 'band').map((b) => {
        const bSpan = nodeSpan(b) ?? span;
        return { kind: 'Band', from: buildExpr(ctx, sub(b, 'from'), bSpan), rate: buildExpr(ctx, sub(b, 'rate'), after(bSpan)), span: bSpan };
      });
      return { kind: 'TieredCashbackReward', base: buildExpr(ctx, sub(tiered, 'base'), span), over: over && buildExpr(ctx, over, span), bands, span };
    }
    return { kind: 'CashbackReward', value: buildValue(ctx, sub(cashback, 'rewardValue'), span), span };
  }
  const discount = sub(node, 'discountReward');
  if (discount !== undefined) {
    const max = sub(discount, 'max');
    const target = tok(discount, 'target')?.image === 'items' ? 'items' : 'invoice';
    return { kind: 'DiscountReward', value: buildValue(ctx, sub(discount, 'rewardValue'), span), target, max: max && buildExpr(ctx, max, span), span };
  }
  const free = sub(node, 'freeProductReward');
  if (free !== undefined) {
    const quantity = sub(free, 'quantity');
    return { kind: 'FreeProductReward', sku: buildExpr(ctx, sub(free, 'sku'), span), quantity: quantity && buildExpr(ctx, quantity, span), span };
  }
  const prize = sub(node, 'prizeReward');
  if (prize !== undefined) {
    return { kind: 'PrizeReward', prize: buildExpr(ctx, sub(prize, 'prize'), span), chance: buildChance(ctx, prize, span), span };
  }
  return undefined;
}

// `chance 1 in N` is OneIn(N); `chance A in B` with A ≠ 1 is the probability A / B, so no
// written chance is lost; `chance 0.5%` is a probability.
function buildChance(ctx: BuildContext, node: CstNode, at: Span): Chance {
  const chanceNode = sub(node, 'chance');
  const span = nodeSpan(chanceNode) ?? at;
  const first = buildAdditive(ctx, chanceNode, at);
  const oneInNode = sub(node, 'oneIn');
  if (oneInNode === undefined) return { kind: 'Probability', p: first, span };
  const n = buildAdditive(ctx, oneInNode, after(span));
  const whole = joinSpans(first.span, n.span);
  if (first.kind === 'NumberLit' && Number(first.text) === 1) return { kind: 'OneIn', n, span: whole };
  const inTok = tok(node, 'In');
  const opSpan = inTok ? tokenSpan(inTok) : after(first.span);
  return { kind: 'Probability', p: { kind: 'Binary', op: '/', left: first, right: n, opSpan, span: whole }, span: whole };
}

// ─── Caps and expiry ────────────────────────────────────────────────────────

/** `5000 points`, `1 times`, `75 USD`. */
export function buildQuantity(node: CstNode | undefined): Quantity | undefined {
  const value = tok(node, 'value');
  const unitTok = tok(node, 'unit');
  const span = nodeSpan(node);
  if (value === undefined || unitTok === undefined || span === undefined) return undefined;
  const unit: Quantity['unit'] =
    unitTok.image === 'points' ? { kind: 'points' } : unitTok.image === 'times' ? { kind: 'times' } : { kind: 'money', currency: ident(unitTok)! };
  return { kind: 'Quantity', value: numberLit(value), unit, span };
}

/** `cap 5000 points per customer per month`. */
export function buildCap(node: CstNode | undefined): Cap | undefined {
  const span = nodeSpan(node);
  const limit = buildQuantity(sub(node, 'quantity'));
  const scope = tok(node, 'scope')?.image as Cap['scope'] | undefined;
  if (span === undefined || limit === undefined || scope === undefined) return undefined;
  if (scope === 'transaction') return { kind: 'Cap', limit, scope, period: undefined, periodSpan: undefined, span };
  const periodTok = tok(sub(node, 'period'), 'period');
  if (periodTok === undefined) return undefined;
  return { kind: 'Cap', limit, scope, period: periodTok.image as Period, periodSpan: tokenSpan(periodTok), span };
}

const EXPIRY_UNITS: Record<string, 'days' | 'weeks' | 'months' | 'years'> = {
  day: 'days', days: 'days', week: 'weeks', weeks: 'weeks', month: 'months', months: 'months', year: 'years', years: 'years',
};

/** `after 24 months`, `at end of quarter`, `never`. */
export function buildExpiry(node: CstNode | undefined): Expiry | undefined {
  const span = nodeSpan(node);
  const kind = tok(node, 'kind')?.image;
  if (span === undefined || kind === undefined) return undefined;
  if (kind === 'never') return { kind: 'ExpiresNever', span };
  const unit = tok(node, 'unit')?.image;
  if (unit === undefined) return undefined;
  if (kind === 'at') return { kind: 'ExpiresAtEndOf', period: unit as 'week' | 'month' | 'quarter' | 'year', span };
  const count = tok(node, 'count');
  const mapped = EXPIRY_UNITS[unit];
  if (count === undefined || mapped === undefined) return undefined;
  return { kind: 'ExpiresAfter', count: numberLit(count), unit: mapped, span };
}
