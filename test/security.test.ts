// The compiled evaluator is a closed world (DESIGN.md "Compiled code"; STYLE.md, filtrex):
// programs whose text carries code-shaped strings, identifiers and comments either fail to
// check or run as inert data, and never reach a global. A sentinel global must stay untouched.
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { compile, emitJs } from '../compiler/compile.ts';
import { checkSource } from '../compiler/front.ts';
import { interpret } from '../runtime/interpret/index.ts';
import type { TransactionInput } from '../runtime/outcome.ts';

const g = globalThis as Record<string, unknown>;
const SENTINEL = '__accrue_pwned';

const PAYLOADS = [
  '"); process.exit(1); ("',
  `"); globalThis.${SENTINEL} = 1; ("`,
  '`; globalThis.__accrue_pwned = 1; `',
  '${globalThis.__accrue_pwned = 1}',
  '`${globalThis.__accrue_pwned = 1}`',
  "'); globalThis.__accrue_pwned = 1; ('",
  'constructor.constructor("globalThis.__accrue_pwned = 1")()',
  '__proto__', 'prototype', 'constructor', 'globalThis', 'require("fs")', 'import("fs")',
  '*/ globalThis.__accrue_pwned = 1; /*',
  '\\u2028 globalThis.__accrue_pwned = 1',
  '</script><script>globalThis.__accrue_pwned = 1</script>',
];

/** Accrue string-literal text of a payload (the lexer's escapes: \" \\ and \u{…}). */
function lit(s: string): string {
  return `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

function programText(payload: string, opts: { sep?: string } = {}): string {
  const p = lit(payload);
  const sep = opts.sep ?? '';
  return `# ${payload.replace(/\n/g, ' ')}
program ${p} {
  currency USD
  timezone "UTC"
  rounding floor
  seed ${p}
}
schema {
  transaction {
    amount: money
    merchant: string
    constructor: optional string
    prototype: enum(globalThis, require, toString, valueOf)
  }
  customer {
    __proto__: optional string
    tags: list of string
  }
}
exclude require ${p} when merchant = ${p}
group globalThis ${p} { cap 100 points per customer per month }
rule __proto__ ${p} {
  group globalThis
  when merchant != ${lit(payload + sep)}
  when prototype = globalThis
  when not contains(merchant, ${p}) # ${payload.replace(/\n/g, ' ')}
  reward points 2 per 1 USD of amount
}
rule constructor ${p} {
  when ${p} in customer.tags or constructor = ${p}
  reward free product ${p} quantity 1
}
rule hasOwnProperty {
  when starts_with(merchant, ${p})
  reward prize 10 points chance 1 in 2
}
`;
}

function txn(merchant: string): TransactionInput {
  return { id: 'T-1', time: '2026-03-01T12:00:00Z', amount: '12.34', merchant, prototype: 'globalThis', constructor: merchant } as TransactionInput;
}

/** Strips string literals and comments from JS, leaving code tokens only. */
function codeOnly(js: string): string {
  return js.replace(/"(?:[^"\\\n]|\\.)*"/g, '""').replace(/\/\/[^\n]*/g, '');
}

afterEach(() => {
  expect(g[SENTINEL]).toBeUndefined();
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
});

describe('hostile program text', () => {
  let compiled = 0;
  // Payloads are legal string text: every program must check and run (as data).
  afterAll(() => expect(compiled).toBe(PAYLOADS.length));
  for (const payload of PAYLOADS) {
    it(`is inert: ${JSON.stringify(payload)}`, () => {
      const source = programText(payload);
      const { program, diagnostics } = compile(source);
      if (!program) {
        expect(diagnostics.some((d) => d.severity === 'error')).toBe(true);
        return;
      }
      compiled++;
      const checked = checkSource(source).program!;
      const code = codeOnly(emitJs(checked).body);
      for (const word of ['globalThis', 'process', 'require', 'import', '__proto__', 'constructor', 'prototype', 'Function', '`', '${']) {
        expect(code, word).not.toContain(word);
      }
      const reference = interpret(checked, program.version);
      for (const merchant of [payload, `${payload} shop`, 'plain']) {
        for (const explain of [true, false]) {
          const t = txn(merchant);
          const customer = { tags: [payload] };
          const got = program.evaluate(t, customer, { counters: {} }, { explain });
          expect(got).toEqual(reference.evaluate(t, customer, { counters: {} }, { explain }));
        }
      }
    });
  }

  it('keeps U+2028 and U+2029 inside strings as data', () => {
    const source = programText('a\u2028b\u2029c');
    const { program, diagnostics } = compile(source);
    if (!program) { expect(diagnostics.length).toBeGreaterThan(0); return; }
    const body = emitJs(checkSource(source).program!).body;
    expect(body).not.toMatch(/[\u2028\u2029]/);
    const out = program.evaluate(txn('a\u2028b\u2029c'), { tags: [] }, { counters: {} });
    expect(out.rules.find((r) => r.rule === 'require')).toBeUndefined();
  });

  it('rejects code-shaped identifiers the grammar does not allow', () => {
    for (const bad of ['rule a(){} {', 'rule `x` {', 'rule ${x} {', 'rule a.b {']) {
      const { program } = compile(programText('x').replace('rule hasOwnProperty {', `${bad}`));
      expect(program).toBeUndefined();
    }
  });
});

describe('hostile transaction data', () => {
  const source = programText('ok');
  const { program } = compile(source);
  const reference = interpret(checkSource(source).program!, program!.version);

  it('reads __proto__ and constructor keys as plain own data and pollutes nothing', () => {
    const raw = JSON.parse(`{"id":"T-9","time":"2026-03-01T12:00:00Z","amount":"5","merchant":"m","prototype":"toString",
      "constructor":{"prototype":{"polluted":1}},"__proto__":{"polluted":1}}`) as TransactionInput;
    const customer = JSON.parse('{"__proto__":{"polluted":1},"tags":["ok"],"constructor":"x"}');
    for (const explain of [true, false]) {
      const got = program!.evaluate(raw, customer, { counters: {} }, { explain });
      expect(got).toEqual(reference.evaluate(raw, customer, { counters: {} }, { explain }));
    }
  });

  it('never reads inherited properties of an input object', () => {
    // `constructor` is declared, absent as an own property: it must read as absent, not as Object.
    const t = { id: 'T-2', time: 0, amount: 1, merchant: 'm', prototype: 'valueOf' } as unknown as TransactionInput;
    const got = program!.evaluate(t, { tags: [] }, { counters: {} });
    expect(got).toEqual(reference.evaluate(t, { tags: [] }, { counters: {} }));
    expect(got.rules.find((r) => r.rule === 'constructor')?.state).toBe('NOT_APPLICABLE');
  });
});
