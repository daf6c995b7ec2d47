// `accrue eval <file> --txn <json|@file> [--customer <json|@file>] [--state <json|@file>]
//               [--include a,b] [--exclude c] [--json] [--fast] [--interpreter]`
//
// Compiles a program (diagnostics are printed like `accrue check`; errors stop here with exit
// status 1), evaluates one transaction and prints the outcome with its explanation:
//
//   Harbor Rewards Visa Signature  version 3f2a9c1e07d4  transaction t-1001 at 2026-03-01T12:00:00Z
//   totals: 900 points
//     APPLIED         base_points  +300 points
//     APPLIED         dining       +600 points (capped by group:category_bonus:customer:month:points, cut 20)
//     NOT_APPLICABLE  travel       when category = travel  — category was dining
//     BLOCKED         streaming    by group category_bonus (rule dining) — would have given 150 points
//     EXCLUDED        …            by exclusion refunds: kind = refund
//
// `--json` prints the Outcome as JSON; `--fast` evaluates without explanations (APPLIED rules only).
// The transaction and customer are checked with the HTTP API's validators (the program's schema:
// declared fields, types, money decimals, timestamps with an offset): what the API would refuse
// with a 400 is listed field by field and nothing is evaluated. Without --customer, customer
// fields read as absent (a note says so).
// Exit status: 0 when evaluated, 1 when the program has errors, the input does not fit its schema
// or evaluation failed, 2 on a usage error or unreadable input (no such file, malformed JSON).
import { readFileSync } from 'node:fs';
import type { Diagnostic } from '../grammar/diagnostics.ts';
import type { Span } from '../grammar/span.ts';
import type { CheckedProgram, RecordSchema } from '../compiler/ir.ts';
import type { Type } from '../compiler/types.ts';
import type { Evaluator } from '../runtime/program.ts';
import type {
  CustomerInput, EvaluateOptions, JsonValue, ObservedValue, Outcome, RewardAmount, RuleResult, StateSnapshot, TransactionInput,
} from '../runtime/outcome.ts';
import { parseJsonWithPositions } from '../compiler/import/json.ts';
import { checkSource } from '../compiler/front.ts';
import { compile, sourceHash } from '../compiler/compile.ts';
import { interpret } from '../runtime/interpret/index.ts';
import { outOfRange } from '../runtime/outcome-range.ts';
import { deriveValidators } from '../server/programs/validator.ts';
import { checkParts, inputParts } from '../server/validate.ts';
import type { FieldError } from '../server/problem.ts';
import { defaultIo, parseFileOptions, type CliIo } from './args.ts';
import { caretLine, renderDiagnostic, sourceFile } from './render.ts';

export const EVAL_USAGE = `usage: accrue eval <program.accrue> --txn <json | @file> [options]

options:
  --txn <json|@file>       the transaction: its schema fields plus "id" and "time"
                           (when missing, id is "cli" and time is now)
  --customer <json|@file>  the customer's fields (default {})
  --state <json|@file>     counters before this transaction: {"counters": {"cap:…": 120}} (default none)
  --include <ids>          evaluate only these rules (comma-separated); others are EXCLUDED
  --exclude <ids>          never apply these rules (comma-separated)
  --fast                   no explanations: totals and APPLIED rules only
  --json                   print the Outcome as JSON
  --interpreter            use the reference interpreter instead of the compiled evaluator

--txn and --customer are checked like the HTTP API checks them (the program's schema): a field
the API would refuse with a 400 is listed and nothing is evaluated (exit 1).`;

interface Args {
  file: string | undefined;
  txn?: string;
  customer?: string;
  state?: string;
  include?: string;
  exclude?: string;
  json: boolean;
  fast: boolean;
  interpreter: boolean;
}

function parseArgs(argv: readonly string[]): Args | string {
  const args = parseFileOptions<Args>(argv, { file: undefined, json: false, fast: false, interpreter: false }, {
    valued: ['--txn', '--customer', '--state', '--include', '--exclude'], booleans: ['--json', '--fast', '--interpreter'], noun: 'program',
  });
  if (typeof args === 'string') return args;
  if (args.file === undefined) return 'no program file given';
  if (args.txn === undefined) return 'no transaction given (--txn)';
  return args;
}

class InputError extends Error {}

function readText(path: string): string {
  try {
    return path === '-' ? readFileSync(0, 'utf8') : readFileSync(path, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a folder' : (e as Error).message;
    throw new InputError(`cannot read ${path}: ${reason}`);
  }
}

/** Reads `--flag <json|@file>` into a JSON object, with a positioned message when malformed. */
export function readJsonArg(flag: string, raw: string): { [k: string]: JsonValue } {
  const fromFile = raw.startsWith('@');
  const text = fromFile ? readText(raw.slice(1)) : raw;
  const where = fromFile ? raw.slice(1) : flag;
  const parsed = parseJsonWithPositions(text);
  if (!parsed.ok) {
    const { line, column, length } = parsed.span;
    const lines = text.split(/\r\n|\r|\n/);
    const src = lines[line - 1] ?? '';
    const pos = fromFile ? `${where}:${line}:${column}: not valid JSON` : `${flag} is not valid JSON (${lines.length > 1 ? `line ${line}, ` : ''}column ${column})`;
    let msg = `${pos}: ${parsed.message}`;
    if (src.length <= 200) msg += `\n  ${src}\n  ${caretLine(src, column, length)}`;
    const before = text.slice(0, parsed.span.offset).trimEnd();
    if (/^[}\]]/.test(text.slice(parsed.span.offset)) && before.endsWith(',')) msg += '\n  hint: JSON does not allow a trailing comma';
    if (!fromFile && /^[\w.-]+\.json$/.test(raw)) msg += `\n  hint: to read a file, write ${flag} @${raw}`;
    else if (!fromFile && /'/.test(raw) && !/"/.test(raw)) msg += '\n  hint: JSON strings and keys take double quotes';
    throw new InputError(msg);
  }
  const v = parsed.json.value;
  if (typeof v !== 'object' || v === null || Array.isArray(v)) {
    throw new InputError(`${fromFile ? `${where}: ` : ''}${flag} must be a JSON object, not ${Array.isArray(v) ? 'an array' : v === null ? 'null' : typeof v}`);
  }
  return v as { [k: string]: JsonValue };
}

// ─── Building the evaluator ──────────────────────────────────────────────────

/** The compiled evaluator, or with `useInterpreter` the reference interpreter (same version label). */
export function buildEvaluator(source: string, useInterpreter: boolean): { evaluator: Evaluator | undefined; diagnostics: readonly Diagnostic[] } {
  if (!useInterpreter) {
    const { program, diagnostics } = compile(source);
    return { evaluator: program, diagnostics };
  }
  const { program, diagnostics } = checkSource(source);
  if (program === undefined || diagnostics.some((d) => d.severity === 'error')) return { evaluator: undefined, diagnostics };
  return { evaluator: interpret(program, sourceHash(source)), diagnostics };
}

// ─── Input checks: the API's own validator (a 400 there is exit 1 here) ─────

/** `transaction.items.0.price` → `--txn items.0.price`. */
function cliField(field: string): string {
  const dot = field.indexOf('.');
  const head = dot < 0 ? field : field.slice(0, dot);
  const flag = head === 'transaction' ? '--txn' : head === 'customer' ? '--customer' : head;
  return dot < 0 ? flag : `${flag} ${field.slice(dot + 1)}`;
}

/**
 * Checks the transaction (and the customer, when one was given) against the program's schema
 * with the validators the HTTP API derives (server/programs/validator.ts): every problem, named
 * by field, or none.
 */
export function inputProblems(schema: CheckedProgram['schema'], txn: unknown, customer: unknown | undefined): FieldError[] {
  const result = checkParts(inputParts(deriveValidators(schema), txn, customer));
  return result.ok ? [] : result.errors.map((e) => ({ field: cliField(e.field), message: e.message }));
}

// ─── Rendering ────────────────────────────────────────────────────────────────

/** The source text a span covers, on one line, shortened to `max` characters. */
export function sliceSource(source: string, span: Span, max = 90): string {
  let t = source.slice(span.offset, span.offset + span.length).replace(/\s*#[^\n]*/g, '').replace(/\s+/g, ' ').trim();
  if (t.length > max) t = `${t.slice(0, max - 1)}…`;
  return t;
}

export function amountText(a: RewardAmount): string {
  switch (a.unit) {
    case 'points': return `${a.points} point${a.points === 1 ? '' : 's'}`;
    case 'money': return `${a.money.amount} ${a.money.currency}`;
    case 'product': return `${a.quantity} × ${a.sku}`;
    case 'none': return 'nothing';
  }
}

function cutText(a: RewardAmount): string {
  return a.unit === 'points' ? String(a.points) : amountText(a);
}

/** Finds the declared type of an observed field text (`category`, `customer.tier`, `user.address.city`). */
function typeOfText(program: CheckedProgram, text: string): Type | undefined {
  const parts = text.split('.');
  if (!parts.every((p) => /^[A-Za-z_][A-Za-z0-9_]*$/.test(p))) return undefined;
  let rec: RecordSchema | undefined = program.schema.transaction;
  if (parts[0] === 'customer' && parts.length > 1) { rec = program.schema.customer; parts.shift(); }
  let t: Type | undefined;
  for (const p of parts) {
    if (rec === undefined) return undefined;
    t = rec.fields.find((f) => f.name === p)?.type;
    if (t === undefined) return undefined;
    rec = t.kind === 'record' ? program.schema.records[t.name] : undefined;
  }
  return t;
}

/** A date, a time of day or an instant, as the evaluator prints them. */
const TEMPORAL = /^(?:\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?|\d{1,2}:\d{2})$/;

function valueText(program: CheckedProgram, o: ObservedValue): string {
  const v = o.value;
  if (v === null) return 'absent';
  if (typeof v === 'string') {
    const t = typeOfText(program, o.text);
    // Strings are quoted; enum members, dates, times and window observations are not — also
    // when they come from a call (`date(time) was 2026-11-28`, like `customer.opened_on was 2020-01-01`).
    const bare = t !== undefined ? t.kind !== 'string' : TEMPORAL.test(v) || (!o.text.includes('(') && /^[\w:.+-]+$/.test(v));
    return bare ? v : JSON.stringify(v);
  }
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (typeof v === 'object' && !Array.isArray(v) && typeof (v as { amount?: unknown }).amount === 'string' && typeof (v as { currency?: unknown }).currency === 'string') {
    return `${(v as { amount: string }).amount} ${(v as { currency: string }).currency}`;
  }
  const s = JSON.stringify(v);
  return s.length > 80 ? `${s.slice(0, 79)}…` : s;
}

function observedText(program: CheckedProgram, values: readonly ObservedValue[], conditionText: string): string {
  const seen = new Set<string>([conditionText]); // the condition itself was false: no news
  if (values.length === 0) return '';
  const parts: string[] = [];
  for (const o of values) {
    if (seen.has(o.text)) continue;
    seen.add(o.text);
    parts.push(`${o.text} was ${valueText(program, o)}`);
  }
  return parts.length === 0 ? '' : `  — ${parts.join(', ')}`;
}

/** `+300 points`, `+12.00 USD cashback`, … and the notes that go in parentheses after it. */
function rewardText(r: Extract<RuleResult, { state: 'APPLIED' }>): { text: string; notes: string[] } {
  const a = r.amount;
  switch (r.reward) {
    case 'points': return { text: `+${amountText(a)}`, notes: [] };
    case 'multiplier': return { text: `+${amountText(a)}`, notes: ['multiplier'] };
    case 'cashback': return { text: `+${amountText(a)} cashback`, notes: [] };
    case 'discount': return { text: `${amountText(a)} discount`, notes: [] };
    case 'freeProduct': return { text: `free product ${a.unit === 'product' ? `${a.sku} × ${a.quantity}` : amountText(a)}`, notes: [] };
    case 'prize': return r.won === false ? { text: 'prize draw', notes: ['not won'] } : { text: `+${amountText(a)}`, notes: ['prize won'] };
  }
}

function ruleLine(program: CheckedProgram, source: string, r: RuleResult, idWidth: number): string {
  const head = `  ${r.state.padEnd(14)}  ${r.rule.padEnd(idWidth)}  `;
  switch (r.state) {
    case 'APPLIED': {
      const { text, notes } = rewardText(r);
      if (r.cappedBy) notes.push(`capped by ${r.cappedBy.cap.id}, cut ${cutText(r.cappedBy.cut)}`);
      return head + text + (notes.length > 0 ? ` (${notes.join('; ')})` : '');
    }
    case 'NOT_APPLICABLE': {
      const reason = r.reason;
      if (reason.kind === 'zero') return `${head}reward ${stripWord(sliceSource(source, reason.span), 'reward')} gave nothing`;
      const text = sliceSource(source, reason.span);
      const lead = reason.kind === 'condition' ? 'when' : 'valid';
      const shown = stripWord(text, lead);
      return `${head}${lead} ${shown}${observedText(program, reason.values, shown)}`;
    }
    case 'BLOCKED': {
      const by = r.by.kind === 'group' ? `by group ${r.by.group} (rule ${r.by.rule})` : `by cap ${r.by.cap.id}`;
      return `${head}${by} — would have given ${amountText(r.wouldHaveGiven)}`;
    }
    case 'EXCLUDED': {
      switch (r.by.kind) {
        case 'program': {
          const exclusion = program.exclusions.find((x) => x.id === (r.by as { exclusion: string }).exclusion);
          const span = exclusion?.condition.span ?? r.by.span;
          return `${head}by exclusion ${r.by.exclusion} (when ${stripWord(sliceSource(source, span), 'when')})`;
        }
        case 'rule': return `${head}by its exclude when ${stripWord(stripWord(sliceSource(source, r.by.span), 'exclude'), 'when')}`;
        case 'request': return `${head}by the request`;
      }
    }
  }
}

function stripWord(text: string, word: string): string {
  return text.startsWith(`${word} `) ? text.slice(word.length + 1) : text;
}

function moneyList(m: Readonly<Record<string, string>>): string {
  return Object.entries(m).map(([c, a]) => `${a} ${c}`).join(', ');
}

/** Whether some rule can give points (points, a multiplier or a prize in points). */
function givesPoints(p: CheckedProgram): boolean {
  return p.rules.some((r) => r.reward.kind === 'points' || r.reward.kind === 'multiplier' || (r.reward.kind === 'prize' && r.reward.unit.kind === 'points'));
}

export function renderOutcome(evaluator: Evaluator, source: string, o: Outcome, txnTime: string | number): string {
  const p = evaluator.checked;
  const lines: string[] = [];
  lines.push(`${p.name}  version ${o.programVersion}  transaction ${o.transactionId} at ${typeof txnTime === 'number' ? new Date(txnTime).toISOString() : txnTime}`);
  const t = o.totals;
  // The totals that exist: points when the program can give points (or some were given).
  const totals: string[] = [];
  if (t.points !== 0 || givesPoints(p)) totals.push(`${t.points} point${t.points === 1 ? '' : 's'}`);
  if (Object.keys(t.cashback).length > 0) totals.push(`cashback ${moneyList(t.cashback)}`);
  if (Object.keys(t.discount).length > 0) totals.push(`discount ${moneyList(t.discount)}`);
  for (const f of t.freeProducts) totals.push(`free ${f.sku} × ${f.quantity}`);
  const prizes: string[] = [];
  if (t.prizes.points > 0) prizes.push(`${t.prizes.points} points`);
  if (Object.keys(t.prizes.money).length > 0) prizes.push(moneyList(t.prizes.money));
  if (totals.length === 0) totals.push('nothing');
  lines.push(`totals: ${totals.join(', ')}${prizes.length > 0 ? ` (of which prizes: ${prizes.join(', ')})` : ''}`);
  const idWidth = Math.min(28, Math.max(0, ...o.rules.map((r) => r.rule.length)));
  if (o.rules.length === 0) lines.push('  (no rule applied)');
  for (const r of o.rules) lines.push(ruleLine(p, source, r, idWidth));
  if (o.lots.length > 0) {
    lines.push('earned:');
    for (const l of o.lots) {
      const amount = l.unit === 'points' ? `${l.amount} point${l.amount === 1 ? '' : 's'}` : `${l.amount} ${l.currency ?? ''}`.trim();
      lines.push(`  ${amount} from ${l.rule}, ${l.expiresAt === null ? 'never expires' : `expires ${l.expiresAt}`}`);
    }
  }
  if (o.deltas.length > 0) {
    lines.push('counters:');
    for (const d of o.deltas) lines.push(`  ${d.key} +${d.amount}${d.scope === 'program' ? ' (program budget)' : ''}`);
  }
  return lines.join('\n') + '\n';
}

// ─── The command ─────────────────────────────────────────────────────────────

export async function runEval(argv: readonly string[], io: CliIo = defaultIo): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    io.out(`${EVAL_USAGE}\n`);
    return 0;
  }
  const args = parseArgs(argv);
  if (typeof args === 'string') {
    io.err(`accrue eval: ${args}\n${EVAL_USAGE}\n`);
    return 2;
  }
  let source: string;
  let txnIn: { [k: string]: JsonValue };
  let customer: CustomerInput = {};
  let state: StateSnapshot = { counters: {} };
  const options: { explain: boolean; include?: string[]; exclude?: string[] } = { explain: !args.fast };
  try {
    source = readText(args.file!);
    txnIn = readJsonArg('--txn', args.txn!);
    if (args.customer !== undefined) customer = readJsonArg('--customer', args.customer);
    if (args.state !== undefined) {
      const s = readJsonArg('--state', args.state);
      const counters = Object.hasOwn(s, 'counters') ? s.counters : s;
      if (typeof counters !== 'object' || counters === null || Array.isArray(counters)
        || !Object.values(counters).every((v) => typeof v === 'number' && Number.isFinite(v))) {
        throw new InputError('--state must be {"counters": {"<counter key>": <number>, …}} (or just the counters object)');
      }
      state = { counters: counters as Record<string, number> };
    }
  } catch (e) {
    if (!(e instanceof InputError)) throw e;
    io.err(`accrue eval: ${e.message}\n`);
    return 2;
  }
  if (args.include !== undefined) options.include = args.include.split(',').map((s) => s.trim()).filter((s) => s !== '');
  if (args.exclude !== undefined) options.exclude = args.exclude.split(',').map((s) => s.trim()).filter((s) => s !== '');

  const { evaluator, diagnostics } = buildEvaluator(source, args.interpreter);
  const file = sourceFile(args.file!, source);
  const sorted = [...diagnostics].sort((a, b) => a.span.offset - b.span.offset);
  for (const d of sorted) io.err(renderDiagnostic(file, d) + '\n');
  if (evaluator === undefined || sorted.some((d) => d.severity === 'error')) {
    const n = sorted.filter((d) => d.severity === 'error').length;
    io.err(`accrue eval: ${args.file} has ${n} error${n === 1 ? '' : 's'}; nothing evaluated\n`);
    return 1;
  }

  // The implicit fields.
  const notes: string[] = [];
  let id = txnIn.id;
  let time = txnIn.time;
  if (id === undefined) { id = 'cli'; notes.push('--txn has no "id": using "cli"'); }
  if (time === undefined) { time = new Date().toISOString(); notes.push(`--txn has no "time": using now (${time})`); }
  const txn = { ...txnIn, id, time } as TransactionInput;
  if (args.customer === undefined && evaluator.checked.schema.customer.fields.length > 0) notes.push('no --customer given: customer fields read as absent');
  // What the API would refuse with a 400 is refused here too, naming every field.
  const problems = inputProblems(evaluator.checked.schema, txn, args.customer === undefined ? undefined : customer);
  // A rule list naming a rule the program lacks is a 400 on the API (a misspelt --include
  // would otherwise exclude every rule and report zero).
  const ruleIds = new Set(evaluator.checked.rules.map((r) => r.id));
  for (const list of ['include', 'exclude'] as const) {
    options[list]?.forEach((r) => {
      if (!ruleIds.has(r)) problems.push({ field: `--${list}`, message: `${JSON.stringify(r)} is not a rule of ${args.file}` });
    });
  }
  if (problems.length > 0) {
    for (const n of notes) io.err(`note: ${n}\n`);
    io.err(`accrue eval: the input does not fit the schema of ${args.file} (the API would answer 400):\n`);
    for (const p of problems) io.err(`  ${p.field}: ${p.message}\n`);
    io.err('nothing evaluated\n');
    return 1;
  }
  for (const n of notes) io.err(`note: ${n}\n`);

  let outcome: Outcome;
  try {
    outcome = evaluator.evaluate(txn, customer, state, options as EvaluateOptions);
  } catch (e) {
    io.err(`accrue eval: evaluation failed: ${(e as Error).message}\n`);
    return 1;
  }
  const range = outOfRange(outcome);
  if (range !== undefined) {
    io.err(`accrue eval: ${range}; the API refuses it (422 reward-out-of-range)\n`);
    return 1;
  }
  io.out(args.json ? JSON.stringify(outcome, null, 2) + '\n' : renderOutcome(evaluator, source, outcome, time as string | number));
  return 0;
}
