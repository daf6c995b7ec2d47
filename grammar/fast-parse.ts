// A fast path for clean declarations: tokens → AST directly, without Chevrotain's CST.
//
// Most declarations in a real program parse without a single error, and for those the CST
// (ten nested nodes per literal, each with its location) and the CST → AST walk cost about
// three quarters of parse time. This recursive-descent reader follows parser.ts rule for
// rule, makes the same choices Chevrotain's lookahead makes, and builds exactly the AST the
// builders (build-expr.ts, build-rule.ts, ast-builder.ts) would, spans included: each level
// knows the tokens it consumed, which is what a CST node's location is.
//
// It only ever accepts input the grammar accepts cleanly. At anything else — a syntax error,
// a token standing in for another (`&&`, `'…'`, an unterminated string), a clause the builder
// would report (given twice, no reward, a misspelt weekday, a huge list) — it gives up and
// returns undefined, and parse.ts runs Chevrotain on the declaration as before, so every
// diagnostic still comes from the one place it always came from. test/grammar/fast-parse
// checks both paths agree on every example, on generated programs and on mutations of them.
import type { TokenType } from 'chevrotain';
import type {
  AggregateMetric, Band, BinaryOp, Cap, Chance, ExclusionDecl, Expiry, Expr, GroupDecl, Ident, NumberLit, Period, PerClause, Quantity,
  Reward, RewardValue, Rule, RuleExclusion, StringLit, Weekday, Window,
} from './ast.ts';
import { LIMITS } from './diagnostics.ts';
import type { Span } from './span.ts';
import { decodeString } from './literals.ts';
import { imageAt, type TokenTable } from './fast-lex.ts';
import {
  Colon, Comma, CurrencyCode, DateLiteral, Dot, DotDot, Equals, Greater, GreaterEquals, Identifier, LBracket, LCurly, Less, LessEquals,
  LParen, Minus, NotEquals, NumberLiteral, Percent, Plus, R, RBracket, RCurly, RParen, S, Slash, Star, StringLiteral, TimeLiteral, WEEKDAYS,
} from './tokens.ts';

export type FastDeclaration = GroupDecl | ExclusionDecl | Rule;

/** Thrown (and caught below) wherever the fast path gives the declaration back to Chevrotain. */
const BAIL: unique symbol = Symbol('bail');

// Token types a `CONSUME(Identifier)` accepts: Identifier and everything in its category.
const NAMES = new Set<TokenType>([Identifier, CurrencyCode, ...Object.values<TokenType>(S)]);
const COMPARISON_OPS = new Set<TokenType>([Equals, NotEquals, LessEquals, Less, GreaterEquals, Greater]);
const AGGREGATE_WITH_VALUE = new Set<TokenType>([S.sum, S.min, S.max]);
const AGGREGATE_OF_ELEMENTS = new Set<TokenType>([S.count, S.any, S.all]);
const METRICS = new Set<TokenType>([S.spend, S.points, S.cashback, S.transactions]);
const PERIODS = new Set<TokenType>([S.day, S.week, S.month, S.quarter, S.year, R.lifetime]);
const EXPIRY_AFTER_UNITS = new Set<TokenType>([S.day, S.days, S.week, S.weeks, S.month, S.months, S.year, S.years]);
const EXPIRY_AT_UNITS = new Set<TokenType>([S.week, S.month, S.quarter, S.year]);
const EXPIRY_UNITS: Record<string, 'days' | 'weeks' | 'months' | 'years'> = {
  day: 'days', days: 'days', week: 'weeks', weeks: 'weeks', month: 'months', months: 'months', year: 'years', years: 'years',
};
// Where an expression may start (FIRST(expr)), for the lookahead of calls and aggregates.
// The string category's stand-ins (unterminated, single-quoted) are left out: Chevrotain
// would take them as strings, the reader gives up on them either way.
const EXPR_START = new Set<TokenType>([
  R.not, Minus, NumberLiteral, StringLiteral, DateLiteral, TimeLiteral, R.true, R.false, LBracket, LParen, R.customer, ...NAMES,
]);
function join(a: Span, b: Span): Span {
  const end = Math.max(a.offset + a.length, b.offset + b.length);
  return { offset: a.offset, line: a.line, column: a.column, length: end - a.offset };
}

class Reader {
  private pos: number;
  private readonly types: readonly TokenType[];
  private readonly starts: Int32Array;
  private readonly ends: Int32Array;
  private readonly lines: Int32Array;
  private readonly columns: Int32Array;

  constructor(private readonly table: TokenTable, start: number, private readonly end: number) {
    this.pos = start;
    this.types = table.types;
    this.starts = table.starts;
    this.ends = table.ends;
    this.lines = table.lines;
    this.columns = table.columns;
  }

  // ─── Tokens (by index into the table) ───────────────────────────────────────

  private type(ahead = 0): TokenType | undefined {
    const p = this.pos + ahead;
    return p < this.end ? this.types[p] : undefined;
  }

  private is(type: TokenType): boolean {
    return this.pos < this.end && this.types[this.pos] === type;
  }

  private image(i: number): string {
    return imageAt(this.table, i);
  }

  /** Token `i`'s span (lex.ts's tokenSpan). */
  private span(i: number): Span {
    const start = this.starts[i]!;
    return { offset: start, line: this.lines[i]!, column: this.columns[i]!, length: Math.max(0, this.ends[i]! - start) };
  }

  private expect(type: TokenType): number {
    if (this.pos >= this.end || this.types[this.pos] !== type) throw BAIL;
    return this.pos++;
  }

  private name(): number {
    if (this.pos >= this.end || !NAMES.has(this.types[this.pos]!)) throw BAIL;
    return this.pos++;
  }

  private ident(): Ident {
    const t = this.name();
    return { name: this.image(t), span: this.span(t) };
  }

  private string(): number {
    // Only a real, closed string: the stand-ins carry a diagnostic Chevrotain's path reports.
    return this.expect(StringLiteral);
  }

  private stringLit(t: number): StringLit {
    return { kind: 'StringLit', value: decodeString(this.image(t)).value, span: this.span(t) };
  }

  /** The span of the tokens consumed since `start` (a CST node's location). */
  private spanFrom(start: number): Span {
    const offset = this.starts[start]!;
    return { offset, line: this.lines[start]!, column: this.columns[start]!, length: this.ends[this.pos - 1]! - offset };
  }

  get done(): boolean {
    return this.pos === this.end;
  }

  // ─── Declarations ───────────────────────────────────────────────────────────

  declaration(): FastDeclaration {
    const t = this.type();
    if (t === R.rule) return this.rule();
    if (t === R.group) return this.group();
    if (t === R.exclude) return this.exclusion();
    throw BAIL;
  }

  private group(): GroupDecl {
    const start = this.pos;
    this.expect(R.group);
    const id = this.ident();
    const title = this.is(StringLiteral) ? this.stringLit(this.string()) : undefined;
    const stacking = this.is(S.stacking) ? this.span(this.pos++) : undefined;
    const caps: Cap[] = [];
    if (this.is(LCurly)) {
      this.pos++;
      while (this.is(R.cap)) caps.push(this.cap());
      this.expect(RCurly);
    }
    return { kind: 'GroupDecl', id, title, stacking, caps, span: this.spanFrom(start) };
  }

  private exclusion(): ExclusionDecl {
    const start = this.pos;
    this.expect(R.exclude);
    const id = this.ident();
    const title = this.is(StringLiteral) ? this.stringLit(this.string()) : undefined;
    this.expect(R.when);
    const condition = this.expr();
    return { kind: 'ExclusionDecl', id, title, condition, span: this.spanFrom(start) };
  }

  private rule(): Rule {
    const start = this.pos;
    this.expect(R.rule);
    const id = this.ident();
    const title = this.is(StringLiteral) ? this.stringLit(this.string()) : undefined;
    this.expect(LCurly);
    let priority: NumberLit | undefined;
    let group: Ident | undefined;
    let reward: Reward | undefined;
    let expiry: Expiry | undefined;
    const windows: Window[] = [];
    const conditions: Expr[] = [];
    const exclusions: RuleExclusion[] = [];
    const caps: Cap[] = [];
    for (;;) {
      const t = this.type();
      const itemStart = this.pos;
      if (t === R.when) {
        this.pos++;
        conditions.push(this.expr());
      } else if (t === R.reward) {
        // A second `reward` (or any clause given twice) is reported by the builder: give up.
        if (reward !== undefined) throw BAIL;
        this.pos++;
        reward = this.reward();
      } else if (t === R.cap) {
        caps.push(this.cap());
      } else if (t === R.priority) {
        if (priority !== undefined) throw BAIL;
        this.pos++;
        const p = this.expect(NumberLiteral);
        priority = { kind: 'NumberLit', text: this.image(p), span: this.span(p) };
      } else if (t === R.group) {
        if (group !== undefined) throw BAIL;
        this.pos++;
        group = this.ident();
      } else if (t === R.valid) {
        this.pos++;
        do windows.push(this.window());
        while (this.type() === S.from || this.type() === S.to || this.type() === S.on || this.type() === S.between);
      } else if (t === R.exclude) {
        this.pos++;
        this.expect(R.when);
        const condition = this.expr();
        const span = this.spanFrom(itemStart);
        exclusions.push({ kind: 'RuleExclusion', condition, span });
      } else if (t === R.expires) {
        if (expiry !== undefined) throw BAIL;
        this.pos++;
        expiry = this.expiry();
      } else {
        break;
      }
    }
    this.expect(RCurly);
    // No reward: the builder reports ACC010.
    if (reward === undefined) throw BAIL;
    return { kind: 'Rule', id, title, priority, group, windows, conditions, exclusions, reward, caps, expiry, span: this.spanFrom(start) };
  }

  // ─── Windows ────────────────────────────────────────────────────────────────

  private window(): Window {
    const start = this.pos;
    const t = this.type();
    if (t === S.from || t === S.to) {
      this.pos++;
      let from: number | undefined;
      let to: number | undefined;
      if (t === S.from) {
        from = this.expect(DateLiteral);
        if (this.is(S.to)) {
          this.pos++;
          to = this.expect(DateLiteral);
        }
      } else {
        to = this.expect(DateLiteral);
      }
      return {
        kind: 'DateWindow',
        from: from === undefined ? undefined : { kind: 'DateLit', text: this.image(from), span: this.span(from) },
        to: to === undefined ? undefined : { kind: 'DateLit', text: this.image(to), span: this.span(to) },
        span: this.spanFrom(start),
      };
    }
    if (t === S.between) {
      this.pos++;
      const from = this.expect(TimeLiteral);
      this.expect(R.and);
      const to = this.expect(TimeLiteral);
      return {
        kind: 'HoursWindow',
        from: { kind: 'TimeLit', text: this.image(from), span: this.span(from) },
        to: { kind: 'TimeLit', text: this.image(to), span: this.span(to) },
        span: this.spanFrom(start),
      };
    }
    if (t !== S.on) throw BAIL;
    this.pos++;
    const days: { day: Weekday; span: Span }[] = [];
    this.daySpec(days);
    while (this.is(Comma)) {
      this.pos++;
      this.daySpec(days);
    }
    return { kind: 'DaysWindow', days, span: this.spanFrom(start) };
  }

  private weekday(t: number): Weekday {
    // A misspelt day is the builder's ACC003.
    if (!(WEEKDAYS as readonly string[]).includes(this.image(t))) throw BAIL;
    return this.image(t) as Weekday;
  }

  private daySpec(out: { day: Weekday; span: Span }[]): void {
    const a = this.name();
    if (!this.is(DotDot)) {
      out.push({ day: this.weekday(a), span: this.span(a) });
      return;
    }
    this.pos++;
    const b = this.name();
    const first = this.weekday(a);
    const last = this.weekday(b);
    const span = join(this.span(a), this.span(b));
    for (let i = WEEKDAYS.indexOf(first); ; i = (i + 1) % 7) {
      out.push({ day: WEEKDAYS[i]!, span });
      if (WEEKDAYS[i] === last) break;
    }
  }

  // ─── Rewards ────────────────────────────────────────────────────────────────

  private reward(): Reward {
    const start = this.pos;
    const t = this.type();
    if (t === S.points) {
      this.pos++;
      const amount = this.expr();
      let per: PerClause | undefined;
      if (this.is(R.per)) {
        this.pos++;
        const unit = this.expr();
        this.expect(R.of);
        const base = this.expr();
        per = { kind: 'PerClause', unit, base, span: join(unit.span, base.span) };
      }
      return { kind: 'PointsReward', amount, per, span: this.spanFrom(start) };
    }
    if (t === S.multiplier) {
      this.pos++;
      const factor = this.expr();
      if (this.is(S.x)) this.pos++;
      const targets: Ident[] = [];
      if (this.is(S.on)) {
        this.pos++;
        targets.push(this.ident());
        while (this.is(Comma)) {
          this.pos++;
          targets.push(this.ident());
        }
      }
      return { kind: 'MultiplierReward', factor, targets, span: this.spanFrom(start) };
    }
    if (t === S.cashback) {
      this.pos++;
      // `tiered` is also a name: Chevrotain takes the tiered form on `tiered on`; a field
      // called `tiered` is rare enough to leave to it.
      if (this.is(S.tiered)) {
        if (this.type(1) !== S.on) throw BAIL;
        this.pos += 2;
        const base = this.expr();
        let over: Expr | undefined;
        if (this.is(S.over)) {
          this.pos++;
          over = this.expr();
        }
        this.expect(LCurly);
        const bands: Band[] = [];
        while (this.is(S.from)) {
          const bandStart = this.pos;
          this.pos++;
          const from = this.expr();
          this.expect(Colon);
          const rate = this.expr();
          bands.push({ kind: 'Band', from, rate, span: this.spanFrom(bandStart) });
        }
        this.expect(RCurly);
        return { kind: 'TieredCashbackReward', base, over, bands, span: this.spanFrom(start) };
      }
      const value = this.rewardValue();
      return { kind: 'CashbackReward', value, span: this.spanFrom(start) };
    }
    if (t === S.discount) {
      this.pos++;
      const value = this.rewardValue();
      let target: 'invoice' | 'items' = 'invoice';
      if (this.is(S.on)) {
        this.pos++;
        if (this.is(S.items)) target = 'items';
        else if (!this.is(S.invoice)) throw BAIL;
        this.pos++;
      }
      let max: Expr | undefined;
      if (this.is(S.max)) {
        this.pos++;
        max = this.expr();
      }
      return { kind: 'DiscountReward', value, target, max, span: this.spanFrom(start) };
    }
    if (t === S.free) {
      this.pos++;
      this.expect(S.product);
      const sku = this.expr();
      let quantity: Expr | undefined;
      if (this.is(S.quantity)) {
        this.pos++;
        quantity = this.expr();
      }
      return { kind: 'FreeProductReward', sku, quantity, span: this.spanFrom(start) };
    }
    if (t === S.prize) {
      this.pos++;
      const prize = this.expr();
      if (this.is(S.points)) this.pos++;
      this.expect(S.chance);
      const chance = this.chance();
      return { kind: 'PrizeReward', prize, chance, span: this.spanFrom(start) };
    }
    throw BAIL;
  }

  private rewardValue(): RewardValue {
    const start = this.pos;
    const amount = this.expr();
    if (!this.is(R.of)) return { kind: 'Fixed', amount, span: this.spanFrom(start) };
    this.pos++;
    const base = this.expr();
    return { kind: 'PercentOf', percent: amount, base, span: this.spanFrom(start) };
  }

  // `chance 1 in N` is OneIn(N); `chance A in B` the probability A / B; `chance 0.5%` a probability.
  private chance(): Chance {
    const start = this.pos;
    const first = this.additive();
    if (!this.is(R.in)) return { kind: 'Probability', p: first, span: this.spanFrom(start) };
    const inTok = this.pos;
    this.pos++;
    const n = this.additive();
    const whole = join(first.span, n.span);
    if (first.kind === 'NumberLit' && Number(first.text) === 1) return { kind: 'OneIn', n, span: whole };
    return { kind: 'Probability', p: { kind: 'Binary', op: '/', left: first, right: n, opSpan: this.span(inTok), span: whole }, span: whole };
  }

  // ─── Caps and expiry ────────────────────────────────────────────────────────

  private quantity(): Quantity {
    const start = this.pos;
    const value = this.expect(NumberLiteral);
    const unitTok = this.pos;
    const u = this.type();
    if (u !== S.points && u !== S.times && u !== CurrencyCode) throw BAIL;
    this.pos++;
    const unit: Quantity['unit'] =
      this.image(unitTok) === 'points' ? { kind: 'points' } : this.image(unitTok) === 'times' ? { kind: 'times' } : { kind: 'money', currency: { name: this.image(unitTok), span: this.span(unitTok) } };
    return { kind: 'Quantity', value: { kind: 'NumberLit', text: this.image(value), span: this.span(value) }, unit, span: this.spanFrom(start) };
  }

  private cap(): Cap {
    const start = this.pos;
    this.expect(R.cap);
    const limit = this.quantity();
    this.expect(R.per);
    const scopeTok = this.pos;
    const s = this.type();
    if (s === R.transaction) {
      this.pos++;
      return { kind: 'Cap', limit, scope: 'transaction', period: undefined, periodSpan: undefined, span: this.spanFrom(start) };
    }
    if (s !== R.customer && s !== R.program) throw BAIL;
    this.pos++;
    this.expect(R.per);
    const periodTok = this.pos;
    const periodTokType = this.type();
    if (periodTokType === undefined || !PERIODS.has(periodTokType)) throw BAIL;
    this.pos++;
    return { kind: 'Cap', limit, scope: this.image(scopeTok) as Cap['scope'], period: this.image(periodTok) as Period, periodSpan: this.span(periodTok), span: this.spanFrom(start) };
  }

  private expiry(): Expiry {
    const start = this.pos;
    const t = this.type();
    if (t === S.never) {
      this.pos++;
      return { kind: 'ExpiresNever', span: this.spanFrom(start) };
    }
    if (t === S.after) {
      this.pos++;
      const count = this.expect(NumberLiteral);
      const unitTok = this.pos;
      const unitTokType = this.type();
      if (unitTokType === undefined || !EXPIRY_AFTER_UNITS.has(unitTokType)) throw BAIL;
      this.pos++;
      return { kind: 'ExpiresAfter', count: { kind: 'NumberLit', text: this.image(count), span: this.span(count) }, unit: EXPIRY_UNITS[this.image(unitTok)]!, span: this.spanFrom(start) };
    }
    if (t !== S.at) throw BAIL;
    this.pos++;
    this.expect(S.end);
    this.expect(R.of);
    const unitTok = this.pos;
    const unitTokType = this.type();
    if (unitTokType === undefined || !EXPIRY_AT_UNITS.has(unitTokType)) throw BAIL;
    this.pos++;
    return { kind: 'ExpiresAtEndOf', period: this.image(unitTok) as 'week' | 'month' | 'quarter' | 'year', span: this.spanFrom(start) };
  }

  // ─── Expressions ────────────────────────────────────────────────────────────
  // Each level mirrors one grammar rule. A Binary's span runs from its left operand's first
  // token to its right operand's last (parentheses included), as the builder's foldLeft does.

  expr(): Expr {
    const start = this.pos;
    let left = this.and();
    while (this.is(R.or)) {
      left = this.binary(start, left, this.pos, 'and');
    }
    return left;
  }

  private and(): Expr {
    const start = this.pos;
    let left = this.not();
    while (this.is(R.and)) {
      left = this.binary(start, left, this.pos, 'not');
    }
    return left;
  }

  // One `left op right` step of a left fold: `start` is where the whole chain began.
  private binary(start: number, left: Expr, opTok: number, operand: 'and' | 'not' | 'multiplicative' | 'unary'): Expr {
    this.pos++;
    const right = operand === 'and' ? this.and() : operand === 'not' ? this.not() : operand === 'multiplicative' ? this.multiplicative() : this.unary();
    return { kind: 'Binary', op: this.image(opTok) as BinaryOp, left, right, opSpan: this.span(opTok), span: this.spanFrom(start) };
  }

  private not(): Expr {
    if (!this.is(R.not)) return this.comparison();
    const notTok = this.pos;
    this.pos++;
    const operandStart = this.pos;
    const operand = this.not();
    return { kind: 'Unary', op: 'not', operand, span: join(this.span(notTok), this.spanFrom(operandStart)) };
  }

  private comparison(): Expr {
    const start = this.pos;
    const left = this.additive();
    const t = this.type();
    if (t !== undefined && COMPARISON_OPS.has(t)) {
      const opTok = this.pos;
      this.pos++;
      const right = this.additive();
      return { kind: 'Binary', op: this.image(opTok) as BinaryOp, left, right, opSpan: this.span(opTok), span: this.spanFrom(start) };
    }
    if (t !== R.not && t !== R.in) return left;
    const negated = t === R.not;
    if (negated) this.pos++;
    this.expect(R.in);
    const right = this.additive();
    return { kind: 'InExpr', negated, value: left, list: right, span: this.spanFrom(start) };
  }

  additive(): Expr {
    const start = this.pos;
    let left = this.multiplicative();
    while (this.is(Plus) || this.is(Minus)) {
      left = this.binary(start, left, this.pos, 'multiplicative');
    }
    return left;
  }

  private multiplicative(): Expr {
    const start = this.pos;
    let left = this.unary();
    while (this.is(Star) || this.is(Slash)) {
      left = this.binary(start, left, this.pos, 'unary');
    }
    return left;
  }

  private unary(): Expr {
    if (!this.is(Minus)) return this.postfix();
    const minus = this.pos;
    this.pos++;
    const operandStart = this.pos;
    const operand = this.unary();
    return { kind: 'Unary', op: '-', operand, span: join(this.span(minus), this.spanFrom(operandStart)) };
  }

  private postfix(): Expr {
    const start = this.pos;
    let object = this.primary();
    if (!this.is(Dot)) return object;
    let objectSpan = this.spanFrom(start);
    while (this.is(Dot)) {
      this.pos++;
      const member = this.ident();
      objectSpan = join(objectSpan, member.span);
      object = { kind: 'MemberAccess', object, member, span: objectSpan };
    }
    return object;
  }

  private primary(): Expr {
    const start = this.pos;
    const t = this.pos;
    const type = this.type();
    if (type === undefined) throw BAIL;
    if (type === NumberLiteral) {
      this.pos++;
      if (this.is(Percent)) {
        this.pos++;
        return { kind: 'PercentLit', text: this.image(t), span: this.spanFrom(start) };
      }
      if (this.is(CurrencyCode)) {
        const c = this.pos;
        this.pos++;
        return { kind: 'MoneyLit', text: this.image(t), currency: { name: this.image(c), span: this.span(c) }, span: this.spanFrom(start) };
      }
      return { kind: 'NumberLit', text: this.image(t), span: this.span(t) };
    }
    if (type === StringLiteral) {
      this.pos++;
      return this.stringLit(t);
    }
    if (type === DateLiteral) {
      this.pos++;
      return { kind: 'DateLit', text: this.image(t), span: this.span(t) };
    }
    if (type === TimeLiteral) {
      this.pos++;
      return { kind: 'TimeLit', text: this.image(t), span: this.span(t) };
    }
    if (type === R.true || type === R.false) {
      this.pos++;
      return { kind: 'BoolLit', value: this.image(t) === 'true', span: this.span(t) };
    }
    if (type === LBracket) return this.list();
    if (type === LParen) {
      // Parentheses only group: the inner expression keeps its own span.
      this.pos++;
      const inner = this.expr();
      this.expect(RParen);
      return inner;
    }
    if (type === R.customer) return this.customer();
    if (!NAMES.has(type)) throw BAIL;
    // Chevrotain's ordered choice: aggregate (`sum(` + an expression, `count(` + a name),
    // then a call (a name, `(`, then an expression or `)`), then a plain name.
    if (this.type(1) === LParen) {
      const third = this.type(2);
      if (AGGREGATE_WITH_VALUE.has(type) && third !== undefined && EXPR_START.has(third)) return this.aggregate(true);
      if (AGGREGATE_OF_ELEMENTS.has(type) && third !== undefined && NAMES.has(third)) return this.aggregate(false);
      if (third !== RParen && (third === undefined || !EXPR_START.has(third))) throw BAIL;
      return this.call();
    }
    this.pos++;
    return { kind: 'NameRef', name: this.image(t), span: this.span(t) };
  }

  private list(): Expr {
    const start = this.pos;
    this.expect(LBracket);
    const elements: Expr[] = [];
    if (!this.is(RBracket)) {
      elements.push(this.expr());
      while (this.is(Comma)) {
        this.pos++;
        elements.push(this.expr());
        // Past the limit the builder reports ACC404.
        if (elements.length > LIMITS.listElements) throw BAIL;
      }
    }
    this.expect(RBracket);
    return { kind: 'ListLit', elements, span: this.spanFrom(start) };
  }

  private aggregate(withValue: boolean): Expr {
    const start = this.pos;
    const fnTok = this.pos;
    this.pos += 2;
    let value: Expr | undefined;
    if (withValue) {
      value = this.expr();
      this.expect(R.for);
    }
    const variable = this.ident();
    this.expect(R.in);
    const source = this.expr();
    let filter: Expr | undefined;
    if (this.is(R.where)) {
      this.pos++;
      filter = this.expr();
    }
    this.expect(RParen);
    const fn = this.image(fnTok) as 'sum' | 'count' | 'any' | 'all' | 'min' | 'max';
    return { kind: 'Aggregate', fn, value, variable, source, filter, span: this.spanFrom(start) };
  }

  private customer(): Expr {
    const start = this.pos;
    const customer = this.pos;
    this.pos++;
    const t = this.type();
    if (t !== undefined && METRICS.has(t)) {
      const metric = this.image(this.pos) as AggregateMetric;
      this.pos++;
      this.expect(R.this);
      const periodTok = this.pos;
      const periodTokType = this.type();
      if (periodTokType === undefined || !PERIODS.has(periodTokType)) throw BAIL;
      this.pos++;
      return { kind: 'PeriodAggregate', metric, period: this.image(periodTok) as Period, span: this.spanFrom(start) };
    }
    if (t === R.lifetime) {
      this.pos++;
      const m = this.pos;
      const mType = this.type();
      if (mType === undefined || !METRICS.has(mType)) throw BAIL;
      this.pos++;
      return { kind: 'PeriodAggregate', metric: this.image(m) as AggregateMetric, period: 'lifetime', span: this.spanFrom(start) };
    }
    // Bare `customer`: the checker expects `.field` after it.
    return { kind: 'NameRef', name: 'customer', span: this.span(customer) };
  }

  private call(): Expr {
    const start = this.pos;
    const callee = this.ident();
    this.expect(LParen);
    const args: Expr[] = [];
    if (!this.is(RParen)) {
      args.push(this.expr());
      while (this.is(Comma)) {
        this.pos++;
        args.push(this.expr());
      }
    }
    this.expect(RParen);
    return { kind: 'Call', callee, args, span: this.spanFrom(start) };
  }
}

/**
 * The AST of the declaration in tokens `start` to `end` (exclusive) of `table` (a segment as
 * splitSegments cuts it), or undefined when anything in it is not plainly clean: Chevrotain's
 * path then parses it and reports.
 */
export function parseDeclarationFast(table: TokenTable, start: number, end: number): FastDeclaration | undefined {
  if (end <= start) return undefined;
  const reader = new Reader(table, start, end);
  try {
    const decl = reader.declaration();
    return reader.done ? decl : undefined;
  } catch (e) {
    if (e === BAIL) return undefined;
    throw e;
  }
}
