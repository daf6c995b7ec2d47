// What a marketer sees after one ordinary mistake: one diagnostic, on the right token, with a
// hint that names the fix — never a cascade of consequences or a misleading suggestion.
import { describe, expect, it } from 'vitest';
import { checkSource } from '../../compiler/front.ts';

const PRELUDE = `program "T" { currency USD timezone "America/New_York" rounding floor }
schema {
  record item { sku: string price: money qty: integer }
  transaction { amount: money  category: enum(dining, groceries, travel)  items: list of item  coupon: optional string }
  customer { tier: enum(standard, gold)  birthday: optional date }
}
`;
/** `code line:col+length hint` for each diagnostic of the prelude plus `rules` (lines count from the first rule line). */
function diags(rules: string): string[] {
  return checkSource(PRELUDE + rules).diagnostics.map((d) => `${d.code} ${d.span.line - 6}:${d.span.column}+${d.span.length} ${d.hint ?? ''}`.trimEnd());
}

describe('diagnostics a person can act on', () => {
  it('a misspelt reward line is one syntax error, not also "rule has no reward"', () => {
    expect(diags('rule a { when amount > 5 USD rewrd points 1 }')).toEqual(['ACC003 1:30+5 did you mean `reward`?']);
    expect(diags('rule a { reward pionts 1 }')).toEqual(['ACC003 1:17+6 did you mean `points`?']);
    expect(diags('rule a { when amount > 5 USD }').map((d) => d.slice(0, 6))).toEqual(['ACC010']);
  });

  it('a misspelt word mid-condition is its one syntax error, without the half-parsed condition\'s type errors', () => {
    expect(diags('rule a { when customer spent this month > 10 USD reward points 1 }')).toEqual(['ACC003 1:24+5 did you mean `spend`?']);
    expect(diags('rule a { when any(items.sku = "A") reward points 1 }').map((d) => d.slice(0, 13))).toEqual(['ACC003 1:24+1']);
    // On another line, a real type error still shows beside the syntax error.
    expect(diags('rule a {\n  when category = dinning\n  when any(items.sku = "A")\n  reward points 1\n}').map((d) => d.slice(0, 6))).toEqual(['ACC102', 'ACC003']);
  });

  it('transposed letters get a did-you-mean, and a misspelt weekday adds no "window lists no days"', () => {
    expect(diags('rule a { whne amount > 5 USD reward points 1 }')).toEqual(['ACC003 1:10+4 did you mean `when`?']);
    expect(diags('rule a { valid on mon..fir reward points 1 }')).toEqual(['ACC003 1:24+3 did you mean `fri`?']);
  });

  it('never suggests a keyword for a word that is itself one (`sun` is not `sum`, `last` is not `list`)', () => {
    expect(diags('rule a { valid on sat sun reward points 1 }')).toEqual(['ACC003 1:23+3 separate days with commas: `on sat, sun` or `on mon..fri`']);
    expect(diags('rule a { when customer spend last month > 5 USD reward points 1 }')[0]).toMatch(/^ACC003 1:30\+4 period aggregates count the current period/);
  });

  it('money and rates written as prose get the form to write: `5 usd`, `5 percent`, `per dollar`, `until`', () => {
    expect(diags('rule a { when amount > 5 usd reward points 1 }')).toEqual(['ACC003 1:26+3 currency codes are written in capitals: `5 USD`']);
    expect(diags('rule a { reward cashback 5 percent of amount }')).toEqual(['ACC003 1:28+7 a percentage is written with %: `5%`']);
    expect(diags('rule a { reward points 5 per dollar }')).toEqual(['ACC003 1:37+1 points per spend name the amount, its currency and the field: `reward points 1 per 1 USD of amount`']);
    expect(diags('rule a { valid from 2026-01-01 until 2026-02-01 reward points 1 }')).toEqual(['ACC003 1:32+5 a date window is `valid from 2026-01-01 to 2026-03-31` (both days included)']);
  });

  it('an aggregate without its loop variable is one error with the form to write, not also "shadows the field"', () => {
    expect(diags('rule a { when count(items) > 3 reward points 1 }')).toEqual(['ACC003 1:26+1 name each element of the list: `count(i in items where i.price > 5 USD)`']);
    expect(diags('rule a { when sum(items.price) > 3 USD reward points 1 }')).toEqual(['ACC003 1:30+1 name each element of the list: `sum(i.price for i in items)`']);
    expect(diags('rule a { reward points min(amount / 1 USD, 100) }')[0]).toMatch(/^ACC003 1:42\+1 for the smaller or larger of two values write `least\(a, b\)`/);
  });

  it('names from other languages point to the built-in or field that does the job', () => {
    expect(diags('rule a { when lowercase(coupon) = "x" reward points 1 }')).toEqual(['ACC101 1:15+9 did you mean `lower`?']);
    expect(diags('rule a { when len(coupon) = 3 reward points 1 }')).toEqual(['ACC101 1:15+3 did you mean `length`?']);
    expect(diags('rule a { when month(today()) = 3 reward points 1 }')).toEqual(['ACC101 1:21+5 the transaction\'s local date is `date(time)`']);
    expect(diags('rule a { when customer.amount > 5 USD reward points 1 }')).toEqual(['ACC100 1:24+6 `amount` is a transaction field: write `amount` without `customer.`']);
    expect(diags('rule a { group gg reward points 1 }')).toEqual(['ACC104 1:16+2 declare it at the top level: `group gg`']);
    const types = checkSource('program "T" { currency USD }\nschema { transaction { amount: mony  rate: decimal } }\nrule a { reward points 1 }').diagnostics;
    expect(types.map((d) => d.hint)).toEqual(['did you mean `money`?', 'did you mean `number`?']);
  });

  it('&&, || and single-quoted strings are one error each, and the rest of the rule still checks', () => {
    expect(diags('rule a { when amount > 5 USD && category = dining || coupon = \'X\' reward points 1 }')).toEqual([
      'ACC001 1:30+2 write `and`', 'ACC001 1:51+2 write `or`', 'ACC001 1:63+3 strings use double quotes: "like this"',
    ]);
    expect(diags('rule a { when category = dinning && amount > 5 USD reward points 1 }')).toEqual(['ACC102 1:26+7 did you mean `dining`?', 'ACC001 1:34+2 write `and`']);
  });

  it('a points cap with a fraction, or a money cap finer than its currency, is ACC307 instead of being silently floored', () => {
    const messages = (rules: string) => checkSource(PRELUDE.replace('rounding floor', 'rounding floor currencies JPY') + rules).diagnostics.map((d) => `${d.code} ${d.message}`);
    expect(messages('rule a { reward points 1 cap 2.5 points per transaction }')).toEqual(['ACC307 points are credited whole, so a points cap must be a whole number, got 2.5']);
    expect(messages('rule a { reward cashback 1% of amount cap 2.555 USD per customer per month }')).toEqual(['ACC307 USD has 2 decimals, so a cap of 2.555 USD cannot be counted exactly']);
    expect(messages('rule a { reward cashback 1% of amount cap 2.50 USD per transaction  cap 2.0 times per transaction }')).toEqual(['ACC307 a `times` cap counts whole applications, got 2.0']);
    expect(messages('rule a { reward prize 100.5 JPY chance 1 in 3  cap 100.5 JPY per program per day }')).toEqual(['ACC307 JPY has no minor unit, so a cap of 100.5 JPY cannot be counted exactly']);
  });
});

describe('hints for the mistakes a newcomer made', () => {
  it('`valid weekdays` hints the real window forms', () => {
    const [d] = diags('rule a { valid weekdays reward points 1 }');
    expect(d).toMatch(/^ACC003 1:16\+8 for weekdays write `valid on mon\.\.fri`; a window is /);
    expect(d).toContain('`valid from 2026-01-01 to 2026-03-31`');
    expect(d).toContain('`valid between 7:00 and 10:00`');
    expect(diags('rule a { valid weekends reward points 1 }')[0]).toContain('for weekends write `valid on sat, sun`');
  });

  it('`on mon-fri` hints `mon..fri`', () => {
    expect(diags('rule a { valid on mon-fri reward points 1 }')).toEqual(['ACC003 1:22+1 a range of days is written with two dots: `valid on mon..fri`']);
  });

  it('`between 7am and 10am` hints 24-hour `7:00`', () => {
    expect(diags('rule a { valid between 7am and 10am reward points 1 }')).toEqual([
      'ACC003 1:24+1 times of day are 24-hour `H:MM`, without am or pm: `7:00` (or `19:00` for 7 pm), e.g. `valid between 7:00 and 10:00`',
    ]);
  });

  it('an unquoted SKU (`free product DRINK-FREE`) is one unknown field with the quoted SKU as the hint', () => {
    expect(diags('rule a { reward free product DRINK-FREE }')).toEqual(['ACC100 1:30+5 a product SKU is a string: write `"DRINK-FREE"`']);
    expect(diags('rule a { reward free product TIL-100 }')).toEqual(['ACC100 1:30+3 a product SKU is a string: write `"TIL-100"`']);
    expect(diags('rule a { reward free product "DRINK-FREE" }')).toEqual([]);
  });

  it('`==` is one error with the `=` hint, also against an enum member inside an aggregate (no "unknown field")', () => {
    expect(diags('rule a { when category == dining reward points 1 }')).toEqual(['ACC003 1:25+1 equality is a single `=`']);
    expect(diags('rule a { when count(l in items where l.sku == "x") > 0 reward points 1 }')).toEqual(['ACC003 1:45+1 equality is a single `=`']);
    const enumPrelude = PRELUDE.replace('record item { sku: string', 'record item { kind: enum(pastry, drink) sku: string');
    const d = checkSource(`${enumPrelude}rule a { when count(l in items where l.kind == pastry) > 0 reward points 1 }`).diagnostics;
    expect(d.map((x) => `${x.code} ${x.message} | ${x.hint}`)).toEqual(['ACC003 expected an expression but found "=" | equality is a single `=`']);
  });

  it('a bare `rule` line is one error asking for the name, not "rule `` has no reward"', () => {
    const d = checkSource(`${PRELUDE}rule\nrule b { reward points 1 }`).diagnostics;
    expect(d.map((x) => x.code)).toEqual(['ACC003']);
    expect(d[0]!.message).toBe('expected a name but found "rule"');
    expect(d[0]!.hint).toBe('a rule starts with its id and an optional title: `rule welcome "Welcome bonus" {`');
    expect(d.some((x) => x.message.includes('``'))).toBe(false);
  });

  it('`per months` suggests `per customer per month` and the periods', () => {
    expect(diags('rule a { reward points 1 cap 5 points per months }')).toEqual([
      'ACC003 1:43+6 did you mean `per customer per month` (or `per program per month`, a budget shared by every customer)? Periods: day, week, month, quarter, year, lifetime',
    ]);
    expect(diags('rule a { reward points 1 cap 5 points per customer per months }')).toEqual(['ACC003 1:56+6 did you mean `month`? Periods: day, week, month, quarter, year, lifetime']);
  });

  it('a reward that can never pay (`points -5`, `multiplier 1x`, `cashback 0 USD`) is a warning', () => {
    const neg = checkSource(`${PRELUDE}rule a { reward points -5 }`);
    expect(neg.diagnostics.map((x) => `${x.severity} ${x.code} ${x.message}`)).toEqual(['warning ACC316 `reward points -5` can never pay: a rule whose reward is 0 or less is NOT_APPLICABLE']);
    expect(neg.program).toBeDefined(); // a warning: the program still compiles
    expect(diags('rule a { reward points 1 } rule m { reward multiplier 1x }').map((x) => x.slice(0, 6))).toEqual(['ACC316']);
    expect(diags('rule a { reward cashback 0 USD }').map((x) => x.slice(0, 6))).toEqual(['ACC316']);
    expect(diags('rule a { reward points 0 per 1 USD of amount }').map((x) => x.slice(0, 6))).toEqual(['ACC316']);
    // a negative rate pays on a negative base (a refund): left alone
    expect(diags('rule a { reward points -1 per 1 USD of amount }')).toEqual([]);
  });

  it('a cap given twice is a warning on the repeat', () => {
    expect(diags('rule a { reward points 5\n cap 5 points per customer per month\n cap 5 points per customer per month }')).toEqual(['ACC317 3:2+35 delete this line: the cap on line 8 already applies']);
    expect(diags('rule a { reward points 5 cap 5 points per customer per month cap 6 points per customer per month }')).toEqual([]);
    expect(diags('group g { cap 5 points per transaction cap 5 points per transaction }\nrule a { group g reward points 5 }\nrule b { group g priority 2 reward points 6 }').map((x) => x.slice(0, 6))).toEqual(['ACC317']);
  });

  it('a group no rule joins is a warning, naming its caps that bound nothing', () => {
    const d = checkSource(`${PRELUDE}group g { cap 5 points per customer per month }\nrule a { reward points 5 }`).diagnostics;
    expect(d.map((x) => `${x.severity} ${x.code} ${x.message}`)).toEqual(['warning ACC318 group `g` has no rules, so its cap bounds nothing']);
    expect(d[0]!.hint).toBe('rules join it with a `group g` line; or delete the group');
    // a misspelt `group` line says ACC104 with a did-you-mean, not also "no rules"
    expect(diags('group bonus\nrule a { group bonsu reward points 5 }').map((x) => x.slice(0, 6))).toEqual(['ACC104']);
  });
});
