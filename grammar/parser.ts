// The Accrue grammar as a Chevrotain CstParser (Chevrotain step 2): grammar only, no actions.
// docs/syntax.md is the reference; rule names here follow its EBNF. The CST is turned into
// the AST by ast-builder.ts; parse.ts drives this parser one top-level declaration at a
// time so that an error in one rule never costs the rules after it.
//
// Labels (`LABEL`) name the CST children the AST builder reads, so it does not depend on
// CONSUME indices. Alternations that pick between a soft keyword and a name are ordered
// (keyword first) and marked IGNORE_AMBIGUITIES: a soft keyword is also an Identifier.
import { CstParser, type IToken, type TokenType } from 'chevrotain';
import { messageProvider } from './messages.ts';
import {
  allTokens, Colon, Comma, CurrencyCode, DateLiteral, Dot, DotDot, Equals, Greater, GreaterEquals, Identifier,
  LBracket, LCurly, Less, LessEquals, LParen, Minus, NotEquals, NumberLiteral, Percent, Plus, R, RBracket, RCurly,
  RParen, S, Slash, Star, StringLiteral, TimeLiteral,
} from './tokens.ts';

/** The grammar. One instance is reused; `input` resets it. */
export class AccrueParser extends CstParser {
  /** Tokens the parser stood in for during recovery (the token it found instead), so errors there read "missing …". */
  readonly insertedBefore = new Set<IToken>();

  constructor() {
    super(allTokens, { recoveryEnabled: true, nodeLocationTracking: 'full', errorMessageProvider: messageProvider, maxLookahead: 3 });
    this.performSelfAnalysis();
  }

  // Chevrotain calls a rule's body on every invocation; building the alternatives (objects
  // and closures) each time showed up as a third of parse time, so each OR keeps its own.
  private readonly altCache: unknown[] = [];
  private alts<T>(id: number, make: () => T): T {
    return (this.altCache[id] ??= make()) as T;
  }

  // Records single-token insertions so the facade can report them as ACC004 (missing token).
  protected override getTokenToInsert(tokType: TokenType): IToken {
    this.insertedBefore.add(this.LA(1));
    return super.getTokenToInsert(tokType);
  }

  // ─── Program ────────────────────────────────────────────────────────────────

  /** `Header Schema`, each optional here so a file missing one still yields the other. */
  readonly preamble = this.RULE('preamble', () => {
    this.OPTION(() => this.SUBRULE(this.header));
    this.OPTION2(() => this.SUBRULE(this.schema));
  });

  readonly header = this.RULE('header', () => {
    this.CONSUME(R.program);
    this.CONSUME(StringLiteral, { LABEL: 'name' });
    this.CONSUME(LCurly);
    this.MANY(() => this.SUBRULE(this.setting));
    this.CONSUME(RCurly);
  });

  readonly setting = this.RULE('setting', () => {
    this.OR(this.alts(1, () => ([
      { ALT: () => { this.CONSUME(S.currency, { LABEL: 'key' }); this.CONSUME(Identifier, { LABEL: 'names' }); } },
      {
        ALT: () => {
          this.CONSUME(S.currencies, { LABEL: 'key' });
          this.CONSUME2(Identifier, { LABEL: 'names' });
          this.MANY(() => { this.CONSUME(Comma); this.CONSUME3(Identifier, { LABEL: 'names' }); });
        },
      },
      { ALT: () => { this.CONSUME(S.timezone, { LABEL: 'key' }); this.CONSUME(StringLiteral, { LABEL: 'text' }); } },
      { ALT: () => { this.CONSUME(S.rounding, { LABEL: 'key' }); this.SUBRULE(this.roundingMode); } },
      { ALT: () => { this.CONSUME(S.spend, { LABEL: 'key' }); this.CONSUME4(Identifier, { LABEL: 'names' }); } },
      { ALT: () => { this.CONSUME(S.seed, { LABEL: 'key' }); this.CONSUME2(StringLiteral, { LABEL: 'text' }); } },
      { ALT: () => { this.CONSUME(S.expiry, { LABEL: 'key' }); this.SUBRULE(this.expiry); } },
      {
        ALT: () => {
          this.CONSUME(S.minimum, { LABEL: 'key' });
          this.CONSUME(S.redemption);
          this.SUBRULE(this.quantity);
        },
      },
    ])));
  });

  /** `floor`, `half-even`: a name, or a name, `-` and a name (checked by the builder). */
  readonly roundingMode = this.RULE('roundingMode', () => {
    this.CONSUME(Identifier, { LABEL: 'parts' });
    this.OPTION(() => { this.CONSUME(Minus); this.CONSUME2(Identifier, { LABEL: 'parts' }); });
  });

  readonly schema = this.RULE('schema', () => {
    this.CONSUME(R.schema);
    this.CONSUME(LCurly);
    this.MANY(() => this.SUBRULE(this.schemaBlock));
    this.CONSUME(RCurly);
  });

  readonly schemaBlock = this.RULE('schemaBlock', () => {
    this.OR(this.alts(2, () => ([
      { ALT: () => this.CONSUME(R.transaction, { LABEL: 'role' }) },
      { ALT: () => this.CONSUME(R.customer, { LABEL: 'role' }) },
      { ALT: () => { this.CONSUME(R.record, { LABEL: 'role' }); this.CONSUME(Identifier, { LABEL: 'name' }); } },
    ])));
    this.CONSUME(LCurly);
    this.MANY(() => { this.SUBRULE(this.field); this.OPTION(() => this.CONSUME(Comma)); });
    this.CONSUME(RCurly);
  });

  readonly field = this.RULE('field', () => {
    this.CONSUME(Identifier, { LABEL: 'name' });
    this.CONSUME(Colon);
    // `x: optional` alone would name a record called `optional`; no one writes that.
    this.OPTION(() => this.CONSUME(S.optional));
    this.SUBRULE(this.typeRef);
  });

  readonly typeRef = this.RULE('typeRef', () => {
    this.OR(this.alts(3, () => ({
      IGNORE_AMBIGUITIES: true,
      DEF: [
        {
          ALT: () => {
            this.CONSUME(S.money, { LABEL: 'money' });
            // A following `ABC:` is the next field's name, not a currency.
            this.OPTION({ GATE: () => this.LA(2).tokenType !== Colon, DEF: () => this.CONSUME(CurrencyCode, { LABEL: 'currency' }) });
          },
        },
        {
          ALT: () => {
            this.CONSUME(S.enum, { LABEL: 'enum' });
            this.CONSUME(LParen);
            this.CONSUME(Identifier, { LABEL: 'members' });
            this.MANY(() => { this.CONSUME(Comma); this.CONSUME2(Identifier, { LABEL: 'members' }); });
            this.CONSUME(RParen);
          },
        },
        { ALT: () => { this.CONSUME(S.list, { LABEL: 'list' }); this.CONSUME(R.of); this.SUBRULE(this.typeRef, { LABEL: 'element' }); } },
        { ALT: () => this.CONSUME(S.number, { LABEL: 'primitive' }) },
        { ALT: () => this.CONSUME(S.integer, { LABEL: 'primitive' }) },
        { ALT: () => this.CONSUME(S.string, { LABEL: 'primitive' }) },
        { ALT: () => this.CONSUME(S.boolean, { LABEL: 'primitive' }) },
        { ALT: () => this.CONSUME(S.date, { LABEL: 'primitive' }) },
        { ALT: () => this.CONSUME(S.timestamp, { LABEL: 'primitive' }) },
        { ALT: () => this.CONSUME3(Identifier, { LABEL: 'named' }) },
      ],
    })));
  });

  // ─── Top-level declarations ────────────────────────────────────────────────

  /** One `group`, `exclude` or `rule` declaration: the unit parse.ts feeds the parser. */
  readonly declaration = this.RULE('declaration', () => {
    this.OR(this.alts(4, () => ([
      { ALT: () => this.SUBRULE(this.groupDecl) },
      { ALT: () => this.SUBRULE(this.exclusionDecl) },
      { ALT: () => this.SUBRULE(this.rule) },
    ])));
  });

  readonly groupDecl = this.RULE('groupDecl', () => {
    this.CONSUME(R.group);
    this.CONSUME(Identifier, { LABEL: 'id' });
    this.OPTION(() => this.CONSUME(StringLiteral, { LABEL: 'title' }));
    this.OPTION3(() => this.CONSUME(S.stacking, { LABEL: 'stacking' }));
    this.OPTION2(() => {
      this.CONSUME(LCurly);
      this.MANY(() => this.SUBRULE(this.cap));
      this.CONSUME(RCurly);
    });
  });

  readonly exclusionDecl = this.RULE('exclusionDecl', () => {
    this.CONSUME(R.exclude);
    this.CONSUME(Identifier, { LABEL: 'id' });
    this.OPTION(() => this.CONSUME(StringLiteral, { LABEL: 'title' }));
    this.CONSUME(R.when);
    this.SUBRULE(this.expr, { LABEL: 'condition' });
  });

  readonly rule = this.RULE('rule', () => {
    this.CONSUME(R.rule);
    this.CONSUME(Identifier, { LABEL: 'id' });
    this.OPTION(() => this.CONSUME(StringLiteral, { LABEL: 'title' }));
    this.CONSUME(LCurly);
    this.MANY(() => this.SUBRULE(this.ruleItem));
    this.CONSUME(RCurly);
  });

  readonly ruleItem = this.RULE('ruleItem', () => {
    this.OR(this.alts(5, () => ([
      { ALT: () => { this.CONSUME(R.priority, { LABEL: 'key' }); this.CONSUME(NumberLiteral, { LABEL: 'priority' }); } },
      { ALT: () => { this.CONSUME(R.group, { LABEL: 'key' }); this.CONSUME(Identifier, { LABEL: 'group' }); } },
      { ALT: () => { this.CONSUME(R.valid, { LABEL: 'key' }); this.AT_LEAST_ONE(() => this.SUBRULE(this.windowClause)); } },
      { ALT: () => { this.CONSUME(R.when, { LABEL: 'key' }); this.SUBRULE(this.expr, { LABEL: 'condition' }); } },
      {
        ALT: () => {
          this.CONSUME(R.exclude, { LABEL: 'key' });
          this.CONSUME2(R.when);
          this.SUBRULE2(this.expr, { LABEL: 'exclusion' });
        },
      },
      { ALT: () => { this.CONSUME(R.reward, { LABEL: 'key' }); this.SUBRULE(this.reward); } },
      { ALT: () => this.SUBRULE(this.cap) },
      { ALT: () => { this.CONSUME(R.expires, { LABEL: 'key' }); this.SUBRULE(this.expiry); } },
    ])));
  });

  readonly windowClause = this.RULE('windowClause', () => {
    this.OR(this.alts(6, () => ([
      {
        ALT: () => {
          this.CONSUME(S.from, { LABEL: 'kind' });
          this.CONSUME(DateLiteral, { LABEL: 'from' });
          this.OPTION(() => { this.CONSUME(S.to); this.CONSUME2(DateLiteral, { LABEL: 'to' }); });
        },
      },
      { ALT: () => { this.CONSUME2(S.to, { LABEL: 'kind' }); this.CONSUME3(DateLiteral, { LABEL: 'to' }); } },
      {
        ALT: () => {
          this.CONSUME(S.on, { LABEL: 'kind' });
          this.SUBRULE(this.daySpec);
          this.MANY(() => { this.CONSUME(Comma); this.SUBRULE2(this.daySpec); });
        },
      },
      {
        ALT: () => {
          this.CONSUME(S.between, { LABEL: 'kind' });
          this.CONSUME(TimeLiteral, { LABEL: 'times' });
          this.CONSUME(R.and);
          this.CONSUME2(TimeLiteral, { LABEL: 'times' });
        },
      },
    ])));
  });

  /** `mon` or `mon..fri`; the names are checked by the builder. */
  readonly daySpec = this.RULE('daySpec', () => {
    this.CONSUME(Identifier, { LABEL: 'days' });
    this.OPTION(() => { this.CONSUME(DotDot); this.CONSUME2(Identifier, { LABEL: 'days' }); });
  });

  // ─── Rewards ───────────────────────────────────────────────────────────────

  readonly reward = this.RULE('reward', () => {
    this.OR(this.alts(7, () => ([
      { ALT: () => this.SUBRULE(this.pointsReward) },
      { ALT: () => this.SUBRULE(this.multiplierReward) },
      { ALT: () => this.SUBRULE(this.cashbackReward) },
      { ALT: () => this.SUBRULE(this.discountReward) },
      { ALT: () => this.SUBRULE(this.freeProductReward) },
      { ALT: () => this.SUBRULE(this.prizeReward) },
    ])));
  });

  readonly pointsReward = this.RULE('pointsReward', () => {
    this.CONSUME(S.points);
    this.SUBRULE(this.expr, { LABEL: 'amount' });
    this.OPTION(() => {
      this.CONSUME(R.per);
      this.SUBRULE2(this.expr, { LABEL: 'unit' });
      this.CONSUME(R.of);
      this.SUBRULE3(this.expr, { LABEL: 'base' });
    });
  });

  readonly multiplierReward = this.RULE('multiplierReward', () => {
    this.CONSUME(S.multiplier);
    this.SUBRULE(this.expr, { LABEL: 'factor' });
    this.OPTION(() => this.CONSUME(S.x));
    this.OPTION2(() => {
      this.CONSUME(S.on);
      this.CONSUME(Identifier, { LABEL: 'targets' });
      this.MANY(() => { this.CONSUME(Comma); this.CONSUME2(Identifier, { LABEL: 'targets' }); });
    });
  });

  readonly cashbackReward = this.RULE('cashbackReward', () => {
    this.CONSUME(S.cashback);
    this.OR(this.alts(8, () => ({
      IGNORE_AMBIGUITIES: true,
      DEF: [
        { ALT: () => this.SUBRULE(this.tieredCashback) },
        { ALT: () => this.SUBRULE(this.rewardValue) },
      ],
    })));
  });

  readonly tieredCashback = this.RULE('tieredCashback', () => {
    this.CONSUME(S.tiered);
    this.CONSUME(S.on);
    this.SUBRULE(this.expr, { LABEL: 'base' });
    this.OPTION(() => { this.CONSUME(S.over); this.SUBRULE2(this.expr, { LABEL: 'over' }); });
    this.CONSUME(LCurly);
    this.MANY(() => this.SUBRULE(this.band));
    this.CONSUME(RCurly);
  });

  readonly band = this.RULE('band', () => {
    this.CONSUME(S.from);
    this.SUBRULE(this.expr, { LABEL: 'from' });
    this.CONSUME(Colon);
    this.SUBRULE2(this.expr, { LABEL: 'rate' });
  });

  readonly discountReward = this.RULE('discountReward', () => {
    this.CONSUME(S.discount);
    this.SUBRULE(this.rewardValue);
    this.OPTION(() => {
      this.CONSUME(S.on);
      this.OR(this.alts(9, () => ([
        { ALT: () => this.CONSUME(S.invoice, { LABEL: 'target' }) },
        { ALT: () => this.CONSUME(S.items, { LABEL: 'target' }) },
      ])));
    });
    this.OPTION2(() => { this.CONSUME(S.max); this.SUBRULE(this.expr, { LABEL: 'max' }); });
  });

  readonly freeProductReward = this.RULE('freeProductReward', () => {
    this.CONSUME(S.free);
    this.CONSUME(S.product);
    this.SUBRULE(this.expr, { LABEL: 'sku' });
    this.OPTION(() => { this.CONSUME(S.quantity); this.SUBRULE2(this.expr, { LABEL: 'quantity' }); });
  });

  readonly prizeReward = this.RULE('prizeReward', () => {
    this.CONSUME(S.prize);
    this.SUBRULE(this.expr, { LABEL: 'prize' });
    // `prize 1000 points`: the unit word marks a points prize (a plain number is points too).
    this.OPTION2(() => this.CONSUME(S.points, { LABEL: 'pointsUnit' }));
    this.CONSUME(S.chance);
    // Additive operands: `1 in 1000` must not parse as the membership test `1 in 1000`.
    this.SUBRULE(this.additive, { LABEL: 'chance' });
    this.OPTION(() => { this.CONSUME(R.in); this.SUBRULE2(this.additive, { LABEL: 'oneIn' }); });
  });

  /** `5% of amount` or a fixed amount. */
  readonly rewardValue = this.RULE('rewardValue', () => {
    this.SUBRULE(this.expr, { LABEL: 'amount' });
    this.OPTION(() => { this.CONSUME(R.of); this.SUBRULE2(this.expr, { LABEL: 'base' }); });
  });

  // ─── Caps and expiry ───────────────────────────────────────────────────────

  readonly cap = this.RULE('cap', () => {
    this.CONSUME(R.cap);
    this.SUBRULE(this.quantity);
    this.CONSUME(R.per);
    this.OR(this.alts(10, () => ([
      { ALT: () => this.CONSUME(R.transaction, { LABEL: 'scope' }) },
      { ALT: () => { this.CONSUME(R.customer, { LABEL: 'scope' }); this.CONSUME2(R.per); this.SUBRULE(this.period); } },
      { ALT: () => { this.CONSUME(R.program, { LABEL: 'scope' }); this.CONSUME3(R.per); this.SUBRULE2(this.period); } },
    ])));
  });

  readonly quantity = this.RULE('quantity', () => {
    this.CONSUME(NumberLiteral, { LABEL: 'value' });
    this.OR(this.alts(11, () => ([
      { ALT: () => this.CONSUME(S.points, { LABEL: 'unit' }) },
      { ALT: () => this.CONSUME(S.times, { LABEL: 'unit' }) },
      { ALT: () => this.CONSUME(CurrencyCode, { LABEL: 'unit' }) },
    ])));
  });

  readonly period = this.RULE('period', () => {
    this.OR(this.alts(12, () => ([
      { ALT: () => this.CONSUME(S.day, { LABEL: 'period' }) },
      { ALT: () => this.CONSUME(S.week, { LABEL: 'period' }) },
      { ALT: () => this.CONSUME(S.month, { LABEL: 'period' }) },
      { ALT: () => this.CONSUME(S.quarter, { LABEL: 'period' }) },
      { ALT: () => this.CONSUME(S.year, { LABEL: 'period' }) },
      { ALT: () => this.CONSUME(R.lifetime, { LABEL: 'period' }) },
    ])));
  });

  readonly expiry = this.RULE('expiry', () => {
    this.OR(this.alts(13, () => ([
      {
        ALT: () => {
          this.CONSUME(S.after, { LABEL: 'kind' });
          this.CONSUME(NumberLiteral, { LABEL: 'count' });
          this.OR2(this.alts(24, () => ([
            { ALT: () => this.CONSUME(S.day, { LABEL: 'unit' }) },
            { ALT: () => this.CONSUME(S.days, { LABEL: 'unit' }) },
            { ALT: () => this.CONSUME(S.week, { LABEL: 'unit' }) },
            { ALT: () => this.CONSUME(S.weeks, { LABEL: 'unit' }) },
            { ALT: () => this.CONSUME(S.month, { LABEL: 'unit' }) },
            { ALT: () => this.CONSUME(S.months, { LABEL: 'unit' }) },
            { ALT: () => this.CONSUME(S.year, { LABEL: 'unit' }) },
            { ALT: () => this.CONSUME(S.years, { LABEL: 'unit' }) },
          ])));
        },
      },
      {
        ALT: () => {
          this.CONSUME(S.at, { LABEL: 'kind' });
          this.CONSUME(S.end);
          this.CONSUME(R.of);
          this.OR3(this.alts(25, () => ([
            { ALT: () => this.CONSUME2(S.week, { LABEL: 'unit' }) },
            { ALT: () => this.CONSUME2(S.month, { LABEL: 'unit' }) },
            { ALT: () => this.CONSUME2(S.quarter, { LABEL: 'unit' }) },
            { ALT: () => this.CONSUME2(S.year, { LABEL: 'unit' }) },
          ])));
        },
      },
      { ALT: () => this.CONSUME(S.never, { LABEL: 'kind' }) },
    ])));
  });

  // ─── Expressions (lowest precedence first) ─────────────────────────────────

  readonly expr = this.RULE('expr', () => {
    this.SUBRULE(this.andExpr, { LABEL: 'operands' });
    this.MANY(() => { this.CONSUME(R.or, { LABEL: 'ops' }); this.SUBRULE2(this.andExpr, { LABEL: 'operands' }); });
  });

  readonly andExpr = this.RULE('andExpr', () => {
    this.SUBRULE(this.notExpr, { LABEL: 'operands' });
    this.MANY(() => { this.CONSUME(R.and, { LABEL: 'ops' }); this.SUBRULE2(this.notExpr, { LABEL: 'operands' }); });
  });

  readonly notExpr = this.RULE('notExpr', () => {
    this.OR(this.alts(14, () => ([
      { ALT: () => { this.CONSUME(R.not, { LABEL: 'not' }); this.SUBRULE(this.notExpr, { LABEL: 'operand' }); } },
      { ALT: () => this.SUBRULE(this.comparison, { LABEL: 'comparison' }) },
    ])));
  });

  readonly comparison = this.RULE('comparison', () => {
    this.SUBRULE(this.additive, { LABEL: 'left' });
    this.OPTION(() => {
      this.OR(this.alts(15, () => ([
        {
          ALT: () => {
            this.OR2(this.alts(26, () => ([
              { ALT: () => this.CONSUME(Equals, { LABEL: 'op' }) },
              { ALT: () => this.CONSUME(NotEquals, { LABEL: 'op' }) },
              { ALT: () => this.CONSUME(LessEquals, { LABEL: 'op' }) },
              { ALT: () => this.CONSUME(Less, { LABEL: 'op' }) },
              { ALT: () => this.CONSUME(GreaterEquals, { LABEL: 'op' }) },
              { ALT: () => this.CONSUME(Greater, { LABEL: 'op' }) },
            ])));
            this.SUBRULE2(this.additive, { LABEL: 'right' });
          },
        },
        {
          ALT: () => {
            this.OPTION2(() => this.CONSUME(R.not, { LABEL: 'not' }));
            this.CONSUME(R.in, { LABEL: 'in' });
            this.SUBRULE3(this.additive, { LABEL: 'right' });
          },
        },
      ])));
    });
  });

  readonly additive = this.RULE('additive', () => {
    this.SUBRULE(this.multiplicative, { LABEL: 'operands' });
    this.MANY(() => {
      this.OR(this.alts(16, () => ([
        { ALT: () => this.CONSUME(Plus, { LABEL: 'ops' }) },
        { ALT: () => this.CONSUME(Minus, { LABEL: 'ops' }) },
      ])));
      this.SUBRULE2(this.multiplicative, { LABEL: 'operands' });
    });
  });

  readonly multiplicative = this.RULE('multiplicative', () => {
    this.SUBRULE(this.unary, { LABEL: 'operands' });
    this.MANY(() => {
      this.OR(this.alts(17, () => ([
        { ALT: () => this.CONSUME(Star, { LABEL: 'ops' }) },
        { ALT: () => this.CONSUME(Slash, { LABEL: 'ops' }) },
      ])));
      this.SUBRULE2(this.unary, { LABEL: 'operands' });
    });
  });

  readonly unary = this.RULE('unary', () => {
    this.OR(this.alts(18, () => ([
      { ALT: () => { this.CONSUME(Minus, { LABEL: 'minus' }); this.SUBRULE(this.unary, { LABEL: 'operand' }); } },
      { ALT: () => this.SUBRULE(this.postfix, { LABEL: 'postfix' }) },
    ])));
  });

  readonly postfix = this.RULE('postfix', () => {
    this.SUBRULE(this.primary);
    this.MANY(() => { this.CONSUME(Dot); this.CONSUME(Identifier, { LABEL: 'members' }); });
  });

  readonly primary = this.RULE('primary', () => {
    this.OR(this.alts(19, () => ({
      IGNORE_AMBIGUITIES: true,
      DEF: [
        { ALT: () => this.SUBRULE(this.numberLit) },
        { ALT: () => this.CONSUME(StringLiteral, { LABEL: 'string' }) },
        { ALT: () => this.CONSUME(DateLiteral, { LABEL: 'date' }) },
        { ALT: () => this.CONSUME(TimeLiteral, { LABEL: 'time' }) },
        { ALT: () => this.CONSUME(R.true, { LABEL: 'bool' }) },
        { ALT: () => this.CONSUME(R.false, { LABEL: 'bool' }) },
        { ALT: () => this.SUBRULE(this.listLit) },
        { ALT: () => this.SUBRULE(this.parenExpr) },
        { ALT: () => this.SUBRULE(this.aggregate) },
        { ALT: () => this.SUBRULE(this.customerExpr) },
        { ALT: () => this.SUBRULE(this.call) },
        { ALT: () => this.CONSUME(Identifier, { LABEL: 'name' }) },
      ],
    })));
  });

  /** `42`, `5%`, `10 USD`. */
  readonly numberLit = this.RULE('numberLit', () => {
    this.CONSUME(NumberLiteral, { LABEL: 'value' });
    this.OPTION(() => {
      this.OR(this.alts(20, () => ([
        { ALT: () => this.CONSUME(Percent, { LABEL: 'percent' }) },
        { ALT: () => this.CONSUME(CurrencyCode, { LABEL: 'currency' }) },
      ])));
    });
  });

  readonly listLit = this.RULE('listLit', () => {
    this.CONSUME(LBracket);
    this.OPTION(() => {
      this.SUBRULE(this.expr, { LABEL: 'elements' });
      this.MANY(() => { this.CONSUME(Comma); this.SUBRULE2(this.expr, { LABEL: 'elements' }); });
    });
    this.CONSUME(RBracket);
  });

  readonly parenExpr = this.RULE('parenExpr', () => {
    this.CONSUME(LParen);
    this.SUBRULE(this.expr, { LABEL: 'inner' });
    this.CONSUME(RParen);
  });

  readonly aggregate = this.RULE('aggregate', () => {
    this.OR(this.alts(21, () => ([
      {
        ALT: () => {
          this.OR2(this.alts(27, () => ([
            { ALT: () => this.CONSUME(S.sum, { LABEL: 'fn' }) },
            { ALT: () => this.CONSUME(S.min, { LABEL: 'fn' }) },
            { ALT: () => this.CONSUME(S.max, { LABEL: 'fn' }) },
          ])));
          this.CONSUME(LParen);
          this.SUBRULE(this.expr, { LABEL: 'value' });
          this.CONSUME(R.for);
          this.CONSUME(Identifier, { LABEL: 'variable' });
          this.CONSUME(R.in);
          this.SUBRULE2(this.expr, { LABEL: 'source' });
          this.OPTION(() => { this.CONSUME(R.where); this.SUBRULE3(this.expr, { LABEL: 'filter' }); });
          this.CONSUME(RParen);
        },
      },
      {
        ALT: () => {
          this.OR3(this.alts(28, () => ([
            { ALT: () => this.CONSUME(S.count, { LABEL: 'fn' }) },
            { ALT: () => this.CONSUME(S.any, { LABEL: 'fn' }) },
            { ALT: () => this.CONSUME(S.all, { LABEL: 'fn' }) },
          ])));
          this.CONSUME2(LParen);
          this.CONSUME2(Identifier, { LABEL: 'variable' });
          this.CONSUME2(R.in);
          this.SUBRULE4(this.expr, { LABEL: 'source' });
          this.OPTION2(() => { this.CONSUME2(R.where); this.SUBRULE5(this.expr, { LABEL: 'filter' }); });
          this.CONSUME2(RParen);
        },
      },
    ])));
  });

  /** `customer` (then `.field`), `customer spend this month`, `customer lifetime points`. */
  readonly customerExpr = this.RULE('customerExpr', () => {
    this.CONSUME(R.customer);
    this.OPTION(() => {
      this.OR(this.alts(22, () => ([
        { ALT: () => { this.SUBRULE(this.metric); this.CONSUME(R.this); this.SUBRULE(this.period); } },
        { ALT: () => { this.CONSUME(R.lifetime, { LABEL: 'lifetime' }); this.SUBRULE2(this.metric); } },
      ])));
    });
  });

  readonly metric = this.RULE('metric', () => {
    this.OR(this.alts(23, () => ([
      { ALT: () => this.CONSUME(S.spend, { LABEL: 'metric' }) },
      { ALT: () => this.CONSUME(S.points, { LABEL: 'metric' }) },
      { ALT: () => this.CONSUME(S.cashback, { LABEL: 'metric' }) },
      { ALT: () => this.CONSUME(S.transactions, { LABEL: 'metric' }) },
    ])));
  });

  /** A built-in call: `lower(merchant)`. */
  readonly call = this.RULE('call', () => {
    this.CONSUME(Identifier, { LABEL: 'callee' });
    this.CONSUME(LParen);
    this.OPTION(() => {
      this.SUBRULE(this.expr, { LABEL: 'args' });
      this.MANY(() => { this.CONSUME(Comma); this.SUBRULE2(this.expr, { LABEL: 'args' }); });
    });
    this.CONSUME(RParen);
  });
}

/** Rule names the facade can start the parser at. */
export type EntryRule = 'preamble' | 'declaration';
