// The compiler's facade: source → checked program → passes → JS → Evaluator.
// `checkSource` stops at errors (a program with errors is never compiled).
import { diagnostic, type Diagnostic } from '../grammar/diagnostics.ts';
import { START_SPAN } from '../grammar/span.ts';
import type { Evaluator } from '../runtime/program.ts';
import type { CheckedProgram } from './ir.ts';
import { checkSource } from './front.ts';
import { optimize } from './passes/index.ts';
import { emitProgram, type Emitted } from './emit/program.ts';
import { load } from './emit/load.ts';

export interface CompileOptions {
  /** The version label outcomes carry; default: a content hash of the source. */
  readonly version?: string;
}

/** A short, stable content hash (FNV-1a, 64-bit as two 32-bit halves) of the source. */
export function sourceHash(source: string): string {
  let h1 = 0x811c9dc5, h2 = 0x01000193;
  for (let i = 0; i < source.length; i++) {
    const c = source.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 0x01000193) >>> 0;
    h2 = Math.imul(h2 ^ c, 0x5bd1e995) >>> 0;
  }
  return h1.toString(16).padStart(8, '0') + h2.toString(16).padStart(8, '0');
}

/** Generated JS of a checked program (what `accrue compile --emit js` prints). */
export function emitJs(program: CheckedProgram): Emitted {
  return emitProgram(optimize(program));
}

/** Builds the compiled Evaluator of an already checked program. */
export function compileChecked(program: CheckedProgram, version: string): Evaluator {
  return load(program, emitJs(program), version);
}

/**
 * The diagnostic of a checked program V8 could not load (a RangeError while its code was
 * built or instantiated: stack or string size), or undefined for any other error.
 */
export function loadDiagnostic(e: unknown): Diagnostic | undefined {
  if (!(e instanceof RangeError)) return undefined;
  return diagnostic('ACC405', `program too large to compile: the JavaScript engine refused its generated code (${e.message})`, START_SPAN,
    'split it into smaller programs, or use fewer rules or conditions');
}

/** Checks and compiles source text; `program` only when there are no errors. A program too large to load is an error (ACC405), not an exception. */
export function compile(source: string, options: CompileOptions = {}): { program: Evaluator | undefined; diagnostics: Diagnostic[] } {
  const { program, diagnostics } = checkSource(source);
  if (!program) return { program: undefined, diagnostics };
  try {
    return { program: compileChecked(program, options.version ?? sourceHash(source)), diagnostics };
  } catch (e) {
    const d = loadDiagnostic(e);
    if (d === undefined) throw e;
    return { program: undefined, diagnostics: [...diagnostics, d] };
  }
}
