// The front end's facade: source text → AST + diagnostics. Never throws, never hangs.
// Stages: size limit → lex → split into top-level declarations → per declaration: nesting
// limit, parse (Chevrotain, recovery on), build the AST → whole-file checks → sort and cap
// the diagnostics.
import type { CstNode, IToken } from 'chevrotain';
import type { ExclusionDecl, GroupDecl, Header, Program, Rule, Schema } from './ast.ts';
import { diagnostic, LIMITS, type Diagnostic } from './diagnostics.ts';
import { START_SPAN, type Span } from './span.ts';
import { buildDeclaration, buildHeader, buildSchema, type BuildContext } from './ast-builder.ts';
import { sub } from './cst.ts';
import { lexTable, tokenSpan } from './lex.ts';
import { findTooDeepIn, MAX_TREE_DEPTH, treeDepth } from './limits.ts';
import { AccrueParser } from './parser.ts';
import { segmentRanges, type SegmentRange } from './segments.ts';
import { endOfSource, syntaxDiagnostics } from './syntax-errors.ts';
import { parseDeclarationFast } from './fast-parse.ts';
import { spanAt, tokenAt, tokensOf, type TokenTable } from './fast-lex.ts';
import { Equals, R } from './tokens.ts';

export interface ParseOptions {
  /**
   * Read clean declarations with the direct reader (fast-parse.ts) and give only the rest to
   * Chevrotain; default true. Both give the same AST and diagnostics; tests turn it off to
   * check exactly that.
   */
  readonly fastPath?: boolean;
}

export interface ParseResult {
  readonly ast: Program;
  readonly diagnostics: Diagnostic[];
}

let sharedParser: AccrueParser | undefined;

// Building the parser runs Chevrotain's grammar analysis (tens of ms): do it once, on first use.
function parser(): AccrueParser {
  sharedParser ??= new AccrueParser();
  return sharedParser;
}

interface Collected {
  header: Header | undefined;
  schema: Schema | undefined;
  groups: GroupDecl[];
  exclusions: ExclusionDecl[];
  rules: Rule[];
  sawDeclaration: boolean;
}

/** Parses Accrue source into an AST and diagnostics; never throws. */
export function parse(source: string, options: ParseOptions = {}): ParseResult {
  const whole: Span = { offset: 0, line: 1, column: 1, length: source.length };
  const empty: Program = { kind: 'Program', header: undefined, schema: undefined, groups: [], exclusions: [], rules: [], span: whole };
  if (source.length > LIMITS.sourceChars) {
    const message = `source is ${source.length} characters; at most ${LIMITS.sourceChars} are allowed`;
    return { ast: empty, diagnostics: [diagnostic('ACC400', message, { ...START_SPAN, length: 0 })] };
  }
  try {
    return parseWithinLimits(source, whole, options.fastPath ?? true);
  } catch (e) {
    // A bug or an exhausted stack must still come back as a value.
    const code = e instanceof RangeError ? 'ACC401' : 'ACC003';
    return { ast: empty, diagnostics: [diagnostic(code, `the parser could not read this file: ${String(e)}`, START_SPAN)] };
  }
}

function parseWithinLimits(source: string, whole: Span, fastPath: boolean): ParseResult {
  const lexed = lexTable(source);
  const { table } = lexed;
  const diagnostics: Diagnostic[] = [...lexed.diagnostics];
  const ctx: SegmentContext = { diagnostics, source, table, eofSpan: undefined, fastPath };
  const segments = segmentRanges(table.types, table.length);
  const out: Collected = { header: undefined, schema: undefined, groups: [], exclusions: [], rules: [], sawDeclaration: false };
  // Only the first LIMITS.diagnostics problems by position are reported (capDiagnostics). Once
  // more than that lie before a segment, nothing from it on could be, and reading on would only
  // cost time: Chevrotain's recovery takes ~0.1 ms a broken declaration, so a 2 MB file of them
  // took half a minute. The lexer's problems are counted by position, the segments' as made
  // (a segment's lie before the next segment's start).
  const lexical = lexed.diagnostics.map((d) => d.span.offset).sort((a, b) => a - b);
  let lexicalBefore = 0;
  let stopped = false;
  for (let i = 0; i < segments.length; i++) {
    const start = table.starts[segments[i]!.start]!;
    while (lexicalBefore < lexical.length && lexical[lexicalBefore]! < start) lexicalBefore++;
    if (lexicalBefore + diagnostics.length - lexical.length > LIMITS.diagnostics) {
      stopped = true;
      break;
    }
    parseSegment(ctx, segments[i]!, segments[i + 1]?.start, out);
  }
  checkWholeFile(diagnostics, table, out);
  const ast: Program = { kind: 'Program', header: out.header, schema: out.schema, groups: out.groups, exclusions: out.exclusions, rules: out.rules, span: whole };
  return { ast, diagnostics: capDiagnostics(diagnostics, stopped) };
}

// What parseSegment needs besides the builders' context: the source and its token table, the
// end-of-file span (worked out only when an error needs it) and whether the fast path is on.
interface SegmentContext extends BuildContext {
  readonly source: string;
  readonly table: TokenTable;
  eofSpan: Span | undefined;
  readonly fastPath: boolean;
}

// `nextStart`: the first token of the next segment, if any.
function parseSegment(ctx: SegmentContext, segment: SegmentRange, nextStart: number | undefined, out: Collected): void {
  const { table } = ctx;
  const deep = findTooDeepIn(table.types, segment.start, segment.end);
  if (deep === undefined && ctx.fastPath && segment.kind === 'declaration') {
    // A clean declaration needs no CST nor token objects (fast-parse.ts); anything else falls through.
    const decl = parseDeclarationFast(table, segment.start, segment.end);
    if (decl !== undefined) {
      out.sawDeclaration = true;
      collectDeclaration(ctx, decl, segment.end - segment.start, out);
      return;
    }
  }
  // Chevrotain's path works on token objects: made here, for this segment only.
  let tokens = tokensOf(table, segment.start, segment.end);
  let next = nextStart === undefined ? undefined : tokenAt(table, nextStart);
  // Too deep to parse safely: report it, and parse only what comes before that nest.
  const tooDeep = deep === undefined ? undefined : { token: tokens[deep.index]!, nestStart: deep.nestStart };
  if (tooDeep !== undefined) {
    ctx.diagnostics.push(
      diagnostic('ACC401', `expression nested more than ${LIMITS.nestingDepth} levels deep`, tokenSpan(tooDeep.token), 'split it into simpler conditions'),
    );
    next = tokens[tooDeep.nestStart];
    tokens = tokens.slice(0, tooDeep.nestStart);
    if (tokens.length === 0) return;
  }
  tokens = withoutDoubledEquals(ctx, tokens);
  const p = parser();
  p.input = tokens;
  p.insertedBefore.clear();
  const cst = segment.kind === 'preamble' ? p.preamble() : p.declaration();
  // At the cut, "expected … but found (" would only repeat the ACC401.
  const cutAt = tooDeep === undefined || next === undefined ? Infinity : next.startOffset;
  const errors = p.errors.length === 0 ? [] : syntaxDiagnostics(p.errors, p.insertedBefore, next, (ctx.eofSpan ??= endOfSource(ctx.source)), tokens).filter((d) => d.span.offset < cutAt);
  ctx.diagnostics.push(...errors);
  if (segment.kind === 'preamble') {
    collectPreamble(ctx, cst, out);
    return;
  }
  out.sawDeclaration = true;
  const decl = buildDeclaration(ctx, cst, errors.length === 0 && tooDeep === undefined);
  if (decl === undefined) return;
  collectDeclaration(ctx, decl, tokens.length, out);
}

/**
 * `a == b`: one error on the second `=` with the hint, then read as `a = b`. Left to Chevrotain's
 * recovery it cascades (an unknown field for an enum member on the right, a stray `)`).
 */
function withoutDoubledEquals(ctx: BuildContext, tokens: IToken[]): IToken[] {
  let out: IToken[] | undefined;
  for (let i = 1; i < tokens.length; i++) {
    const t = tokens[i]!;
    const prev = tokens[i - 1]!;
    if (t.tokenType === Equals && prev.tokenType === Equals && (prev.endOffset ?? -2) + 1 === t.startOffset) {
      out ??= tokens.slice(0, i);
      ctx.diagnostics.push(diagnostic('ACC003', 'expected an expression but found "="', tokenSpan(t), 'equality is a single `=`'));
      continue;
    }
    out?.push(t);
  }
  return out ?? tokens;
}

function collectDeclaration(ctx: BuildContext, decl: GroupDecl | ExclusionDecl | Rule, tokenCount: number, out: Collected): void {
  // Every AST level below a declaration's few wrappers needs a token of its own, so only
  // long declarations can be too deep; skip the walk for the rest.
  if (tokenCount + 10 > MAX_TREE_DEPTH && treeDepth(decl) > MAX_TREE_DEPTH) {
    ctx.diagnostics.push(
      diagnostic('ACC401', `${decl.id.name || 'this declaration'} nests expressions more than ${MAX_TREE_DEPTH} levels deep`, decl.span, 'break long operator chains up; for alternatives use `in [ … ]`'),
    );
    return;
  }
  if (decl.kind === 'GroupDecl') out.groups.push(decl);
  else if (decl.kind === 'ExclusionDecl') out.exclusions.push(decl);
  else out.rules.push(decl);
}

function collectPreamble(ctx: BuildContext, cst: CstNode, out: Collected): void {
  const header = buildHeader(ctx, sub(cst, 'header'));
  const schema = buildSchema(ctx, sub(cst, 'schema'));
  if (header !== undefined && admit(ctx, header, out.header, 'program header', out.sawDeclaration)) out.header = header;
  if (schema !== undefined && admit(ctx, schema, out.schema, 'schema', out.sawDeclaration)) out.schema = schema;
}

// A header or schema is taken once; a second one, or one after the declarations, is reported.
function admit(ctx: BuildContext, part: Header | Schema, existing: Header | Schema | undefined, name: string, late: boolean): boolean {
  if (existing !== undefined) {
    ctx.diagnostics.push(diagnostic('ACC007', `a second ${name}`, part.span, `a program has one ${name} (line ${existing.span.line})`));
    return false;
  }
  if (late) ctx.diagnostics.push(diagnostic('ACC003', `the ${name} must come before groups, exclusions and rules`, part.span));
  return true;
}

function checkWholeFile(diagnostics: Diagnostic[], table: TokenTable, out: Collected): void {
  const at = table.length > 0 ? { ...spanAt(table, 0), length: 0 } : START_SPAN;
  if (out.header === undefined && !table.types.includes(R.program)) {
    diagnostics.push(diagnostic('ACC008', 'missing program header', at, 'start the file with `program "Name" { currency USD  timezone "UTC" }`'));
  }
  if (out.schema === undefined && !table.types.includes(R.schema)) {
    diagnostics.push(diagnostic('ACC009', 'missing schema', at, 'declare the data after the header: `schema { transaction { amount: money } }`'));
  }
  const extra = out.rules[LIMITS.rules];
  if (extra !== undefined) {
    diagnostics.push(diagnostic('ACC402', `${out.rules.length} rules; at most ${LIMITS.rules} are allowed`, extra.id.span));
  }
}

// Sorted by position (stable), and at most LIMITS.diagnostics of them plus one ACC403.
// `stopped`: the file was not read to its end, so the count of the rest is a lower bound.
function capDiagnostics(diagnostics: Diagnostic[], stopped: boolean): Diagnostic[] {
  const sorted = diagnostics.map((d, i) => [d, i] as const).sort((a, b) => a[0].span.offset - b[0].span.offset || a[1] - b[1]).map(([d]) => d);
  if (sorted.length <= LIMITS.diagnostics) return sorted;
  const kept = sorted.slice(0, LIMITS.diagnostics);
  const last = kept[kept.length - 1]!;
  kept.push(diagnostic('ACC403', `${stopped ? 'at least ' : ''}${sorted.length - LIMITS.diagnostics} further diagnostics are not reported`, last.span));
  return kept;
}
