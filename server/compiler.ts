// The compile function the server uses: compiler/compile.ts (the JS-emitting back end) when it
// is present, else parse + check + the reference interpreter, which implements the same semantics.
import { hasErrors } from '../grammar/diagnostics.ts';
import type { CompileFn } from './ports.ts';

export async function loadCompiler(): Promise<{ compile: CompileFn; backend: 'compiled' | 'interpreter' }> {
  try {
    // Imported by URL so this file type-checks before compiler/compile.ts exists.
    const mod = await import(new URL('../compiler/compile.ts', import.meta.url).href) as { compile?: CompileFn };
    if (typeof mod.compile === 'function') return { compile: mod.compile, backend: 'compiled' };
  } catch (error) {
    if ((error as { code?: string }).code !== 'ERR_MODULE_NOT_FOUND') throw error;
  }
  const { checkSource } = await import('../compiler/front.ts');
  const { interpret } = await import('../runtime/interpret/index.ts');
  const compile: CompileFn = (source, options) => {
    const { program, diagnostics } = checkSource(source);
    if (!program || hasErrors(diagnostics)) return { program: undefined, diagnostics };
    return { program: interpret(program, options.version ?? 'draft'), diagnostics };
  };
  return { compile, backend: 'interpreter' };
}
