// One row per diagnostic the checker reports: code, position, the caret a user sees, and the
// message/hint where the wording matters. Each row must produce exactly the listed codes
// (no cascades).
import { describe, expect, it } from 'vitest';
import type { DiagnosticCode } from '../../grammar/diagnostics.ts';
import { PRELUDE, PRELUDE_LINES, caretLine, diagnose } from './helpers.ts';

/** The line of the first declaration after the prelude. */
const B = PRELUDE_LINES + 1;
/** The prelude plus declarations starting on line B. */
const P = (decls: string): string => `${PRELUDE}\n${decls}`;
/** One rule `r` with the given body lines (indented by the caller); the body starts on line B + 1. */
const R = (body: string): string => P(`rule r {\n${body}\n}`);

/** A minimal program for cases that change the header or schema. */
const MINI = (header: string, fields: string, rest = ''): string =>
  `program "T" {\n${header}\n}\nschema {\n  transaction {\n${fields}\n  }\n}${rest}`;

interface Case {
  readonly name: string;
  readonly source: string;
  readonly code: DiagnosticCode;
  readonly line: number;
  readonly column: number;
  readonly caret: string;
  readonly message?: string | RegExp;
  readonly hint?: string;
  /** Further codes the source legitimately produces (default: none). */
  readonly others?: readonly DiagnosticCode[];
}

const CASES: readonly Case[] = [
  // ── Names ──
  { name: 'unknown field with a did-you-mean', source: R('  when categroy = dining\n  reward points 1'), code: 'ACC100', line: B + 1, column: 8, caret: '       ^^^^^^^^', message: 'unknown field `categroy`', hint: 'did you mean `category`?' },
  { name: 'unknown customer field', source: R('  when customer.teir = gold\n  reward points 1'), code: 'ACC100', line: B + 1, column: 17, caret: '                ^^^^', message: 'the customer has no field `teir`', hint: 'did you mean `tier`?' },
  { name: 'customer field written bare', source: R('  when tier = gold\n  reward points 1'), code: 'ACC100', line: B + 1, column: 8, caret: '       ^^^^', hint: '`tier` is a customer field: write `customer.tier`' },
  { name: 'unknown field of a record', source: R('  when any(i in items where i.skus = "A")\n  reward points 1'), code: 'ACC100', line: B + 1, column: 31, caret: '                              ^^^^', message: 'record `item` has no field `skus`', hint: 'did you mean `sku`?' },
  { name: 'unknown spend field in the header', source: MINI('  currency USD\n  spend amout', '    amount: money'), code: 'ACC100', line: 3, column: 9, caret: '        ^^^^^', hint: 'did you mean `amount`?' },
  { name: 'unknown function', source: R('  when lowr(mcc) = "x"\n  reward points 1'), code: 'ACC101', line: B + 1, column: 8, caret: '       ^^^^', message: 'unknown function `lowr`', hint: 'did you mean `lower`?' },
  { name: 'unknown enum member (bare name)', source: R('  when category = dinning\n  reward points 1'), code: 'ACC102', line: B + 1, column: 19, caret: '                  ^^^^^^^', message: '`dinning` is not a member of enum(dining, travel, groceries, gas)', hint: 'did you mean `dining`?' },
  { name: 'unknown enum member (string literal)', source: R('  when category = "Dining"\n  reward points 1'), code: 'ACC102', line: B + 1, column: 19, caret: '                  ^^^^^^^^', hint: 'did you mean `dining`?' },
  { name: 'unknown enum member in a list', source: R('  when category in [dining, travl]\n  reward points 1'), code: 'ACC102', line: B + 1, column: 29, caret: '                            ^^^^^', hint: 'did you mean `travel`?' },
  { name: 'unknown enum member of a record field', source: R('  when any(i in items where i.division = tile)\n  reward points 1'), code: 'ACC102', line: B + 1, column: 42, caret: '                                         ^^^^', hint: 'did you mean `tiles`?' },
  { name: 'unknown enum member, nothing close', source: R('  when channel = phone\n  reward points 1'), code: 'ACC102', line: B + 1, column: 18, caret: '                 ^^^^^', hint: 'members: online, store' },
  { name: 'unknown record type', source: MINI('  currency USD', '    amount: money\n    lines: list of line_item').replace('  }\n}', '  }\n  record lineitem {\n    sku: string\n  }\n}'), code: 'ACC103', line: 7, column: 20, caret: '                   ^^^^^^^^^', message: 'unknown record type `line_item`', hint: 'did you mean `lineitem`?' },
  { name: 'unknown group', source: P('group bonus\nrule r {\n  group bonsu\n  reward points 1\n}'), code: 'ACC104', line: B + 2, column: 9, caret: '        ^^^^^', hint: 'did you mean `bonus`?' },
  { name: 'unknown multiplier target', source: P('rule base {\n  reward points 1\n}\nrule promo {\n  reward multiplier 2x on bse\n}'), code: 'ACC105', line: B + 4, column: 27, caret: '                          ^^^', message: 'unknown rule `bse`', hint: 'did you mean `base`?' },
  { name: 'duplicate rule id', source: P('rule r {\n  reward points 1\n}\nrule r {\n  reward points 2\n}'), code: 'ACC106', line: B + 3, column: 6, caret: '     ^', hint: `first declared on line ${B}` },
  { name: 'duplicate field', source: MINI('  currency USD', '    amount: money\n    amount: number'), code: 'ACC107', line: 7, column: 5, caret: '    ^^^^^^', hint: 'first declared on line 6' },
  { name: 'duplicate group', source: P('group g\ngroup g'), code: 'ACC108', line: B + 1, column: 7, caret: '      ^', others: ['ACC318'] },
  { name: 'currency not declared by the program', source: R('  when amount > 5 GBP\n  reward points 1'), code: 'ACC109', line: B + 1, column: 19, caret: '                  ^^^', hint: 'add `currencies GBP` to the program header' },
  { name: 'not a currency code', source: R('  reward cashback 5 XYZ'), code: 'ACC109', line: B + 1, column: 21, caret: '                    ^^^', message: '`XYZ` is not a currency code' },
  { name: 'not a currency code in the header', source: MINI('  currency USX', '    amount: money'), code: 'ACC109', line: 2, column: 12, caret: '           ^^^', hint: 'did you mean `USD`?' },
  { name: 'unknown timezone', source: MINI('  currency USD\n  timezone "Europe/Pariss"', '    amount: money'), code: 'ACC110', line: 3, column: 12, caret: '           ^^^^^^^^^^^^^^^', hint: 'did you mean `Europe/Paris`?' },
  { name: 'loop variable shadows a field', source: R('  when count(amount in items) > 1\n  reward points 1'), code: 'ACC111', line: B + 1, column: 14, caret: '             ^^^^^^' },
  { name: 'implicit field redeclared', source: MINI('  currency USD', '    amount: money\n    time: timestamp'), code: 'ACC112', line: 7, column: 5, caret: '    ^^^^' },
  { name: 'duplicate enum member', source: MINI('  currency USD', '    kind: enum(a, b, a)'), code: 'ACC113', line: 6, column: 22, caret: '                     ^' },
  { name: 'record that holds itself', source: 'program "T" {\n  currency USD\n}\nschema {\n  record item { sku: string  addons: list of item }\n  transaction {\n    items: list of item\n  }\n}', code: 'ACC114', line: 5, column: 30, caret: '                             ^^^^^^', message: 'record `item` contains itself (item.addons → item): a record cannot hold itself, directly or through other records' },
  { name: 'records that hold each other', source: 'program "T" {\n  currency USD\n}\nschema {\n  record a { b: optional b }\n  record b { a: a }\n  transaction {\n    x: a\n  }\n}', code: 'ACC114', line: 6, column: 14, caret: '             ^', message: /\(a\.b → b\.a → a\)/ },

  // ── Types ──
  { name: 'argument of the wrong type', source: R('  when weekday(mcc) = 1\n  reward points 1'), code: 'ACC200', line: B + 1, column: 16, caret: '               ^^^', message: 'argument 1 of `weekday` must be a date or timestamp, got string' },
  { name: 'bare customer', source: R('  when customer = gold\n  reward points 1'), code: 'ACC200', line: B + 1, column: 8, caret: '       ^^^^^^^^' },
  { name: 'money plus a plain number', source: R('  when amount + 5 > 10 USD\n  reward points 1'), code: 'ACC201', line: B + 1, column: 17, caret: '                ^', message: 'cannot add a plain number to money USD', hint: 'write the amount with its currency, e.g. `5 USD`' },
  { name: 'money of two currencies', source: R('  when amount > fx\n  reward points 1'), code: 'ACC202', line: B + 1, column: 17, caret: '                ^^', message: 'money USD and money EUR are different currencies' },
  { name: 'money literal of another currency', source: R('  when amount >= 5 EUR\n  reward points 1'), code: 'ACC202', line: B + 1, column: 18, caret: '                 ^^^^^' },
  { name: 'discount maximum in another currency', source: R('  reward discount 10% of amount max 5 EUR'), code: 'ACC202', line: B + 1, column: 37, caret: '                                    ^^^^^' },
  { name: 'condition is not boolean', source: R('  when amount\n  reward points 1'), code: 'ACC203', line: B + 1, column: 8, caret: '       ^^^^^^', message: 'condition must be boolean, got money USD' },
  { name: 'wrong number of arguments', source: R('  when lower() = "a"\n  reward points 1'), code: 'ACC204', line: B + 1, column: 8, caret: '       ^^^^^^^', message: '`lower` takes 1 argument, got 0' },
  { name: 'operator on strings', source: R('  when mcc * 2 = 4\n  reward points 1'), code: 'ACC205', line: B + 1, column: 12, caret: '           ^' },
  { name: 'money compared with a plain number', source: R('  when amount > 5\n  reward points 1'), code: 'ACC206', line: B + 1, column: 8, caret: '       ^^^^^^^^^^', hint: 'write the amount with its currency, e.g. `5 USD`' },
  { name: 'a number-valued expression compared with money', source: R('  when length(mcc) > 5 USD\n  reward points 1'), code: 'ACC206', line: B + 1, column: 8, caret: '       ^^^^^^^^^^^^^^^^^^^', hint: 'a number is not an amount of money: compare it with a number (`n > 5`), or make it money by multiplying by a unit (`n * 1 USD > 5 USD`)' },
  { name: 'date compared with a timestamp', source: R('  when posted = time\n  reward points 1'), code: 'ACC206', line: B + 1, column: 8, caret: '       ^^^^^^^^^^^^^', hint: 'use `date(time)` to compare a timestamp with a date' },
  { name: 'enum compared with a number', source: R('  when category = 3\n  reward points 1'), code: 'ACC206', line: B + 1, column: 8, caret: '       ^^^^^^^^^^^^', message: 'cannot compare enum(dining, travel, groceries, gas) with integer' },
  { name: '`in` on something not a list', source: R('  when mcc in amount\n  reward points 1'), code: 'ACC207', line: B + 1, column: 15, caret: '              ^^^^^^' },
  { name: 'field of a non-record', source: R('  when mcc.size = 3\n  reward points 1'), code: 'ACC208', line: B + 1, column: 12, caret: '           ^^^^' },
  { name: 'cashback of a plain percentage', source: R('  reward cashback 5%'), code: 'ACC209', line: B + 1, column: 19, caret: '                  ^^', message: 'cashback must be money, got number' },
  { name: 'free product quantity not an integer', source: R('  reward free product "SKU" quantity 1.5'), code: 'ACC209', line: B + 1, column: 38, caret: '                                     ^^^' },
  { name: 'list of mixed types', source: R('  when mcc in ["a", 1]\n  reward points 1'), code: 'ACC210', line: B + 1, column: 21, caret: '                    ^' },
  { name: 'division by zero', source: R('  when amount / 0 > 1 USD\n  reward points 1'), code: 'ACC211', line: B + 1, column: 17, caret: '                ^' },
  { name: 'sum of strings', source: R('  when sum(i.sku for i in items) = "x"\n  reward points 1'), code: 'ACC212', line: B + 1, column: 12, caret: '           ^^^^^' },

  // ── Rules ──
  { name: 'money cap on a points rule', source: R('  reward points 10\n  cap 5 USD per transaction'), code: 'ACC300', line: B + 2, column: 3, caret: '  ^^^^^^^^^^^^^^^^^^^^^^^^^', message: 'a cap in USD does not fit a points reward', hint: 'caps on this reward count points or times' },
  { name: 'group cap that does not fit a member', source: P('group g {\n  cap 10 USD per customer per month\n}\nrule a {\n  group g\n  priority 1\n  reward points 1\n}\nrule b {\n  group g\n  priority 2\n  reward cashback 1 USD\n}'), code: 'ACC300', line: B + 1, column: 3, caret: '  ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^', message: 'this group cap in USD does not fit rule `a`, which gives points' },
  { name: 'multiplier with no points rules', source: P('rule promo {\n  reward multiplier 2x\n}'), code: 'ACC301', line: B + 1, column: 10, caret: '         ^^^^^^^^^^^^^' },
  { name: 'dates in the wrong order', source: R('  valid from 2026-03-01 to 2026-01-01\n  reward points 1'), code: 'ACC302', line: B + 1, column: 9, caret: '        ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^', message: 'window starts on 2026-03-01, after it ends on 2026-01-01' },
  { name: 'hours window of no length', source: R('  valid between 10:00 and 10:00\n  reward points 1'), code: 'ACC302', line: B + 1, column: 9, caret: '        ^^^^^^^^^^^^^^^^^^^^^^^' },
  { name: 'day lists with nothing in common', source: R('  valid on mon on tue\n  reward points 1'), code: 'ACC302', line: B + 1, column: 16, caret: '               ^^^^^^' },
  { name: 'condition always false (warning)', source: R('  when 1 > 2\n  reward points 1'), code: 'ACC303', line: B + 1, column: 8, caret: '       ^^^^^' },
  { name: 'equal priorities in a group (warning)', source: P('group g\nrule a {\n  group g\n  priority 5\n  reward points 1\n}\nrule b {\n  group g\n  priority 5\n  reward points 2\n}'), code: 'ACC304', line: B + 8, column: 12, caret: '           ^' },
  { name: 'cashback bands out of order', source: R('  reward cashback tiered on amount {\n    from 100 USD: 2%\n    from 50 USD: 1%\n  }'), code: 'ACC305', line: B + 3, column: 10, caret: '         ^^^^^^' },
  { name: 'chance above one', source: R('  reward prize 10 USD chance 150%'), code: 'ACC306', line: B + 1, column: 30, caret: '                             ^^^^', message: 'chance must be more than 0 and at most 1, got 1.5' },
  { name: 'one in zero', source: R('  reward prize 10 USD chance 1 in 0'), code: 'ACC306', line: B + 1, column: 35, caret: '                                  ^' },
  { name: 'cashback rate without %: 500%', source: R('  reward cashback 5 of amount'), code: 'ACC319', line: B + 1, column: 19, caret: '                  ^', message: 'the cashback rate is 500%, more than the whole amount', hint: 'a bare number is a fraction of the amount (5 = 500%); write a percentage with %, e.g. `5%`' },
  { name: 'discount above the price', source: R('  reward discount 150% of amount'), code: 'ACC319', line: B + 1, column: 19, caret: '                  ^^^^', message: 'the discount rate is 150%, more than the whole amount' },
  { name: 'negative cashback band', source: R('  reward cashback tiered on amount { from 0 USD: 5% from 100 USD: -2% }'), code: 'ACC319', line: B + 1, column: 67, caret: '                                                                  ^^^', message: 'the cashback band rate is -2%: a rate cannot be negative' },
  { name: 'cap of zero', source: R('  reward points 1\n  cap 0 points per transaction'), code: 'ACC307', line: B + 2, column: 7, caret: '      ^' },
  { name: 'expiry of zero days', source: R('  reward points 1\n  expires after 0 days'), code: 'ACC308', line: B + 2, column: 17, caret: '                ^' },
  { name: 'expiry of 12000 days, past the limit, says what the limit is', source: R('  reward points 1\n  expires after 12000 days'), code: 'ACC308', line: B + 2, column: 17, caret: '                ^^^^^', message: 'expiry needs a whole number from 1 to 10000, got 12000' },
  { name: 'condition always true (warning)', source: R('  when true\n  reward points 1'), code: 'ACC309', line: B + 1, column: 8, caret: '       ^^^^' },
  { name: 'fractional priority', source: R('  priority 1.5\n  reward points 1'), code: 'ACC310', line: B + 1, column: 12, caret: '           ^^^' },
  { name: 'multiplier on a cashback rule', source: P('rule cb {\n  reward cashback 1% of amount\n}\nrule base {\n  reward points 1\n}\nrule promo {\n  reward multiplier 2x on cb\n}'), code: 'ACC311', line: B + 7, column: 27, caret: '                          ^^', message: 'rule `cb` gives cashback, not points, so a multiplier cannot multiply it' },
  { name: 'spend field that is not money', source: MINI('  currency USD\n  spend mcc', '    mcc: string'), code: 'ACC312', line: 3, column: 9, caret: '        ^^^' },
  { name: 'customer spend without a spend field', source: MINI('  currency USD', '    total: number', '\nrule r {\n  when customer spend this month > 100 USD\n  reward points 1\n}'), code: 'ACC312', line: 10, column: 8, caret: '       ^^^^^^^^^^^^^^^^^^^^^^^^^' },
  { name: 'group with a single rule (warning)', source: P('group g\nrule a {\n  group g\n  reward points 1\n}'), code: 'ACC313', line: B, column: 7, caret: '      ^' },
  { name: 'a minimum redemption of 1.5 points', source: MINI('  currency USD\n  minimum redemption 1.5 points', '    amount: money'), code: 'ACC314', line: 3, column: 22, caret: '                     ^^^', message: 'points are redeemed whole, so a minimum redemption in points must be a whole number, got 1.5' },
  { name: 'a minimum redemption finer than its currency', source: MINI('  currency USD\n  minimum redemption 5.001 USD', '    amount: money'), code: 'ACC314', line: 3, column: 22, caret: '                     ^^^^^', message: 'USD has 2 decimals, so a minimum redemption of 5.001 USD cannot be redeemed exactly' },
  { name: 'a minimum redemption of zero', source: MINI('  currency USD\n  minimum redemption 0 points', '    amount: money'), code: 'ACC314', line: 3, column: 22, caret: '                     ^', message: 'a minimum redemption must be more than zero, got 0' },
  { name: 'header without a currency', source: MINI('  timezone "UTC"', '    total: number'), code: 'ACC314', line: 1, column: 1, caret: '^^^^^^^', hint: 'add e.g. `currency USD` to the program header' },
  { name: 'a flat reward of 0 or less', source: R('  reward points -5'), code: 'ACC316', line: B + 1, column: 17, caret: '                ^^', message: '`reward points -5` can never pay: a rule whose reward is 0 or less is NOT_APPLICABLE' },
  { name: 'a cap given twice', source: R('  reward points 5\n  cap 5 points per transaction\n  cap 5 points per transaction'), code: 'ACC317', line: B + 3, column: 3, caret: '  ^^^^^^^^^^^^^^^^^^^^^^^^^^^^', hint: `delete this line: the cap on line ${B + 2} already applies` },
  { name: 'a group no rule joins', source: P('group g {\n  cap 5 points per transaction\n}\nrule r {\n  reward points 1\n}'), code: 'ACC318', line: B, column: 7, caret: '      ^', message: 'group `g` has no rules, so its cap bounds nothing' },
  { name: 'a stacking group without caps (warning)', source: P('group promos stacking\nrule a {\n  group promos\n  priority 1\n  reward points 1\n}\nrule b {\n  group promos\n  priority 2\n  reward points 2\n}'), code: 'ACC320', line: B, column: 7, caret: '      ^^^^^^', message: 'stacking group `promos` has no caps, so it changes nothing: its rules stack as they would outside it', hint: 'give it the caps its rules share, e.g. `group promos stacking { cap 5000 points per customer per month }`; or delete it' },
  { name: 'a stacking group with a single rule (warning)', source: P('group promos stacking { cap 5 points per transaction }\nrule a {\n  group promos\n  reward points 1\n}'), code: 'ACC313', line: B, column: 7, caret: '      ^^^^^^', message: 'stacking group `promos` has a single rule, so its caps share nothing', hint: 'put the caps on the rule itself, or let more rules join the group' },
  { name: 'rules of a stacking group with equal priority (warning)', source: P('group promos stacking { cap 5 points per transaction }\nrule a {\n  group promos\n  priority 3\n  reward points 1\n}\nrule b {\n  group promos\n  priority 3\n  reward points 2\n}'), code: 'ACC304', line: B + 8, column: 12, caret: '           ^', message: "rules `a` and this one share stacking group `promos` and priority 3: the rule id decides which of them takes the group's caps first" },
  { name: 'a stacking group cap that does not fit a member', source: P('group promos stacking { cap 500 points per customer per month }\nrule a {\n  group promos\n  priority 1\n  reward points 1\n}\nrule b {\n  group promos\n  priority 2\n  reward cashback 1% of amount\n}'), code: 'ACC300', line: B, column: 25, caret: '                        ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^', message: 'this group cap in points does not fit rule `b`, which gives cashback' },
  { name: 'group mixing a multiplier with points', source: P('group g\nrule base {\n  group g\n  priority 1\n  reward points 1\n}\nrule promo {\n  group g\n  priority 2\n  reward multiplier 2x\n}'), code: 'ACC315', line: B + 7, column: 9, caret: '        ^' },
];

describe('checker diagnostics', () => {
  it('has at least 40 distinct cases', () => {
    expect(CASES.length).toBeGreaterThanOrEqual(40);
    expect(new Set(CASES.map((c) => c.name)).size).toBe(CASES.length);
  });

  it.each(CASES)('$code $name', (c) => {
    const diags = diagnose(c.source);
    expect(diags.map((d) => d.code).sort()).toEqual([c.code, ...(c.others ?? [])].sort());
    const d = diags.find((x) => x.code === c.code)!;
    expect({ line: d.span.line, column: d.span.column }).toEqual({ line: c.line, column: c.column });
    expect(caretLine(c.source, d.span)).toBe(c.caret);
    if (typeof c.message === 'string') expect(d.message).toBe(c.message);
    else if (c.message !== undefined) expect(d.message).toMatch(c.message);
    if (c.hint !== undefined) expect(d.hint).toBe(c.hint);
  });
});
