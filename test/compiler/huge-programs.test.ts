// A clean program near the language's limits must load: ~150,000 per-rule constants and
// functions as locals of the one generated function overflowed V8's stack when it was
// loaded ("Maximum call stack size exceeded" from compileChecked; a 500 on upload). Huge
// programs keep them in arrays (compiler/emit/scope.ts `arrays`).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compile, emitJs, loadDiagnostic } from '../../compiler/compile.ts';
import { ARRAYS_MIN_NAMES, TEMPLATE_MIN_RULES } from '../../compiler/emit/program.ts';
import { interpret } from '../../runtime/interpret/index.ts';
import { checkedOrThrow, expectCaseAgrees } from '../support/programs.ts';
import { generateCase } from '../support/arbitrary-program.ts';

function windowed(n: number): string {
  const rules = Array.from({ length: n }, (_, i) =>
    `rule r${i} { valid between 10:00 and 12:00 when amount > ${i} USD and mcc != "x${i}" reward points 1 }`);
  return `program "T" { currency USD timezone "UTC" }\nschema { transaction { amount: money mcc: string } }\n${rules.join('\n')}`;
}

describe('huge programs', () => {
  it('a clean program of 10,000 rules with windows and two conditions each compiles and agrees with the interpreter', () => {
    const source = windowed(10_000);
    const { program, diagnostics } = compile(source, { version: 'v' });
    expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const reference = interpret(checkedOrThrow(source), 'v');
    const cases = [['11:00', '50.00', 'q'], ['11:59', '9999.99', 'x40'], ['12:00', '50.00', 'q'], ['10:30', '0.50', 'x0']] as const;
    for (const [hm, amount, mcc] of cases) {
      const txn = { id: `t-${hm}-${mcc}`, time: `2026-03-02T${hm}:00Z`, amount, mcc };
      for (const explain of [false, true]) {
        expect(program!.evaluate(txn, {}, { counters: {} }, { explain })).toEqual(reference.evaluate(txn, {}, { counters: {} }, { explain }));
      }
    }
  }, 60_000);

  describe('with constants and rule functions in arrays (forced on small programs)', () => {
    const saved = [TEMPLATE_MIN_RULES.value, ARRAYS_MIN_NAMES.value] as const;
    beforeAll(() => { TEMPLATE_MIN_RULES.value = 0; ARRAYS_MIN_NAMES.value = 0; });
    afterAll(() => { [TEMPLATE_MIN_RULES.value, ARRAYS_MIN_NAMES.value] = saved; });

    it('declares no per-rule locals', () => {
      const body = emitJs(checkedOrThrow(windowed(200))).body;
      expect(body).toContain('const F = [];');
      expect(body.split('\n').filter((l) => /^(const|var|let) /.test(l)).length).toBeLessThan(30);
    });

    it('agree with the reference interpreter on 150 generated programs × 30 transactions, templated or not', () => {
      for (let seed = 1; seed <= 150; seed++) {
        TEMPLATE_MIN_RULES.value = seed % 3 === 0 ? 1e9 : 0;
        expectCaseAgrees(generateCase(seed * 7919, { transactions: 30 }));
      }
      TEMPLATE_MIN_RULES.value = 0;
    });
  });

  it('a program the JavaScript engine cannot load is an ACC405 diagnostic, not an exception', () => {
    const d = loadDiagnostic(new RangeError('Maximum call stack size exceeded'));
    expect(d).toMatchObject({ code: 'ACC405', severity: 'error', message: expect.stringMatching(/^program too large to compile/) });
    expect(loadDiagnostic(new TypeError('x'))).toBeUndefined();
  });
});
