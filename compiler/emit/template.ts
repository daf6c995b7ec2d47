// Templates for large programs. Thousands of rules are usually a few shapes with different
// literals (`merchant_id = "M00017"`, `amount >= 27 USD`, `points 3 per 1 USD`, cap slot 12):
// one function per rule means thousands of functions, each run too rarely to be optimized
// and all competing for the instruction cache. Here the per-rule functions (rule, amount,
// settlement) whose code differs only in literals and in the names of compiler-made
// constants and functions share one template function `T<n>($, …)`; each rule keeps its
// name, bound to the template and a row `$` of what differs:
//   const r26 = tpl0(T3, [k308, "offer_17", 26, am318]); // rule offer_17
// Only tokens the compiler produced are ever moved into rows (string literals are
// JSON.stringify'd already), so the closed-world properties of the generated code hold.
import { declText, isSlot, type FnDecl } from './scope.ts';

// The tokens that may differ between rules: string literals, numbers, and compiler-made
// names of constants and functions (never assigned to in rule code) — not other identifiers.
// In huge programs constants and per-rule functions are slots `K[i]` and `F[j]` (emit/scope.ts).
const TOKEN = /"(?:[^"\\]|\\.)*"|(?<![\w$.])(?:[KF]\[\d+\]|(?:k|o|am|g|r|s|x|pa|agg|cv|fc|f)\d+(?:_\d+)?|\d+(?:\.\d+)?)(?![\w$])/g;

interface Shape {
  readonly d: FnDecl;
  /** The code with every variable token replaced by U+0001. */
  readonly skeleton: string;
  /** The variable tokens, in order. */
  readonly tokens: string[];
}

/** Emits gathered per-rule functions: shared templates where two or more have one shape, plain declarations otherwise. */
export function emitTemplates(decls: readonly FnDecl[]): string[] {
  const groups = new Map<string, Shape[]>();
  for (const d of decls) {
    const tokens: string[] = [];
    // Comments (whole lines) differ between rules: the template has none.
    const code = d.body.filter((l) => !l.startsWith('//')).join('\n');
    const skeleton = code.replace(TOKEN, (t) => {
      tokens.push(t);
      return '\u0001';
    });
    const key = `${d.params}\u0000${skeleton}`;
    const g = groups.get(key);
    if (g) g.push({ d, tokens, skeleton });
    else groups.set(key, [{ d, tokens, skeleton }]);
  }
  const out: string[] = [];
  // Bindings in declaration order (a rule's row names its amount and settlement functions, declared before it).
  const bindings = new Map<FnDecl, string>();
  const factories = new Set<string>();
  let n = 0;
  for (const members of groups.values()) {
    if (members.length === 1) {
      out.push(declText(members[0]!.d));
      continue;
    }
    const first = members[0]!;
    // Positions whose token differs between members go into the row; positions holding the
    // same values in every member share one row entry.
    const slotOf = new Map<number, number>();
    const bySignature = new Map<string, number>();
    const rowPositions: number[] = [];
    first.tokens.forEach((t, p) => {
      if (!members.some((m) => m.tokens[p] !== t)) return;
      const sig = members.map((m) => m.tokens[p]).join('\u0000');
      let k = bySignature.get(sig);
      if (k === undefined) { k = rowPositions.length; rowPositions.push(p); bySignature.set(sig, k); }
      slotOf.set(p, k);
    });
    const parts = first.skeleton.split('\u0001');
    let body = parts[0]!;
    for (let p = 0; p < first.tokens.length; p++) {
      const k = slotOf.get(p);
      body += (k === undefined ? first.tokens[p]! : `$[${k}]`) + parts[p + 1]!;
    }
    const params = first.d.params;
    const factory = `tpl${params.split(',').filter((x) => x.trim() !== '').length}`;
    if (!factories.has(params)) {
      factories.add(params);
      out.push(`function ${factory}(f, $) { return function (${params}) { return f($${params ? `, ${params}` : ''}); }; }`);
    }
    const t = `T${n++}`;
    out.push(`// template of ${members.length} functions`, `function ${t}($${params ? `, ${params}` : ''}) {\n  ${body.replace(/\n/g, '\n  ')}\n}`);
    for (const m of members) {
      bindings.set(m.d, `${isSlot(m.d.name) ? '' : 'const '}${m.d.name} = ${factory}(${t}, [${rowPositions.map((p) => m.tokens[p]).join(', ')}]);${m.d.note === undefined ? '' : ` // ${m.d.note.replace(/[\r\n\u2028\u2029]/g, ' ')}`}`);
    }
  }
  for (const d of decls) {
    const b = bindings.get(d);
    if (b !== undefined) out.push(b);
  }
  return out;
}
