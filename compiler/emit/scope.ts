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

  constructor(gather = false) {
    this.gathered = gather ? [] : undefined;
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
    const name = this.name('k');
    this.constants.push(value);
    this.lines.push(`const ${name} = K[${this.constants.length - 1}];${note ? ` // ${note.replace(/[\r\n\u2028\u2029]/g, ' ')}` : ''}`);
    this.byKey.set(k, name);
    return name;
  }

  /** A memoized declaration: `make(name)` builds it the first time `key` is seen. */
  declare(key: string, prefix: string, make: (name: string) => string): string {
    const found = this.byKey.get(key);
    if (found) return found;
    const name = this.name(prefix);
    this.byKey.set(key, name);
    this.lines.push(make(name));
    return name;
  }
}

export { str };

/** The plain text of a function declaration. */
export function declText(d: FnDecl): string {
  const head = d.note === undefined ? '' : `${comment(d.note)}\n`;
  if (d.body.length <= 1) return `${head}function ${d.name}(${d.params}) { ${d.body.join('')} }`;
  return `${head}function ${d.name}(${d.params}) {\n${d.body.map((l) => `  ${l}`).join('\n')}\n}`;
}
