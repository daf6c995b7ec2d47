// Every fenced `accrue` example in docs/language.md must check — the reference cannot rot.
//
// Conventions (stated in the doc itself, "How the examples in this document are checked"):
//   ```accrue prelude      the standard header and schema; checked as a program
//   ```accrue              begins with `program`: a complete program, checked as it is;
//                          otherwise a fragment, checked appended to the prelude
//   ```accrue expect ACC…  must report each listed code, and no error with another code
// Clean examples must produce no diagnostics at all, warnings included.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkSource } from '../../compiler/front.ts';
import type { Diagnostic } from '../../grammar/diagnostics.ts';

const DOC = new URL('../../docs/language.md', import.meta.url);

export interface Example {
  /** 1-based line in the doc of the example's first line of code. */
  readonly line: number;
  readonly info: string;
  readonly code: string;
}

/** Fenced blocks whose info string starts with the word `accrue`. */
export function extractExamples(markdown: string): Example[] {
  const lines = markdown.split('\n');
  const out: Example[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^```(\S*)\s*(.*)$/.exec(lines[i]!);
    if (!open) continue;
    const body: string[] = [];
    let j = i + 1;
    while (j < lines.length && !/^```\s*$/.test(lines[j]!)) body.push(lines[j++]!);
    if (open[1] === 'accrue') out.push({ line: i + 2, info: open[2]!.trim(), code: body.join('\n') + '\n' });
    i = j;
  }
  return out;
}

/** A complete program starts (after comments and blank lines) with `program`. */
export function isCompleteProgram(code: string): boolean {
  const firstCode = code.split('\n').map((l) => l.replace(/#.*$/, '').trim()).find((l) => l !== '');
  return firstCode !== undefined && /^program\b/.test(firstCode);
}

const examples = extractExamples(readFileSync(DOC, 'utf8'));
const prelude = examples.find((e) => e.info === 'prelude');

/** The source to check, and how to map its lines back to the doc. */
function sourceOf(e: Example): { source: string; docLine: (line: number) => number } {
  if (isCompleteProgram(e.code) || prelude === undefined) {
    return { source: e.code, docLine: (l) => e.line + l - 1 };
  }
  const head = prelude.code + '\n';
  const headLines = head.split('\n').length - 1;
  return {
    source: head + e.code,
    docLine: (l) => (l > headLines ? e.line + l - headLines - 1 : prelude.line + l - 1),
  };
}

function describeAll(ds: readonly Diagnostic[], docLine: (l: number) => number): string {
  return ds.map((d) => `docs/language.md:${docLine(d.span.line)}:${d.span.column}: ${d.severity} ${d.code} ${d.message}`).join('\n');
}

describe('docs/language.md', () => {
  it('has a prelude and plenty of examples', () => {
    expect(prelude, 'a block marked `accrue prelude`').toBeDefined();
    expect(isCompleteProgram(prelude!.code)).toBe(true);
    expect(examples.length).toBeGreaterThanOrEqual(40);
  });

  it('recognises complete programs and fragments', () => {
    expect(isCompleteProgram('# c\n\nprogram "x" {}\n')).toBe(true);
    expect(isCompleteProgram('rule r { reward points 1 }\n')).toBe(false);
  });

  for (const e of examples) {
    const expectCodes = /^expect\s+(.*)$/.exec(e.info)?.[1]?.split(/[\s,]+/).filter(Boolean);
    const title = `example at line ${e.line}${expectCodes ? ` reports ${expectCodes.join(', ')}` : ' checks clean'}`;
    it(title, () => {
      const { source, docLine } = sourceOf(e);
      const { diagnostics } = checkSource(source);
      if (expectCodes === undefined) {
        expect(describeAll(diagnostics, docLine)).toBe('');
        return;
      }
      const codes = new Set(diagnostics.map((d) => d.code as string));
      for (const c of expectCodes) expect(codes.has(c), `${c} in\n${describeAll(diagnostics, docLine)}`).toBe(true);
      const otherErrors = diagnostics.filter((d) => d.severity === 'error' && !expectCodes.includes(d.code));
      expect(describeAll(otherErrors, docLine)).toBe('');
    });
  }
});
