// Names the emitter makes, and the top-level declarations of the generated function
// (constants, cached field getters, shared slots, aggregate functions). Every identifier
// in generated code comes from here or is a fixed parameter name; none is user text.
import { comment, str } from './literal.ts';

/** One generated function's temporaries. */
export class Fn {
  private n = 0;
  readonly temps: string[] = [];
  constructor(private readonly prefix: string) {}
  /** A fresh temporary variable. */
  temp(): string {
    const t = `${this.prefix}${this.n++}`;
    this.temps.push(t);
    return t;
  }
  /** `let t0, t1;` or nothing. */
  decl(): string {
    return this.temps.length ? `let ${this.temps.join(', ')};` : '';
  }
}

/** A per-rule function (rule, amount, settlement): emitted as is, or folded into a shared template (emit/template.ts). */
export interface FnDecl {
  readonly name: string;
  readonly params: string;
  /** The statements, one per line. */
  readonly body: readonly string[];
  readonly note: string | undefined;
}

/** The program-level declarations, in order. */
export class Scope {
  /** Runtime constants handed to the generated code as `K[i]`. */
  readonly constants: unknown[] = [];
  readonly lines: string[] = [];
  /** Per-rule functions, when they are gathered for templating (large programs); else they go to `lines`. */
  readonly gathered: FnDecl[] | undefined;
  /** Declarations that read gathered functions when they run: placed after them. */
  readonly late: string[] = [];

  /**
   * Huge programs (emit/program.ts ARRAYS_MIN_NAMES): constants are read as `K[i]` and
   * per-rule functions live in the array `F` (`F[j] = function …`), not as named locals.
   * Tens of thousands of top-level locals made the generated function's frame overflow
   * the stack ("Maximum call stack size exceeded") when V8 loaded it.
   */
  readonly arrays: boolean;
  private fns = 0;

  constructor(gather = false, arrays = false) {
    this.gathered = gather ? [] : undefined;
    this.arrays = arrays;
  }

  /** How many program-level names and constants were made so far. */
  get size(): number {
    return this.counter;
  }

  /** The name of a per-rule function: a fresh local, or a slot of `F` in huge programs. */
  fnName(prefix: string): string {
    return this.arrays ? this.slot() : this.name(prefix);
  }

  /** A fresh slot of `F` (huge programs). */
  private slot(): string {
    return `F[${this.fns++}]`;
  }

  /** Declares a per-rule function. */
  fnDecl(d: FnDecl): void {
    if (this.gathered) this.gathered.push(d);
    else this.lines.push(declText(d));
  }
  private readonly byKey = new Map<string, string>();
  private counter = 0;

  private keySlots = 0;
  /** A fresh slot in LocalDay.keys (counter keys cached per local day). */
  keySlot(): number {
    return this.keySlots++;
  }

  /** A fresh program-level name with a prefix. */
  name(prefix: string): string {
    return `${prefix}${this.counter++}`;
  }

  /** A constant value (Decimal, Set, frozen object) as a named const; deduplicated by key. */
  constant(key: string, value: unknown, note?: string): string {
    const k = `c:${key}`;
    const found = this.byKey.get(k);
    if (found) return found;
    this.constants.push(value);
    if (this.arrays) {
      const ref = `K[${this.constants.length - 1}]`;
      this.byKey.set(k, ref);
      return ref;
    }
    const name = this.name('k');
    this.lines.push(`const ${name} = K[${this.constants.length - 1}];${note ? ` // ${note.replace(/[\r\n\u2028\u2029]/g, ' ')}` : ''}`);
    this.byKey.set(k, name);
    return name;
  }

  /**
   * A memoized declaration: `make(name)` builds it the first time `key` is seen. With
   * `slot`, its text declares `function name(` once, and in huge programs that function
   * goes to a slot of `F` (its name then only names the function expression, and is
   * free for other declarations of the text such as `var nameg`); the slot is returned.
   */
  declare(key: string, prefix: string, make: (name: string) => string, slot = false): string {
    const found = this.byKey.get(key);
    if (found) return found;
    const name = this.name(prefix);
    if (slot && this.arrays) {
      const ref = this.slot();
      this.byKey.set(key, ref);
      const text = make(name);
      const head = `function ${name}(`;
      if (!text.includes(head)) throw new Error(`declare: no ${head}`);
      this.lines.push(text.replace(head, `${ref} = ${head}`));
      return ref;
    }
    this.byKey.set(key, name);
    this.lines.push(make(name));
    return name;
  }
}

export { str };

/** Whether a function name is a slot of `F` (Scope.fnName in huge programs), not a local. */
export function isSlot(name: string): boolean {
  return name.startsWith('F[');
}

/** The plain text of a function declaration. */
export function declText(d: FnDecl): string {
  const head = d.note === undefined ? '' : `${comment(d.note)}\n`;
  if (isSlot(d.name)) {
    // A slot of F (huge programs): an assignment, run in order, not a hoisted declaration.
    if (d.body.length <= 1) return `${head}${d.name} = function (${d.params}) { ${d.body.join('')} };`;
    return `${head}${d.name} = function (${d.params}) {\n${d.body.map((l) => `  ${l}`).join('\n')}\n};`;
  }
  if (d.body.length <= 1) return `${head}function ${d.name}(${d.params}) { ${d.body.join('')} }`;
  return `${head}function ${d.name}(${d.params}) {\n${d.body.map((l) => `  ${l}`).join('\n')}\n}`;
}
