// json-rules-engine (v7) rules → an Accrue program.
//
// The importer reads JSON text only; it never loads json-rules-engine. It returns the
// program source (always a complete program, possibly with rules left out), diagnostics
// positioned in the JSON (a JSON pointer and a line/column span) for everything it could
// not express, and the mapping from fact names to Accrue fields so that the facts given to
// json-rules-engine can be turned into an Accrue transaction (`factsToTransaction`).
// Pure: no Node imports. The mapping is documented in docs/import-jre.md.
import type { Span } from '../../grammar/span.ts';
import { LIMITS } from '../../grammar/diagnostics.ts';
import { MAX_TREE_DEPTH } from '../../grammar/limits.ts';
import { parseJsonWithPositions, childPointer, type Json } from './json.ts';
import { NameScope, IMPLICIT_TRANSACTION_FIELDS, isAccrueIdentifier } from './names.ts';

// ─── Public types ─────────────────────────────────────────────────────────────

export type ImportSeverity = 'error' | 'warning' | 'info';

/** Importer diagnostic codes (JRE0xx), separate from the language's ACC codes. */
export const IMPORT_CODES = {
  JRE001: 'malformed JSON',
  JRE002: 'not a json-rules-engine rule or rule list',
  JRE003: 'operator is not a json-rules-engine built-in',
  JRE004: 'operator decorators are not supported',
  JRE005: 'fact-to-fact comparison is not supported',
  JRE006: 'condition references are not supported',
  JRE007: 'value cannot be expressed',
  JRE008: 'fact used with conflicting types',
  JRE009: 'unsupported JSONPath',
  JRE010: 'malformed condition',
  JRE011: 'fact params are ignored',
  JRE012: 'event params.points is not a positive integer: a marker reward is used',
  JRE013: 'name mapped to a different Accrue identifier',
  JRE014: 'invalid priority',
  JRE015: 'invalid schema',
  JRE016: 'property ignored',
  JRE017: 'malformed event',
  JRE018: 'fact type could not be inferred: string assumed',
  JRE019: "beyond Accrue's limits (expression depth, list length, rules per program)",
} as const;
export type ImportCode = keyof typeof IMPORT_CODES;

export interface ImportDiagnostic {
  readonly severity: ImportSeverity;
  readonly code: ImportCode;
  readonly message: string;
  /** Which input the position refers to. */
  readonly file: 'rules' | 'schema';
  /** JSON pointer (RFC 6901) of the offending value; '' is the document root. */
  readonly pointer: string;
  /** Where that value sits in the JSON text (1-based line and column). */
  readonly span: Span | undefined;
  readonly hint?: string;
}

export interface ImportOptions {
  /** The program's name in its header (default "Imported json-rules-engine rules"). */
  readonly name?: string;
  /** JSON text of a schema file (`--schema`): fact name → type; see docs/import-jre.md. */
  readonly schema?: string;
  /** Program currency, used for `money` fields from the schema (default USD). */
  readonly currency?: string;
  /** Program timezone (default "UTC"). */
  readonly timezone?: string;
  /** Where the rules came from, for the header comment. */
  readonly sourceName?: string;
}

/** How one fact (or object key under a fact) maps to an Accrue field. */
export interface FieldMapping {
  readonly json: string;
  readonly field: string;
  readonly type: string;
  /** For records: the mapping of the object's keys. */
  readonly fields?: readonly FieldMapping[];
}

export interface ImportedRule {
  /** Position of the rule in the input's rule list. */
  readonly index: number;
  readonly pointer: string;
  readonly name: string | undefined;
  readonly eventType: string | undefined;
  /** The Accrue rule id, or undefined when the rule was not imported. */
  readonly id: string | undefined;
  /** json-rules-engine priority (default 1) and the Accrue priority it became. */
  readonly jrePriority: number;
  readonly priority: number | undefined;
}

export interface ImportResult {
  /** The Accrue program; rules that could not be expressed are left out (and listed in a comment). */
  readonly source: string;
  readonly diagnostics: readonly ImportDiagnostic[];
  readonly rules: readonly ImportedRule[];
  /** Transaction fields, one per fact, in schema order. */
  readonly facts: readonly FieldMapping[];
}

// ─── Internal model ───────────────────────────────────────────────────────────

type Scalar = 'number' | 'integer' | 'money' | 'string' | 'boolean';
type SlotType =
  | { kind: 'scalar'; name: Scalar }
  | { kind: 'enum'; members: string[] }
  | { kind: 'list'; element: SlotType | undefined }
  | { kind: 'record'; fields: Map<string, Slot> };

interface Slot {
  readonly json: string;
  type: SlotType | undefined;
  readonly fromSchema: boolean;
  /** Where the type was decided (for conflict messages). */
  origin: string | undefined;
  /** JSON pointer of the first condition that reads it (for rename notes). */
  firstUse?: string;
}

type Cond =
  | { kind: 'all' | 'any'; items: Cond[]; pointer: string }
  | { kind: 'not'; item: Cond; pointer: string }
  | { kind: 'leaf'; fact: string; path: string[]; op: Operator; value: Json; pointer: string }
  /** What constant folding leaves of `in []`, `notIn []` and empty `all`/`any`. */
  | { kind: 'const'; value: boolean };

const OPERATORS = [
  'equal', 'notEqual', 'lessThan', 'lessThanInclusive', 'greaterThan', 'greaterThanInclusive',
  'in', 'notIn', 'contains', 'doesNotContain',
] as const;
type Operator = (typeof OPERATORS)[number];
const DECORATORS = ['someFact', 'someValue', 'everyFact', 'everyValue', 'swap', 'not'];
const COMPARISON: Partial<Record<Operator, string>> = {
  equal: '=', notEqual: '!=', lessThan: '<', lessThanInclusive: '<=', greaterThan: '>', greaterThanInclusive: '>=',
};

const RULE_KEYS = new Set(['conditions', 'event', 'name', 'priority']);
const LEAF_KEYS = new Set(['fact', 'operator', 'value', 'path', 'params', 'priority', 'name']);
const BOOL_KEYS = new Set(['all', 'any', 'not', 'priority', 'name']);

/** Record names must not read as a type keyword in `field: <record>`. */
const TYPE_WORDS = new Set(['number', 'integer', 'string', 'boolean', 'date', 'timestamp', 'money', 'enum', 'list', 'optional']);

class RuleError {
  constructor(readonly code: ImportCode, readonly message: string, readonly pointer: string, readonly hint?: string) {}
}

const isObject = (v: Json | undefined): v is { [k: string]: Json } => typeof v === 'object' && v !== null && !Array.isArray(v);
const own = (o: object, k: string): boolean => Object.prototype.hasOwnProperty.call(o, k);

// ─── Entry point ──────────────────────────────────────────────────────────────

export function importJre(text: string, options: ImportOptions = {}): ImportResult {
  return new Importer(text, options).run();
}

class Importer {
  private readonly diagnostics: ImportDiagnostic[] = [];
  private spans: ReadonlyMap<string, Span> = new Map();
  private schemaSpans: ReadonlyMap<string, Span> = new Map();
  /** Top-level facts by JSON name, in first-seen order (schema first). */
  private readonly facts = new Map<string, Slot>();
  private readonly currency: string;

  constructor(private readonly text: string, private readonly options: ImportOptions) {
    this.currency = options.currency ?? 'USD';
  }

  private report(severity: ImportSeverity, code: ImportCode, message: string, pointer: string, hint?: string, file: 'rules' | 'schema' = 'rules'): void {
    const span = (file === 'rules' ? this.spans : this.schemaSpans).get(pointer);
    const d: ImportDiagnostic = { severity, code, message, file, pointer, span };
    this.diagnostics.push(hint === undefined ? d : { ...d, hint });
  }

  run(): ImportResult {
    if (this.options.schema !== undefined) this.loadSchema(this.options.schema);

    const parsed = parseJsonWithPositions(this.text);
    if (!parsed.ok) {
      this.diagnostics.push({ severity: 'error', code: 'JRE001', message: `malformed JSON: ${parsed.message}`, file: 'rules', pointer: '', span: parsed.span });
      return this.finish([]);
    }
    this.spans = parsed.json.spans;
    const root = parsed.json.value;

    // The rule list: an array, `{ rules: [...] }`, or a single rule object.
    let list: { value: Json; pointer: string }[];
    if (Array.isArray(root)) list = root.map((value, i) => ({ value, pointer: childPointer('', i) }));
    else if (isObject(root) && own(root, 'rules') && !own(root, 'conditions')) {
      const rules = root.rules;
      if (!Array.isArray(rules)) {
        this.report('error', 'JRE002', '"rules" must be an array of rules', '/rules');
        return this.finish([]);
      }
      list = rules.map((value, i) => ({ value, pointer: childPointer('/rules', i) }));
    } else if (isObject(root) && own(root, 'conditions')) list = [{ value: root, pointer: '' }];
    else {
      this.report('error', 'JRE002', 'expected a rule object (with "conditions" and "event"), an array of rules, or {"rules": [...]}', '');
      return this.finish([]);
    }

    // Pass 1: structure. Pass 2: types (over rules whose structure is sound). Pass 3: text.
    const parsedRules = list.map(({ value, pointer }, index) => this.parseRule(value, pointer, index));
    for (const r of parsedRules) {
      if (r.error !== undefined || r.cond === undefined) continue;
      // A rule Accrue could not parse or check is left out before it shapes the schema.
      r.error = beyondLimits(fold(r.cond));
      if (r.error !== undefined) continue;
      try {
        this.inferTypes(r.cond);
      } catch (e) {
        if (!(e instanceof RuleError)) throw e;
        r.error = e;
      }
    }
    // A program holds at most LIMITS.rules rules (ACC402): the ones past that are left out.
    let kept = 0;
    for (const r of parsedRules) {
      if (r.error === undefined && ++kept > LIMITS.rules) {
        r.error = new RuleError('JRE019', `an Accrue program holds at most ${LIMITS.rules} rules`, r.pointer, 'split the rules into several files, one program each');
      }
    }
    for (const r of parsedRules) {
      if (r.error !== undefined) {
        const e = r.error;
        this.report('error', e.code, `${e.message}; rule ${describeRule(r)} is not imported`, e.pointer, e.hint);
      }
    }
    return this.finish(parsedRules);
  }

  // ─── Schema file ────────────────────────────────────────────────────────────

  private loadSchema(text: string): void {
    const parsed = parseJsonWithPositions(text);
    if (!parsed.ok) {
      this.diagnostics.push({ severity: 'error', code: 'JRE015', message: `malformed schema JSON: ${parsed.message}`, file: 'schema', pointer: '', span: parsed.span });
      return;
    }
    this.schemaSpans = parsed.json.spans;
    const root = parsed.json.value;
    if (!isObject(root)) {
      this.report('error', 'JRE015', 'the schema must be an object mapping fact names to types', '', undefined, 'schema');
      return;
    }
    const readFields = (obj: { [k: string]: Json }, pointer: string, into: Map<string, Slot>): void => {
      for (const key of Object.keys(obj)) {
        const p = childPointer(pointer, key);
        const type = this.readSchemaType(obj[key]!, p);
        if (type === undefined) continue;
        into.set(key, { json: key, type, fromSchema: true, origin: `the schema (${p})` });
      }
    };
    readFields(root, '', this.facts);
  }

  private readSchemaType(v: Json, pointer: string): SlotType | undefined {
    if (isObject(v)) {
      const fields = new Map<string, Slot>();
      for (const key of Object.keys(v)) {
        const p = childPointer(pointer, key);
        const t = this.readSchemaType(v[key]!, p);
        if (t !== undefined) fields.set(key, { json: key, type: t, fromSchema: true, origin: `the schema (${p})` });
      }
      return { kind: 'record', fields };
    }
    if (typeof v !== 'string') {
      this.report('error', 'JRE015', 'a schema type is a string ("number", "enum(a, b)", "list of string", …) or an object of fields', pointer, undefined, 'schema');
      return undefined;
    }
    const t = parseTypeText(v.trim());
    if (typeof t === 'string') {
      this.report('error', 'JRE015', `invalid type ${JSON.stringify(v)}: ${t}`, pointer, 'types: number, integer, money, string, boolean, enum(a, b), list of <type>, or an object of fields', 'schema');
      return undefined;
    }
    return t;
  }

  // ─── Pass 1: structure ──────────────────────────────────────────────────────

  private parseRule(value: Json, pointer: string, index: number): ParsedRule {
    const r: ParsedRule = { index, pointer, name: undefined, eventType: undefined, params: undefined, priority: 1, cond: undefined, error: undefined };
    try {
      if (!isObject(value)) throw new RuleError('JRE002', 'a rule must be an object with "conditions" and "event"', pointer);
      if (own(value, 'name') && value.name !== null) {
        r.name = typeof value.name === 'string' ? value.name : JSON.stringify(value.name);
      }
      // Event.
      const event = value.event;
      if (!own(value, 'event')) throw new RuleError('JRE017', 'the rule has no "event"', pointer);
      if (!isObject(event) || !own(event, 'type') || event.type === null || isObject(event.type) || Array.isArray(event.type)) {
        throw new RuleError('JRE017', 'the event must be an object with a "type"', childPointer(pointer, 'event'));
      }
      r.eventType = String(event.type);
      if (own(event, 'params')) r.params = event.params;
      for (const key of Object.keys(event)) {
        if (key !== 'type' && key !== 'params') this.report('warning', 'JRE016', `event property "${key}" is ignored`, childPointer(childPointer(pointer, 'event'), key));
      }
      // Priority (json-rules-engine: parseInt, must be > 0). Its default applies to any falsy
      // value (`options.priority || 1`): null, 0, false and "" all mean priority 1.
      if (own(value, 'priority') && value.priority) {
        const pp = childPointer(pointer, 'priority');
        const p = typeof value.priority === 'number' || typeof value.priority === 'string' ? parseInt(String(value.priority), 10) : NaN;
        if (!Number.isFinite(p) || p <= 0) throw new RuleError('JRE014', `priority ${JSON.stringify(value.priority)} is not a positive integer (json-rules-engine requires priority > 0)`, pp);
        r.priority = p;
      }
      for (const key of Object.keys(value)) {
        if (!RULE_KEYS.has(key)) this.report('warning', 'JRE016', `rule property "${key}" is ignored`, childPointer(pointer, key));
      }
      // Conditions.
      if (!own(value, 'conditions')) throw new RuleError('JRE010', 'the rule has no "conditions"', pointer);
      const cp = childPointer(pointer, 'conditions');
      const conditions = value.conditions!;
      if (!isObject(conditions) || !(['all', 'any', 'not', 'condition'] as const).some((k) => own(conditions, k))) {
        throw new RuleError('JRE010', 'conditions root must contain one of "all", "any", "not" or "condition"', cp);
      }
      r.cond = this.parseCondition(conditions, cp);
      if (r.cond.kind === 'leaf') throw new RuleError('JRE010', 'conditions root must be "all", "any" or "not"', cp);
    } catch (e) {
      if (!(e instanceof RuleError)) throw e;
      r.error = e;
    }
    return r;
  }

  private parseCondition(c: Json, pointer: string): Cond {
    if (!isObject(c)) throw new RuleError('JRE010', 'a condition must be an object', pointer);
    const bools = (['all', 'any', 'not'] as const).filter((k) => own(c, k));
    if (bools.length > 1) throw new RuleError('JRE010', `a condition has one of "all", "any", "not", not several (${bools.join(', ')})`, pointer);
    if (own(c, 'condition')) {
      throw new RuleError('JRE006', `condition reference ${JSON.stringify(c.condition)} cannot be resolved from the JSON alone`, childPointer(pointer, 'condition'), 'inline the shared condition (engine.setCondition) into each rule');
    }
    const op = bools[0];
    if (op !== undefined) {
      for (const key of Object.keys(c)) {
        if (!BOOL_KEYS.has(key)) this.report('warning', 'JRE016', `condition property "${key}" is ignored`, childPointer(pointer, key));
      }
      const p = childPointer(pointer, op);
      const sub = c[op]!;
      if (op === 'not') {
        if (Array.isArray(sub) || !isObject(sub)) throw new RuleError('JRE010', '"not" takes a single condition object, not an array', p);
        return { kind: 'not', item: this.parseCondition(sub, p), pointer };
      }
      if (!Array.isArray(sub)) throw new RuleError('JRE010', `"${op}" must be an array`, p);
      return { kind: op, items: sub.map((s, i) => this.parseCondition(s, childPointer(p, i))), pointer };
    }
    // A leaf: { fact, operator, value, path?, params? }.
    for (const k of ['fact', 'operator', 'value'] as const) {
      if (!own(c, k)) throw new RuleError('JRE010', `a condition needs "${k}"`, pointer);
    }
    for (const key of Object.keys(c)) {
      if (!LEAF_KEYS.has(key)) this.report('warning', 'JRE016', `condition property "${key}" is ignored`, childPointer(pointer, key));
    }
    if (typeof c.fact !== 'string') throw new RuleError('JRE010', '"fact" must be a string', childPointer(pointer, 'fact'));
    const opName = c.operator;
    const opPointer = childPointer(pointer, 'operator');
    if (typeof opName !== 'string') throw new RuleError('JRE010', '"operator" must be a string', opPointer);
    if (!(OPERATORS as readonly string[]).includes(opName)) {
      if (opName.includes(':') && DECORATORS.includes(opName.slice(0, opName.indexOf(':')))) {
        throw new RuleError('JRE004', `operator decorator "${opName}" is not supported`, opPointer, opName.startsWith('not:') ? 'wrap the condition in {"not": …} instead' : undefined);
      }
      const hint = suggest(opName, OPERATORS);
      throw new RuleError('JRE003', `operator "${opName}" is not a json-rules-engine built-in (a custom operator's code cannot be imported)`, opPointer, hint === undefined ? undefined : `did you mean "${hint}"?`);
    }
    if (isObject(c.value) && own(c.value, 'fact')) {
      throw new RuleError('JRE005', `comparing fact "${c.fact}" with fact ${JSON.stringify(c.value.fact)} is not supported`, childPointer(pointer, 'value'), 'compare with a literal value');
    }
    if (own(c, 'params') && c.params !== null && !(isObject(c.params) && Object.keys(c.params).length === 0)) {
      this.report('warning', 'JRE011', `params of fact "${c.fact}" are ignored: the fact becomes a plain transaction field`, childPointer(pointer, 'params'));
    }
    let path: string[] = [];
    if (own(c, 'path') && c.path !== null && c.path !== '') {
      const pp = childPointer(pointer, 'path');
      if (typeof c.path !== 'string') throw new RuleError('JRE009', '"path" must be a string', pp);
      const parsedPath = parseJsonPath(c.path);
      if (parsedPath === undefined) {
        throw new RuleError('JRE009', `path ${JSON.stringify(c.path)} is not a plain property path`, pp, 'supported: $.a.b and $[\'a\'][\'b\'] (no array indexes, wildcards, filters or ..)');
      }
      path = parsedPath;
    }
    return { kind: 'leaf', fact: c.fact, path, op: opName as Operator, value: c.value!, pointer };
  }

  // ─── Pass 2: types ──────────────────────────────────────────────────────────

  private inferTypes(c: Cond): void {
    switch (c.kind) {
      case 'all':
      case 'any':
        for (const i of c.items) this.inferTypes(i);
        return;
      case 'not':
        return this.inferTypes(c.item);
      case 'leaf':
        return this.constrainLeaf(c);
      case 'const':
        return;
    }
  }

  /** The slot a leaf reads, creating records along its path. */
  private slotOf(leaf: Extract<Cond, { kind: 'leaf' }>): Slot {
    let slot = this.facts.get(leaf.fact);
    if (slot === undefined) {
      slot = { json: leaf.fact, type: undefined, fromSchema: false, origin: undefined };
      this.facts.set(leaf.fact, slot);
    }
    slot.firstUse ??= childPointer(leaf.pointer, 'fact');
    let label = `fact "${leaf.fact}"`;
    for (const key of leaf.path) {
      if (slot.type === undefined) {
        slot.type = { kind: 'record', fields: new Map() };
        slot.origin = `${leaf.pointer}/path`;
      }
      if (slot.type.kind !== 'record') {
        throw new RuleError('JRE008', `${label} is ${describeType(slot.type)} (from ${slot.origin}) but is read with a path here`, childPointer(leaf.pointer, 'path'));
      }
      let next = slot.type.fields.get(key);
      if (next === undefined) {
        if (slot.fromSchema) {
          throw new RuleError('JRE008', `${label} has no field "${key}" in the schema`, childPointer(leaf.pointer, 'path'));
        }
        next = { json: key, type: undefined, fromSchema: false, origin: undefined };
        slot.type.fields.set(key, next);
      }
      next.firstUse ??= childPointer(leaf.pointer, 'path');
      slot = next;
      label = `${label} path ${JSON.stringify(key)}`;
    }
    return slot;
  }

  private constrainLeaf(leaf: Extract<Cond, { kind: 'leaf' }>): void {
    const vp = childPointer(leaf.pointer, 'value');
    const want = requiredType(leaf.op, leaf.value, vp);
    const slot = this.slotOf(leaf);
    const label = leaf.path.length === 0 ? `fact "${leaf.fact}"` : `fact "${leaf.fact}" at ${leaf.path.join('.')}`;
    if (want === undefined) return; // e.g. `in []`: no information
    if (slot.type === undefined) {
      slot.type = want;
      slot.origin = leaf.pointer;
      return;
    }
    // Fill in a list element type learnt later.
    if (slot.type.kind === 'list' && want.kind === 'list' && slot.type.element === undefined) {
      slot.type.element = want.element;
      return;
    }
    const problem = compatible(slot.type, want, leaf.value, leaf.op);
    if (problem !== undefined) {
      throw new RuleError('JRE008', `${label} is ${describeType(slot.type)} (from ${slot.origin}) but ${problem}`, vp);
    }
  }

  // ─── Pass 3: text ───────────────────────────────────────────────────────────

  private finish(parsedRules: ParsedRule[]): ImportResult {
    // Names: top-level fields, then record names. A bare name is a transaction field before it
    // is an enum member, so no field may be named like a member: `tier = gold` must not read a
    // fact `gold`.
    const fieldScope = new NameScope('fact', new Set([...IMPLICIT_TRANSACTION_FIELDS, ...enumMembers(this.facts.values())]));
    const recordScope = new NameScope('record', TYPE_WORDS);
    const recordDecls: string[] = [];
    const mappingOf = (slot: Slot, scope: NameScope, recordPrefix: string | undefined): FieldMapping => {
      const pointerForRename = slot.firstUse;
      const field = scope.name(slot.json);
      if (field !== slot.json && pointerForRename !== undefined) {
        this.report('info', 'JRE013', `${recordPrefix === undefined ? 'fact' : 'key'} ${JSON.stringify(slot.json)} is the Accrue field \`${field}\``, pointerForRename);
      }
      if (slot.type === undefined || (slot.type.kind === 'list' && slot.type.element === undefined)) {
        if (pointerForRename !== undefined) this.report('info', 'JRE018', `the type of ${JSON.stringify(slot.json)} could not be inferred (only empty lists): string assumed`, pointerForRename);
        if (slot.type === undefined) slot.type = { kind: 'scalar', name: 'string' };
        else if (slot.type.kind === 'list') slot.type.element = { kind: 'scalar', name: 'string' };
      }
      if (slot.type.kind === 'record') {
        const recordName = recordScope.name(recordPrefix === undefined ? field : `${recordPrefix}_${field}`);
        const inner = new NameScope('field');
        const at = recordDecls.push('') - 1; // parents before the records they contain
        const fields = [...slot.type.fields.values()].map((s) => mappingOf(s, inner, recordName));
        recordDecls[at] = renderRecord(recordName, fields);
        return { json: slot.json, field, type: recordName, fields };
      }
      return { json: slot.json, field, type: typeText(slot.type) };
    };
    const facts: FieldMapping[] = [];
    for (const slot of this.facts.values()) facts.push(mappingOf(slot, fieldScope, undefined));
    const factByJson = new Map(facts.map((f) => [f.json, f]));

    // Priorities: json-rules-engine runs higher first; Accrue lower first.
    const ok = parsedRules.filter((r) => r.error === undefined);
    const distinct = [...new Set(ok.map((r) => r.priority))].sort((a, b) => b - a);
    const accruePriority = (p: number): number | undefined => (distinct.length <= 1 ? undefined : (distinct.indexOf(p) + 1) * 10);

    const ruleScope = new NameScope('rule');
    const imported: ImportedRule[] = [];
    const ruleTexts: string[] = [];
    const skipped: string[] = [];
    for (const r of parsedRules) {
      if (r.error !== undefined) {
        imported.push({ index: r.index, pointer: r.pointer, name: r.name, eventType: r.eventType, id: undefined, jrePriority: r.priority, priority: undefined });
        skipped.push(`#   ${r.pointer || '(root)'} ${describeRule(r)}: ${oneLine(r.error.message)}`);
        continue;
      }
      const id = ruleScope.fresh(r.name ?? r.eventType ?? `rule_${r.index + 1}`);
      const priority = accruePriority(r.priority);
      imported.push({ index: r.index, pointer: r.pointer, name: r.name, eventType: r.eventType, id, jrePriority: r.priority, priority });
      ruleTexts.push(this.renderRule(r, id, priority, factByJson));
    }

    const out: string[] = [];
    out.push(`# Imported from ${this.options.sourceName ?? 'json-rules-engine rules'} by \`accrue import-jre\`.`);
    out.push('# Each fact is a transaction field; each rule fires by applying its reward: the event\'s');
    out.push('# params.points when it is a positive integer, else a marker of 1 point.');
    const renamed: string[] = [];
    const collectRenames = (fs: readonly FieldMapping[], prefix: string): void => {
      for (const f of fs) {
        if (f.field !== f.json) renamed.push(`#   ${oneLine(JSON.stringify(prefix + f.json))} → ${f.field}`);
        if (f.fields) collectRenames(f.fields, `${prefix}${f.json}.`);
      }
    };
    collectRenames(facts, '');
    if (renamed.length > 0) out.push('# Renamed facts and keys (json → Accrue):', ...renamed);
    out.push(`program ${accrueString(this.options.name ?? 'Imported json-rules-engine rules')} {`);
    out.push(`  currency ${this.currency}`);
    out.push(`  timezone ${accrueString(this.options.timezone ?? 'UTC')}`);
    out.push('}');
    out.push('');
    out.push('schema {');
    out.push('  transaction {');
    for (const f of facts) out.push(`    ${f.field}: ${f.type}`);
    out.push('  }');
    for (const d of recordDecls) out.push(d);
    out.push('}');
    for (const t of ruleTexts) out.push('', t);
    if (skipped.length > 0) {
      out.push('', '# Not imported (see the diagnostics):', ...skipped);
    }
    const offset = (d: ImportDiagnostic): number => (d.file === 'schema' ? -1 : d.span?.offset ?? 0);
    const diagnostics = this.diagnostics.map((d, i) => ({ d, i })).sort((a, b) => offset(a.d) - offset(b.d) || a.i - b.i).map((x) => x.d);
    return { source: out.join('\n') + '\n', diagnostics, rules: imported, facts };
  }

  private renderRule(r: ParsedRule, id: string, priority: number | undefined, facts: ReadonlyMap<string, FieldMapping>): string {
    const lines: string[] = [];
    const origin = r.name !== undefined ? `rule ${JSON.stringify(r.name)}` : 'rule';
    lines.push(`# ${oneLine(`${origin} at ${r.pointer || '(root)'}, event ${JSON.stringify(r.eventType)}`)}`);
    if (r.params !== undefined && !(isObject(r.params) && Object.keys(r.params).length === 0)) {
      let p = JSON.stringify(r.params);
      if (p.length > 160) p = `${p.slice(0, 157)}...`;
      lines.push(`# event params: ${oneLine(p)}`);
    }
    lines.push(`rule ${id} ${accrueString(r.eventType ?? id)} {`);
    if (priority !== undefined) lines.push(`  priority ${priority}  # json-rules-engine priority ${r.priority}`);
    const cond = fold(r.cond!);
    const whens: Cond[] = cond.kind === 'all' ? cond.items : [cond];
    for (const w of whens) {
      if (w.kind === 'const' && w.value) continue; // always true: no condition
      lines.push(`  when ${this.renderCond(w, 'top', '    ', facts)}`);
    }
    const points = isObject(r.params) ? r.params.points : undefined;
    if (typeof points === 'number' && Number.isInteger(points) && points > 0 && points <= 1e15) {
      lines.push(`  reward points ${decimalText(points)}`);
    } else {
      if (points !== undefined) {
        this.report('warning', 'JRE012', `event params.points ${JSON.stringify(points)} is not a positive integer: the rule gives a marker of 1 point`, childPointer(childPointer(childPointer(r.pointer, 'event'), 'params'), 'points'));
      }
      lines.push('  reward points 1  # marker: the rule fired');
    }
    lines.push('}');
    return lines.join('\n');
  }

  /** Renders a condition; `ctx` is the operator around it (for parentheses). */
  private renderCond(c: Cond, ctx: 'top' | 'and' | 'or' | 'not', indent: string, facts: ReadonlyMap<string, FieldMapping>): string {
    switch (c.kind) {
      case 'const':
        return String(c.value);
      case 'leaf':
        return this.renderLeaf(c, facts);
      case 'not': {
        const inner = this.renderCond(c.item, 'not', indent + '  ', facts);
        return `not (${inner})`;
      }
      case 'all':
      case 'any': {
        if (c.items.length === 0) return 'true';
        if (c.items.length === 1) return this.renderCond(c.items[0]!, ctx, indent, facts);
        const word = c.kind === 'all' ? 'and' : 'or';
        const needParens = ctx === 'and' || ctx === 'or';
        const innerIndent = needParens ? indent + ' ' : indent;
        const parts = c.items.map((i) => this.renderCond(i, word, innerIndent + '  ', facts));
        let body = parts.join(` ${word} `);
        if (body.length > 72 || body.includes('\n')) body = parts.join(`\n${innerIndent}${word} `);
        return needParens ? `(${body})` : body;
      }
    }
  }

  private renderLeaf(c: Extract<Cond, { kind: 'leaf' }>, facts: ReadonlyMap<string, FieldMapping>): string {
    let m = facts.get(c.fact)!;
    let lhs = m.field;
    for (const key of c.path) {
      m = m.fields!.find((f) => f.json === key)!;
      lhs += `.${m.field}`;
    }
    const slot = this.slotAt(c.fact, c.path);
    const t = slot.type!;
    const cmp = COMPARISON[c.op];
    if (cmp !== undefined) return `${lhs} ${cmp} ${literal(c.value, t, this.currency)}`;
    if (c.op === 'in' || c.op === 'notIn') {
      const items = c.value as Json[];
      if (items.length === 0) return c.op === 'in' ? 'false' : 'true';
      return `${lhs} ${c.op === 'in' ? 'in' : 'not in'} [${items.map((v) => literal(v, t, this.currency)).join(', ')}]`;
    }
    // contains / doesNotContain: the fact is a list.
    const element = t.kind === 'list' && t.element !== undefined ? t.element : ({ kind: 'scalar', name: 'string' } as SlotType);
    return `${literal(c.value, element, this.currency)} ${c.op === 'contains' ? 'in' : 'not in'} ${lhs}`;
  }

  private slotAt(fact: string, path: readonly string[]): Slot {
    let slot = this.facts.get(fact)!;
    for (const key of path) slot = (slot.type as Extract<SlotType, { kind: 'record' }>).fields.get(key)!;
    return slot;
  }
}

/**
 * Folds the constants json-rules-engine semantics give: `in []` is false, `notIn []` true, an
 * empty `all` or `any` true (json-rules-engine's own rule). An `any` whose members all fold to
 * false is false; an `all` with a false member is false.
 */
function fold(c: Cond): Cond {
  switch (c.kind) {
    case 'const':
      return c;
    case 'leaf':
      if ((c.op === 'in' || c.op === 'notIn') && Array.isArray(c.value) && c.value.length === 0) return { kind: 'const', value: c.op === 'notIn' };
      return c;
    case 'not': {
      const inner = fold(c.item);
      return inner.kind === 'const' ? { kind: 'const', value: !inner.value } : { ...c, item: inner };
    }
    case 'all':
    case 'any': {
      if (c.items.length === 0) return { kind: 'const', value: true };
      const absorbing = c.kind === 'any'; // true absorbs an any, false an all
      const items: Cond[] = [];
      for (const i of c.items.map(fold)) {
        if (i.kind === 'const') {
          if (i.value === absorbing) return i;
          continue;
        }
        items.push(i);
      }
      if (items.length === 0) return { kind: 'const', value: !absorbing };
      return { ...c, items };
    }
  }
}

/**
 * Why a folded condition is beyond what Accrue's parser and checker take, as they will meet it
 * rendered (one `when` per member of a top-level `all`); undefined when it fits. Their limits:
 * expressions nested at most LIMITS.nestingDepth levels (a chain `a or b or c` is one level), an
 * AST at most MAX_TREE_DEPTH deep (the parser builds a chain of n operands as n - 1 nested nodes,
 * under the rule's own node), and list literals of at most LIMITS.listElements.
 * The rules it mirrors are grammar/limits.ts (findTooDeepIn, treeDepth): keep the two in step.
 */
function beyondLimits(cond: Cond): RuleError | undefined {
  // Checker depth below a node, which sits at depth 0: a comparison's operands are at 1, the
  // elements of an `in` list at 2. Mirrors renderCond: a one-member all/any is its member.
  const depth = (c: Cond): number => {
    switch (c.kind) {
      case 'const': return 0;
      case 'leaf': return c.op === 'in' || c.op === 'notIn' ? 2 : 1;
      case 'not': return 1 + depth(c.item);
      case 'all':
      case 'any':
        if (c.items.length === 0) return 0;
        if (c.items.length === 1) return depth(c.items[0]!);
        return 1 + Math.max(...c.items.map(depth));
    }
  };
  // AST height, the node itself counting 1. In a chain of n members, member 0 sits under n - 1
  // nested operator nodes and member i ≥ 1 under n - i.
  const height = (c: Cond): number => {
    switch (c.kind) {
      case 'const': return 1;
      case 'leaf': return c.op === 'in' || c.op === 'notIn' ? 3 : 2;
      case 'not': return 1 + height(c.item);
      case 'all':
      case 'any': {
        const n = c.items.length;
        if (n === 0) return 1;
        if (n === 1) return height(c.items[0]!);
        return Math.max(...c.items.map((item, i) => (i === 0 ? n - 1 : n - i) + height(item)));
      }
    }
  };
  const longList = (c: Cond): Extract<Cond, { kind: 'leaf' }> | undefined => {
    switch (c.kind) {
      case 'const': return undefined;
      case 'leaf': return Array.isArray(c.value) && c.value.length > LIMITS.listElements ? c : undefined;
      case 'not': return longList(c.item);
      case 'all':
      case 'any':
        for (const i of c.items) {
          const found = longList(i);
          if (found !== undefined) return found;
        }
        return undefined;
    }
  };
  const whens = cond.kind === 'all' ? cond.items : [cond];
  for (const w of whens) {
    if (w.kind === 'const') continue;
    const long = longList(w);
    if (long !== undefined) {
      return new RuleError('JRE019', `${long.op} lists ${(long.value as Json[]).length} values; an Accrue list takes at most ${LIMITS.listElements}`, childPointer(long.pointer, 'value'), 'split the condition into an "any" of shorter lists');
    }
    const d = depth(w);
    if (d > LIMITS.nestingDepth) {
      return new RuleError('JRE019', `this condition nests ${d} levels deep (each all, any or not inside another is a level); Accrue takes at most ${LIMITS.nestingDepth}`, w.pointer, 'flatten it: a not inside a not cancels out, an all inside an all is one all');
    }
    const h = 1 + height(w); // under the rule's node
    if (h > MAX_TREE_DEPTH) {
      return new RuleError('JRE019', `this condition's all/any chains are too long for Accrue: they make an expression ${h} levels deep, at most ${MAX_TREE_DEPTH}`, w.pointer, 'split a long "any" into several rules, or compare one fact with an "in" list instead of many "equal"s');
    }
  }
  return undefined;
}

interface ParsedRule {
  index: number;
  pointer: string;
  name: string | undefined;
  eventType: string | undefined;
  params: Json | undefined;
  priority: number;
  cond: Cond | undefined;
  error: RuleError | undefined;
}

function describeRule(r: { index: number; name: string | undefined; eventType: string | undefined }): string {
  if (r.name !== undefined) return JSON.stringify(r.name);
  if (r.eventType !== undefined) return `#${r.index + 1} (event ${JSON.stringify(r.eventType)})`;
  return `#${r.index + 1}`;
}

// ─── Types ────────────────────────────────────────────────────────────────────

function scalarOf(v: Json): Scalar | undefined {
  if (typeof v === 'number') return 'number';
  if (typeof v === 'string') return 'string';
  if (typeof v === 'boolean') return 'boolean';
  return undefined;
}

function describeValue(v: Json): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'object') return 'an object';
  return JSON.stringify(v);
}

/** The type an operator and its value demand of the fact; undefined when the value says nothing. */
function requiredType(op: Operator, value: Json, vp: string): SlotType | undefined {
  switch (op) {
    case 'equal':
    case 'notEqual': {
      const s = scalarOf(value);
      if (s === undefined) throw new RuleError('JRE007', `${op} with ${describeValue(value)} cannot be expressed (only numbers, strings and booleans)`, vp);
      return { kind: 'scalar', name: s };
    }
    case 'lessThan':
    case 'lessThanInclusive':
    case 'greaterThan':
    case 'greaterThanInclusive':
      if (typeof value !== 'number') throw new RuleError('JRE007', `${op} needs a number value, not ${describeValue(value)}`, vp);
      return { kind: 'scalar', name: 'number' };
    case 'in':
    case 'notIn': {
      if (!Array.isArray(value)) throw new RuleError('JRE007', `${op} needs an array value, not ${describeValue(value)}`, vp);
      let s: Scalar | undefined;
      value.forEach((v, i) => {
        const e = scalarOf(v);
        if (e === undefined) throw new RuleError('JRE007', `${op} list elements must be numbers, strings or booleans, not ${describeValue(v)}`, childPointer(vp, i));
        if (s !== undefined && e !== s) throw new RuleError('JRE007', `${op} list mixes ${s}s and ${e}s`, childPointer(vp, i));
        s = e;
      });
      return s === undefined ? undefined : { kind: 'scalar', name: s };
    }
    case 'contains':
    case 'doesNotContain': {
      const s = scalarOf(value);
      if (s === undefined) throw new RuleError('JRE007', `${op} with ${describeValue(value)} cannot be expressed (only numbers, strings and booleans)`, vp);
      return { kind: 'list', element: { kind: 'scalar', name: s } };
    }
  }
}

const NUMERIC: readonly Scalar[] = ['number', 'integer', 'money'];

/** Undefined when `want` (from a literal) fits `have`; else why not. */
function compatible(have: SlotType, want: SlotType, value: Json, op: Operator): string | undefined {
  if (want.kind === 'list') {
    if (have.kind !== 'list') return `${op} treats it as an array`;
    if (have.element === undefined || want.element === undefined) return undefined;
    return compatible(have.element, want.element, value, op);
  }
  if (want.kind !== 'scalar') return undefined;
  const values = Array.isArray(value) ? value : [value];
  if (have.kind === 'enum') {
    if (want.name !== 'string') return `it is compared with ${describeValue(values[0]!)}`;
    const bad = values.find((v) => typeof v === 'string' && !have.members.includes(v));
    return bad === undefined ? undefined : `${JSON.stringify(bad)} is not one of its members`;
  }
  if (have.kind !== 'scalar') return `it is compared with ${describeValue(values[0]!)}`;
  if (want.name === 'number' && NUMERIC.includes(have.name)) return undefined;
  if (want.name === have.name) return undefined;
  return `it is compared with ${describeValue(values[0]!)} (${want.name})`;
}

/** Every member of the enums among these slots' types, records and lists included. */
function enumMembers(slots: Iterable<Slot>): string[] {
  const out: string[] = [];
  const visit = (t: SlotType | undefined): void => {
    if (t === undefined) return;
    if (t.kind === 'enum') out.push(...t.members);
    else if (t.kind === 'list') visit(t.element);
    else if (t.kind === 'record') for (const s of t.fields.values()) visit(s.type);
  };
  for (const s of slots) visit(s.type);
  return out;
}

function describeType(t: SlotType): string {
  switch (t.kind) {
    case 'scalar': return `a ${t.name}`;
    case 'enum': return `an enum(${t.members.join(', ')})`;
    case 'list': return t.element === undefined ? 'an array' : `a list of ${typeText(t.element)}`;
    case 'record': return 'an object';
  }
}

function typeText(t: SlotType): string {
  switch (t.kind) {
    case 'scalar': return t.name;
    case 'enum': return `enum(${t.members.join(', ')})`;
    case 'list': return `list of ${t.element === undefined ? 'string' : typeText(t.element)}`;
    case 'record': return 'record';
  }
}

/** Parses a schema type: number, integer, money, string, boolean, enum(a, b), list of <type>. */
function parseTypeText(s: string): SlotType | string {
  if (s === 'number' || s === 'integer' || s === 'money' || s === 'string' || s === 'boolean') return { kind: 'scalar', name: s };
  const list = /^list\s+of\s+(.+)$/.exec(s);
  if (list) {
    const e = parseTypeText(list[1]!.trim());
    if (typeof e === 'string') return e;
    if (e.kind === 'list' || e.kind === 'record') return 'lists hold scalars or enums';
    return { kind: 'list', element: e };
  }
  const en = /^enum\s*\((.*)\)$/.exec(s);
  if (en) {
    const members = en[1]!.split(',').map((m) => m.trim());
    const bad = members.find((m) => !isAccrueIdentifier(m));
    if (bad !== undefined) return `enum member ${JSON.stringify(bad)} is not an identifier`;
    // A bare name is a transaction field before it is an enum member, and `id` and `time` are
    // fields of every transaction: `tier = time` would compare with the timestamp.
    const implicit = members.find((m) => IMPLICIT_TRANSACTION_FIELDS.has(m));
    if (implicit !== undefined) return `enum member ${JSON.stringify(implicit)} would read as the transaction's implicit field \`${implicit}\``;
    if (new Set(members).size !== members.length) return 'duplicate enum member';
    return { kind: 'enum', members };
  }
  return 'unknown type';
}

// ─── Literals and text ────────────────────────────────────────────────────────

/** A JS number as exact decimal text without an exponent (`1e-7` → `0.0000001`). */
export function decimalText(n: number): string {
  const s = String(Math.abs(n));
  const sign = n < 0 ? '-' : '';
  const m = /^(\d+)(?:\.(\d+))?e([+-]\d+)$/.exec(s);
  if (!m) return sign + s;
  const digits = m[1]! + (m[2] ?? '');
  const exp = Number(m[3]) - (m[2]?.length ?? 0);
  if (exp >= 0) return sign + digits + '0'.repeat(exp);
  const point = digits.length + exp;
  const text = point > 0 ? `${digits.slice(0, point)}.${digits.slice(point)}` : `0.${'0'.repeat(-point)}${digits}`;
  return sign + text.replace(/(\.\d*?)0+$/, '$1').replace(/\.$/, '');
}

/** An Accrue string literal: `"…"` with `\"`, `\\`, `\n`, `\t` and `\u{…}` escapes. */
export function accrueString(s: string): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (ch === '"') out += '\\"';
    else if (ch === '\\') out += '\\\\';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\t') out += '\\t';
    else if (c < 0x20 || c === 0x7f || c === 0x2028 || c === 0x2029 || (c >= 0xd800 && c <= 0xdfff)) out += `\\u{${c.toString(16).toUpperCase()}}`;
    else out += ch;
  }
  return out + '"';
}

function literal(v: Json, t: SlotType, currency: string): string {
  if (typeof v === 'number') {
    const text = decimalText(v);
    return t.kind === 'scalar' && t.name === 'money' ? `${text} ${currency}` : text;
  }
  if (typeof v === 'string') return t.kind === 'enum' ? v : accrueString(v);
  return String(v);
}

/** Keeps a comment on one line. */
function oneLine(s: string): string {
  return s.replace(/[\r\n\u2028\u2029\u0085]/g, ' ');
}

function renderRecord(name: string, fields: readonly FieldMapping[]): string {
  const lines = [`  record ${name} {`];
  for (const f of fields) lines.push(`    ${f.field}: ${f.type}`);
  lines.push('  }');
  return lines.join('\n');
}

/** A did-you-mean for operator names (edit distance ≤ 3, or case-insensitive match). */
function suggest(name: string, options: readonly string[]): string | undefined {
  const lower = name.toLowerCase();
  let best: string | undefined;
  let bestD = 4;
  for (const o of options) {
    if (o.toLowerCase() === lower) return o;
    const d = editDistance(lower, o.toLowerCase());
    if (d < bestD) { bestD = d; best = o; }
  }
  return best;
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return row[b.length]!;
}

// ─── JSONPath ─────────────────────────────────────────────────────────────────

/** `$.a.b`, `$['a']["b"]`, `a.b` → ['a', 'b']; undefined for anything else (indexes, wildcards, filters, `..`). */
export function parseJsonPath(path: string): string[] | undefined {
  let i = 0;
  const keys: string[] = [];
  if (path.startsWith('$')) i = 1;
  else {
    const m = /^[A-Za-z_][A-Za-z0-9_-]*/.exec(path);
    if (!m) return undefined;
    keys.push(m[0]);
    i = m[0].length;
  }
  while (i < path.length) {
    if (path[i] === '.') {
      const m = /^[A-Za-z_][A-Za-z0-9_-]*/.exec(path.slice(i + 1));
      if (!m) return undefined;
      keys.push(m[0]);
      i += 1 + m[0].length;
    } else if (path[i] === '[') {
      const m = /^\[(['"])([^'"[\]\\*@$?()~^,`#:;]+)\1\]/.exec(path.slice(i));
      if (m && m[2]!.includes('..')) return undefined;
      if (!m) return undefined;
      keys.push(m[2]!);
      i += m[0].length;
    } else return undefined;
  }
  return keys;
}

// ─── Facts → transaction ──────────────────────────────────────────────────────

/**
 * Turns the facts given to json-rules-engine into an Accrue transaction for the imported
 * program: renames facts and object keys per the mapping and adds the implicit `id` and `time`.
 * Facts the program does not declare are dropped.
 */
export function factsToTransaction(
  facts: Readonly<Record<string, unknown>>,
  mapping: readonly FieldMapping[],
  implicit: { readonly id: string; readonly time: string | number },
): { id: string; time: string | number; [field: string]: unknown } {
  const convert = (value: unknown, m: FieldMapping): unknown => {
    if (m.fields === undefined || typeof value !== 'object' || value === null || Array.isArray(value)) return value;
    const out: Record<string, unknown> = {};
    for (const f of m.fields) {
      if (own(value, f.json)) Object.defineProperty(out, f.field, { value: convert((value as Record<string, unknown>)[f.json], f), enumerable: true, writable: true, configurable: true });
    }
    return out;
  };
  const txn: { id: string; time: string | number; [field: string]: unknown } = { id: implicit.id, time: implicit.time };
  for (const m of mapping) {
    if (own(facts, m.json)) Object.defineProperty(txn, m.field, { value: convert(facts[m.json], m), enumerable: true, writable: true, configurable: true });
  }
  return txn;
}
