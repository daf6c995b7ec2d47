// Error recovery: many diagnostics per file, exact positions, catalogue codes, and the
// declarations after an error still parse.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from '../../grammar/parse.ts';
import { PREAMBLE, render } from './helpers.ts';

const sample = readFileSync(new URL('../../rules-examples/credit-card/credit-card.accrue', import.meta.url), 'utf8');
const ruleIds = (source: string) => parse(source).ast.rules.map((r) => r.id.name);

describe('recovery after garbage', () => {
  it('parses the realistic sample program without diagnostics', () => {
    const { ast, diagnostics } = parse(sample);
    expect(render(diagnostics)).toEqual([]);
    expect(ast.rules.length).toBeGreaterThan(10);
  });

  it('reports a line of garbage inserted between rules at its line:col and keeps every rule after it', () => {
    const at = sample.indexOf('rule dining');
    const line = sample.slice(0, at).split('\n').length;
    const broken = `${sample.slice(0, at)}%% this is $ not ) valid {{ ]\n${sample.slice(at)}`;
    const { ast, diagnostics } = parse(broken);
    expect(diagnostics.length).toBeGreaterThanOrEqual(1);
    expect([diagnostics[0]!.span.line, diagnostics[0]!.span.column]).toEqual([line, 1]);
    expect(ast.rules.map((r) => r.id.name)).toEqual(ruleIds(sample));
  });

  it('reports garbage appended to a valid program and keeps all its rules', () => {
    const lines = sample.split('\n').length;
    const { ast, diagnostics } = parse(`${sample}\nwhen when ??? 12 "x`);
    expect(render(diagnostics).map((d) => d.split(' ').slice(0, 2).join(' '))).toContain(`ACC003 ${lines + 1}:1+4`);
    expect(diagnostics.some((d) => d.code === 'ACC002')).toBe(true);
    expect(ast.rules.map((r) => r.id.name)).toEqual(ruleIds(sample));
  });

  it('resumes at the next rule when a rule misses its closing brace', () => {
    const { ast, diagnostics } = parse(`${PREAMBLE}rule a {\n  reward points 1\nrule b { reward points 2 }\n`);
    expect(render(diagnostics)).toEqual(['ACC003 9:1+4 expected "}" but found "rule"']);
    expect(diagnostics[0]!.hint).toBe('the rule before this one is missing its closing `}`');
    expect(ast.rules.map((r) => [r.id.name, r.reward?.kind])).toEqual([['a', 'PointsReward'], ['b', 'PointsReward']]);
  });

  it('resumes at the next group or exclusion declared inside an unclosed rule', () => {
    const { ast } = parse(`${PREAMBLE}rule a { reward points 1\ngroup g "G"\nexclude e when x = 1\nrule b { group g reward points 2 exclude when y }\n`);
    expect(ast.groups.map((g) => g.id.name)).toEqual(['g']);
    expect(ast.exclusions.map((e) => e.id.name)).toEqual(['e']);
    expect(ast.rules.map((r) => [r.id.name, r.group?.name, r.exclusions.length])).toEqual([['a', undefined, 0], ['b', 'g', 1]]);
  });

  it('resumes at a stacking group declared inside an unclosed rule', () => {
    const { ast } = parse(`${PREAMBLE}rule a { reward points 1\ngroup promos stacking { cap 5 points per transaction }\nrule b { group promos reward points 2 }\n`);
    expect(ast.groups.map((g) => [g.id.name, g.stacking !== undefined, g.caps.length])).toEqual([['promos', true, 1]]);
    expect(ast.rules.map((r) => [r.id.name, r.group?.name])).toEqual([['a', undefined], ['b', 'promos']]);
  });

  it('hints that a group\'s title comes before `stacking`, and that groups need not say `exclusive`', () => {
    const hint = (src: string) => parse(`${PREAMBLE}${src}`).diagnostics.map((d) => [d.code, d.hint]);
    expect(hint('group promos stacking "Promotions" { cap 5 points per transaction }')).toEqual([
      ['ACC003', 'the title comes before `stacking`: `group promos "Promotions" stacking { cap … }`'],
    ]);
    expect(hint('group slab exclusive { cap 5 points per transaction }')).toEqual([['ACC003', 'a group is exclusive unless declared `stacking`: leave the word out']]);
    expect(hint('group promos stackng { cap 5 points per transaction }')).toEqual([['ACC003', 'did you mean `stacking`?']]);
  });

  it('reports several independent errors in one file, in source order', () => {
    const source = `${PREAMBLE}rule a { reward bananas 1 }\nrule b { when amount > reward points 1 }\nrule c { reward points 1 cap 5 per transaction }\nrule d { reward points 4 }`;
    const { ast, diagnostics } = parse(source);
    expect(render(diagnostics)).toEqual([
      'ACC003 7:17+7 expected a reward (points, multiplier, cashback, discount, free product, prize) but found "bananas"',
      'ACC003 8:24+6 expected an expression but found "reward"',
      'ACC003 9:32+3 expected a unit (points, times or a currency code) but found "per"',
    ]);
    expect(ast.rules.map((r) => r.id.name)).toEqual(['a', 'b', 'c', 'd']);
  });

  it('leaves an ErrorExpr where an operand is missing, so the rule keeps its shape', () => {
    const { ast } = parse(`${PREAMBLE}rule a { when amount > reward points 1 }`);
    const cond = ast.rules[0]!.conditions[0]!;
    expect(cond.kind === 'Binary' && cond.right.kind).toBe('ErrorExpr');
    expect(ast.rules[0]!.reward?.kind).toBe('PointsReward');
  });
});

describe('hints', () => {
  it('suggests the keyword a misspelt word was probably meant to be', () => {
    const hints = (body: string) => parse(`${PREAMBLE}${body}`).diagnostics.map((d) => [d.message, d.hint]);
    expect(hints('rule a { rewrd points 1 }')).toEqual([['expected a rule item or "}" but found "rewrd"', 'did you mean `reward`?']]);
    expect(hints('rule a { reward pionts 1 }')).toEqual([
      ['expected a reward (points, multiplier, cashback, discount, free product, prize) but found "pionts"', 'did you mean `points`?'],
    ]);
    expect(hints('rule a { reward points 1 cap 5 points per custmer per day }')).toEqual([
      ['expected a cap scope (transaction, customer per …, program per …) but found "custmer"', 'did you mean `customer`?'],
    ]);
  });

  it('names what a block may contain when its body stops matching', () => {
    const messages = (source: string) => parse(source).diagnostics.map((d) => d.message);
    expect(messages(`program "P" { curency USD }\nschema { transaction { amount: money } }`)).toEqual([
      'expected a header setting or "}" but found "curency"',
    ]);
    expect(messages(`${PREAMBLE}group g { cap 5 points per transaction bogus }`)).toEqual(['expected a cap or "}" but found "bogus"']);
  });
});

describe('syntax error codes', () => {
  it('ACC004 when one token is missing and the parser can carry on as if it were there', () => {
    const { ast, diagnostics } = parse(`${PREAMBLE}rule a { when (amount > 1 USD reward points 1 }`);
    expect(render(diagnostics)).toEqual(['ACC004 7:31+6 missing ")" before "reward"']);
    expect(ast.rules[0]!.conditions).toHaveLength(1);
  });

  it('ACC005 at the very end when the file stops mid-rule', () => {
    const source = `${PREAMBLE}rule a { reward points`;
    expect(render(parse(source).diagnostics)).toEqual([
      `ACC005 7:23+0 unexpected end of file: expected an expression but found end of file`,
    ]);
  });

  it('ACC003 for an unexpected token, with a hint for `==`', () => {
    const { diagnostics } = parse(`${PREAMBLE}rule a { when amount == 1 USD reward points 1 }`);
    expect(render(diagnostics)).toEqual(['ACC003 7:23+1 expected an expression but found "="']);
    expect(diagnostics[0]!.hint).toBe('equality is a single `=`');
  });

  it('ACC003 for stray tokens after a complete declaration', () => {
    const { diagnostics } = parse(`${PREAMBLE}rule a { reward points 1 } }`);
    expect(render(diagnostics)).toEqual(['ACC003 7:28+1 unexpected "}": expected a new `rule`, `group` or `exclude`']);
  });

  it('reports a header missing its closing brace and still reads the schema after it', () => {
    const { ast, diagnostics } = parse(`program "P" { currency USD\nschema { transaction { amount: money } }\nrule a { reward points 1 }`);
    expect(render(diagnostics)).toEqual(['ACC003 2:1+6 expected "}" but found "schema"']);
    expect(ast.header?.settings).toHaveLength(1);
    expect(ast.schema?.blocks).toHaveLength(1);
    expect(ast.rules).toHaveLength(1);
  });

  it('reports a schema after the rules (ACC003) but still uses it', () => {
    const { ast, diagnostics } = parse(`program "P" { currency USD }\nrule a { reward points 1 }\nschema { transaction { amount: money } }`);
    expect(diagnostics.map((d) => d.code)).toEqual(['ACC003']);
    expect(diagnostics[0]!.message).toBe('the schema must come before groups, exclusions and rules');
    expect(ast.schema).toBeDefined();
  });

  it('reports a second header as ACC007', () => {
    const { diagnostics } = parse(`${PREAMBLE}program "Again" { currency EUR }`);
    expect(diagnostics.map((d) => [d.code, d.message])).toEqual([['ACC007', 'a second program header']]);
  });

  it('reports a rule with no id and keeps its body', () => {
    const { ast, diagnostics } = parse(`${PREAMBLE}rule { reward points 1 }`);
    expect(render(diagnostics)).toEqual(['ACC004 7:6+1 missing a name before "{"']);
    expect(ast.rules[0]!.reward?.kind).toBe('PointsReward');
  });

  it('every diagnostic span lies inside the source', () => {
    const source = `${PREAMBLE}rule { when ( reward\n"unterminated\n@ rule b { cap }`;
    for (const d of parse(source).diagnostics) {
      expect(d.span.offset).toBeGreaterThanOrEqual(0);
      expect(d.span.offset + d.span.length).toBeLessThanOrEqual(source.length);
      expect(d.span.line).toBeGreaterThanOrEqual(1);
      expect(d.span.column).toBeGreaterThanOrEqual(1);
    }
  });
});

describe('syntax hints for windows, caps, names and `==`', () => {
  const hintOf = (rule: string): string | undefined => parse(`${PREAMBLE}${rule}`).diagnostics[0]?.hint;

  it('`==` is one ACC003 and the rest parses as `=` (no recovery cascade)', () => {
    const { diagnostics, ast } = parse(`${PREAMBLE}rule a { when count(l in items where l.kind == pastry) > 0 reward points 1 }`);
    expect(render(diagnostics)).toEqual([expect.stringMatching(/^ACC003 \d+:\d+\+1 expected an expression but found "="$/)]);
    expect(diagnostics[0]!.hint).toBe('equality is a single `=`');
    expect(ast.rules[0]?.reward?.kind).toBe('PointsReward');
  });

  it('a word after `valid` hints the window forms', () => {
    expect(hintOf('rule a { valid weekdays reward points 1 }')).toMatch(/^for weekdays write `valid on mon\.\.fri`/);
    expect(hintOf('rule a { valid always reward points 1 }')).toMatch(/^a window is `valid on mon\.\.fri`/);
  });

  it('`mon-fri` hints `mon..fri`; `7am` hints `7:00`', () => {
    expect(hintOf('rule a { valid on mon-fri reward points 1 }')).toBe('a range of days is written with two dots: `valid on mon..fri`');
    expect(hintOf('rule a { valid between 7am and 10am reward points 1 }')).toMatch(/^times of day are 24-hour `H:MM`, without am or pm: `7:00`/);
  });

  it('a period word where a cap scope or period belongs suggests the real form', () => {
    expect(hintOf('rule a { reward points 1 cap 5 points per months }')).toMatch(/^did you mean `per customer per month`/);
    expect(hintOf('rule a { reward points 1 cap 5 points per customer per daily }')).toMatch(/^did you mean `day`\?/);
  });

  it('a `rule` without a name hints the declaration form', () => {
    expect(hintOf('rule\nrule b { reward points 1 }')).toBe('a rule starts with its id and an optional title: `rule welcome "Welcome bonus" {`');
  });
});
