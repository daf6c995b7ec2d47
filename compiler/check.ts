// The checker's facade: header → schema → environment → groups, exclusions, rules →
// cross-rule checks → CheckedProgram. Diagnostics are values; the program is returned only
// when there is no error (warnings do not block).
import type { Program } from '../grammar/ast.ts';
import { LIMITS, diagnostic, hasErrors, type Diagnostic } from '../grammar/diagnostics.ts';
import { START_SPAN } from '../grammar/span.ts';
import { makeEnvironment, type Environment } from './environment.ts';
import type { CheckedProgram, ExclusionIR } from './ir.ts';
import { CapIds } from './check/caps.ts';
import { checkCondition, type ExprCtx } from './check/expr.ts';
import { checkHeader } from './check/header.ts';
import { M } from './check/messages.ts';
import { checkGroups, checkProgramRules } from './check/program.ts';
import { Reporter } from './check/reporter.ts';
import { checkRule } from './check/rules.ts';
import { checkSchema } from './check/schema.ts';
import { closest, didYouMean } from './check/suggest.ts';

export interface CheckResult {
  readonly program: CheckedProgram | undefined;
  readonly diagnostics: Diagnostic[];
  /** The typed environment, for editor completion and hovers (present even when there are errors). */
  readonly environment: Environment;
}

/** Resolves and types a parsed program; `program` only when there is no error. */
export function check(ast: Program): CheckResult {
  const r = new Reporter();
  const header = checkHeader(r, ast.header);
  const schema = checkSchema(r, ast.schema, header.currency, header.currencies);

  // The spend field: `spend <field>` if given, else `amount` when it is money.
  let spend: Environment['spend'];
  if (header.spend !== undefined) {
    const f = schema.transaction.fields.get(header.spend.name);
    if (f === undefined) r.report('ACC100', M.unknownField(header.spend.name), header.spend.span, didYouMean(closest(header.spend.name, schema.transaction.fields.keys())));
    else if (f.type.kind !== 'money') r.report('ACC312', M.spendNotMoney(f.name, f.type), header.spend.span);
    else spend = { field: f.name, type: f.type };
  } else {
    const amount = schema.transaction.fields.get('amount');
    if (amount?.type.kind === 'money') spend = { field: 'amount', type: amount.type };
  }

  const env = makeEnvironment({
    currency: header.currency,
    currencies: header.currencies,
    transaction: schema.transaction,
    customer: schema.customer,
    records: schema.records,
    spend,
  });
  const cx: ExprCtx = { env, r, tooDeep: false };
  const capIds = new CapIds();

  const groups = checkGroups(r, ast.groups ?? [], header.currencies, capIds);
  const exclusions: ExclusionIR[] = [];
  const exclusionIds = new Map<string, number>();
  for (const x of ast.exclusions ?? []) {
    const id = x.id?.name ?? '';
    const firstLine = exclusionIds.get(id);
    if (firstLine !== undefined) r.report('ACC108', M.duplicateGroup('exclusion', id), x.id.span, M.firstDeclared(firstLine));
    else exclusionIds.set(id, x.id?.span.line ?? 0);
    const condition = checkCondition(cx, x.condition, x.span, 'exclusion condition');
    exclusions.push({ id, title: x.title?.value, condition, span: x.span });
  }
  const rules = (ast.rules ?? []).map((rule) => checkRule(cx, rule, header.currencies, capIds, header.defaultExpiry));
  const ordered = checkProgramRules(r, rules, groups);

  const diagnostics = finish(r.diagnostics);
  const program: CheckedProgram | undefined = hasErrors(diagnostics)
    ? undefined
    : {
        name: header.name,
        currency: header.currency ?? '',
        currencies: header.currencies,
        timezone: header.timezone,
        rounding: header.rounding,
        seed: header.seed,
        spendField: spend?.field,
        defaultExpiry: header.defaultExpiry,
        minimumRedemption: header.minimumRedemption,
        schema: schema.schema,
        groups: [...groups.values()].map((g) => g.ir),
        exclusions,
        rules: ordered,
      };
  return { program, diagnostics, environment: env };
}

/** Source order (stable), capped at LIMITS.diagnostics with one ACC403 at the end. */
function finish(list: Diagnostic[]): Diagnostic[] {
  const sorted = list.map((d, i) => ({ d, i })).sort((a, b) => a.d.span.offset - b.d.span.offset || a.i - b.i).map((x) => x.d);
  if (sorted.length <= LIMITS.diagnostics) return sorted;
  const kept = sorted.slice(0, LIMITS.diagnostics);
  kept.push(diagnostic('ACC403', M.tooManyDiagnostics(LIMITS.diagnostics), sorted[LIMITS.diagnostics]?.span ?? START_SPAN));
  return kept;
}
