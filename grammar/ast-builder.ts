// CST → AST for the program's parts (Chevrotain step 3): header, schema and the top-level
// declarations. Plain functions rather than a BaseCstVisitor subclass, so each builder has a
// precise return type instead of `any`. Recovered CST nodes may lack any child; builders
// then leave the part out (or use an ErrorExpr) and never throw.
import type { CstNode } from 'chevrotain';
import type {
  ExclusionDecl, FieldDecl, GroupDecl, Header, HeaderSetting, RoundingMode, Rule, Schema, SchemaBlock, StringLit, TypeRef,
} from './ast.ts';
import { diagnostic } from './diagnostics.ts';
import type { Span } from './span.ts';
import { after, buildExpr, ident, type BuildContext } from './build-expr.ts';
import { buildCap, buildExpiry, buildQuantity, buildRule } from './build-rule.ts';
import { nodeSpan, sub, subs, tok, toks } from './cst.ts';
import { tokenSpan } from './lex.ts';
import { decodeString } from './literals.ts';
import { ROUNDING_MODES } from './tokens.ts';
import { closest } from './did-you-mean.ts';
import type { IToken } from 'chevrotain';

export type { BuildContext } from './build-expr.ts';

function stringLit(t: IToken | undefined): StringLit | undefined {
  return t && { kind: 'StringLit', value: decodeString(t.image).value, span: tokenSpan(t) };
}

// ─── Header ─────────────────────────────────────────────────────────────────

/** `program "Name" { settings }`. */
export function buildHeader(ctx: BuildContext, node: CstNode | undefined): Header | undefined {
  const span = nodeSpan(node);
  if (node === undefined || span === undefined) return undefined;
  const settings: HeaderSetting[] = [];
  const seen = new Map<string, Span>();
  for (const s of subs(node, 'setting')) {
    const built = buildSetting(ctx, s);
    if (built === undefined) continue;
    const first = seen.get(built.kind);
    if (first !== undefined) {
      const key = tok(s, 'key')!;
      ctx.diagnostics.push(
        diagnostic('ACC007', `\`${key.image}\` is given twice in the program header`, tokenSpan(key), `it was first given on line ${first.line}`),
      );
      continue;
    }
    seen.set(built.kind, built.span);
    settings.push(built);
  }
  return { kind: 'Header', name: stringLit(tok(node, 'name')), settings, span };
}

function buildSetting(ctx: BuildContext, node: CstNode): HeaderSetting | undefined {
  const key = tok(node, 'key');
  const span = nodeSpan(node);
  if (key === undefined || span === undefined) return undefined;
  const names = toks(node, 'names').map((t) => ident(t)!);
  const text = stringLit(tok(node, 'text'));
  switch (key.image) {
    case 'currency':
      return names[0] && { kind: 'Currency', code: names[0], span };
    case 'currencies':
      return names.length > 0 ? { kind: 'Currencies', codes: names, span } : undefined;
    case 'timezone':
      return text && { kind: 'Timezone', zone: text, span };
    case 'seed':
      return text && { kind: 'Seed', seed: text, span };
    case 'spend':
      return names[0] && { kind: 'Spend', field: names[0], span };
    case 'rounding':
      return buildRounding(ctx, sub(node, 'roundingMode'), span);
    case 'expiry': {
      const expiry = buildExpiry(sub(node, 'expiry'));
      return expiry && { kind: 'DefaultExpiry', expiry, span };
    }
    case 'minimum': {
      const amount = buildQuantity(sub(node, 'quantity'));
      return amount && { kind: 'MinimumRedemption', amount, span };
    }
    default:
      return undefined;
  }
}

// `half-even` lexes as `half` `-` `even`; the parts are joined and checked here.
function buildRounding(ctx: BuildContext, node: CstNode | undefined, span: Span): HeaderSetting | undefined {
  const modeSpan = nodeSpan(node);
  const parts = toks(node, 'parts');
  if (modeSpan === undefined || parts.length === 0) return undefined;
  const mode = parts.map((p) => p.image).join('-');
  if ((ROUNDING_MODES as readonly string[]).includes(mode)) return { kind: 'Rounding', mode: mode as RoundingMode, modeSpan, span };
  const guess = closest(mode, ROUNDING_MODES);
  ctx.diagnostics.push(
    diagnostic('ACC314', `unknown rounding mode \`${mode}\``, modeSpan, guess ? `did you mean \`${guess}\`?` : `rounding is one of ${ROUNDING_MODES.join(', ')}`),
  );
  return undefined;
}

// ─── Schema ─────────────────────────────────────────────────────────────────

/** `schema { blocks }`. */
export function buildSchema(ctx: BuildContext, node: CstNode | undefined): Schema | undefined {
  const span = nodeSpan(node);
  if (node === undefined || span === undefined) return undefined;
  const blocks: SchemaBlock[] = [];
  for (const b of subs(node, 'schemaBlock')) {
    const built = buildBlock(ctx, b);
    if (built === undefined) continue;
    const twice = built.role !== 'record' && blocks.find((x) => x.role === built.role);
    if (twice) {
      ctx.diagnostics.push(
        diagnostic('ACC007', `the schema declares \`${built.role}\` twice`, built.name.span, `merge its fields into the block on line ${twice.span.line}`),
      );
      continue;
    }
    blocks.push(built);
  }
  return { kind: 'Schema', blocks, span };
}

function buildBlock(ctx: BuildContext, node: CstNode): SchemaBlock | undefined {
  const span = nodeSpan(node);
  const roleTok = tok(node, 'role');
  if (span === undefined || roleTok === undefined) return undefined;
  const role = roleTok.image as SchemaBlock['role'];
  const name = role === 'record' ? ident(tok(node, 'name')) : ident(roleTok);
  if (name === undefined) return undefined;
  const fields: FieldDecl[] = [];
  for (const f of subs(node, 'field')) {
    const fieldName = ident(tok(f, 'name'));
    const fieldSpan = nodeSpan(f);
    if (fieldName === undefined || fieldSpan === undefined) continue;
    fields.push({ kind: 'FieldDecl', name: fieldName, type: buildType(sub(f, 'typeRef')), optional: tok(f, 'Optional') !== undefined, span: fieldSpan });
  }
  return { kind: 'SchemaBlock', role, name, fields, span };
}

function buildType(node: CstNode | undefined): TypeRef | undefined {
  const span = nodeSpan(node);
  if (node === undefined || span === undefined) return undefined;
  const primitive = tok(node, 'primitive');
  if (primitive !== undefined) return { kind: 'PrimitiveType', name: primitive.image as 'number', span };
  if (tok(node, 'money') !== undefined) return { kind: 'MoneyType', currency: ident(tok(node, 'currency')), span };
  if (tok(node, 'enum') !== undefined) return { kind: 'EnumType', members: toks(node, 'members').map((t) => ident(t)!), span };
  if (tok(node, 'list') !== undefined) {
    const element = buildType(sub(node, 'element'));
    return element && { kind: 'ListType', element, span };
  }
  const named = ident(tok(node, 'named'));
  return named && { kind: 'NamedType', name: named, span };
}

// ─── Declarations ───────────────────────────────────────────────────────────

export type Declaration = GroupDecl | ExclusionDecl | Rule;

/** One top-level declaration; `clean` says its segment parsed without errors. */
export function buildDeclaration(ctx: BuildContext, node: CstNode, clean: boolean): Declaration | undefined {
  const group = sub(node, 'groupDecl');
  if (group !== undefined) return buildGroup(group);
  const exclusion = sub(node, 'exclusionDecl');
  if (exclusion !== undefined) return buildExclusion(ctx, exclusion);
  const rule = sub(node, 'rule');
  if (rule !== undefined) return buildRule(ctx, rule, clean);
  return undefined;
}

function buildGroup(node: CstNode): GroupDecl | undefined {
  const span = nodeSpan(node);
  const id = ident(tok(node, 'id'));
  if (span === undefined || id === undefined) return undefined;
  const caps = subs(node, 'cap').flatMap((c) => buildCap(c) ?? []);
  const stacking = tok(node, 'stacking');
  return { kind: 'GroupDecl', id, title: stringLit(tok(node, 'title')), stacking: stacking && tokenSpan(stacking), caps, span };
}

function buildExclusion(ctx: BuildContext, node: CstNode): ExclusionDecl | undefined {
  const span = nodeSpan(node);
  const id = ident(tok(node, 'id'));
  if (span === undefined || id === undefined) return undefined;
  const condition = sub(node, 'condition');
  return { kind: 'ExclusionDecl', id, title: stringLit(tok(node, 'title')), condition: condition && buildExpr(ctx, condition, after(span)), span };
}
