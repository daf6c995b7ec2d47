// Name resolution: bare names (loop variable, transaction field, enum member by context),
// `customer.x` and record members. Unknown names get a did-you-mean hint.
import type { MemberAccess, NameRef } from '../../grammar/ast.ts';
import type { Span } from '../../grammar/span.ts';
import { localNames, lookupLocal, type Scope } from '../environment.ts';
import type { TExpr } from '../ir.ts';
import type { Type } from '../types.ts';
import { check, errorTExpr, lit, type ExprCtx } from './expr.ts';
import { M } from './messages.ts';
import { closest, didYouMean } from './suggest.ts';

type EnumType = Extract<Type, { kind: 'enum' }>;

/** A bare name: a loop variable, a transaction field, else an enum member when the context is an enum. */
export function name(cx: ExprCtx, e: NameRef, scope: Scope | undefined, expected: Type | undefined): TExpr {
  const local = lookupLocal(scope, e.name);
  if (local !== undefined) return { kind: 'local', name: e.name, type: local.type, span: e.span };
  const field = cx.env.transaction.fields.get(e.name);
  if (field !== undefined) return { kind: 'field', scope: 'transaction', name: e.name, type: field.type, span: e.span };
  if (e.name === 'customer') {
    cx.r.report('ACC200', M.customerAlone(), e.span);
    return errorTExpr(e.span);
  }
  if (expected?.kind === 'enum') return enumMember(cx, e.name, e.span, expected);
  const near = closest(e.name, [...localNames(scope), ...cx.env.transaction.fields.keys()]);
  const hint = near !== undefined ? didYouMean(near) : cx.env.customer.fields.has(e.name) ? M.customerFieldHint(e.name) : undefined;
  cx.r.report('ACC100', M.unknownField(e.name), e.span, hint);
  return errorTExpr(e.span);
}

/** `member` as a literal of enum `t`, or ACC102 with a did-you-mean. */
export function enumMember(cx: ExprCtx, member: string, span: Span, t: EnumType): TExpr {
  if (t.members.includes(member)) return lit(span, t, { kind: 'enum', member });
  const near = closest(member, t.members);
  cx.r.report('ACC102', M.unknownEnumMember(member, t), span, near !== undefined ? didYouMean(near) : M.enumMembersHint(t.members));
  return errorTExpr(span);
}

/** `customer.x` (a customer field) or `v.x` (a field of a record value). */
export function member(cx: ExprCtx, e: MemberAccess, scope: Scope | undefined, depth: number): TExpr {
  const m = e.member?.name;
  if (m === undefined) return errorTExpr(e.span);
  const mSpan = e.member.span;
  if (e.object.kind === 'NameRef' && e.object.name === 'customer' && lookupLocal(scope, 'customer') === undefined) {
    const f = cx.env.customer.fields.get(m);
    if (f !== undefined) return { kind: 'field', scope: 'customer', name: m, type: f.type, span: e.span };
    const near = closest(m, cx.env.customer.fields.keys());
    const hint = near !== undefined ? didYouMean(near) : cx.env.transaction.fields.has(m) ? M.transactionFieldHint(m) : undefined;
    cx.r.report('ACC100', M.unknownCustomerField(m), mSpan, hint);
    return errorTExpr(e.span);
  }
  const object = check(cx, e.object, scope, depth + 1, undefined);
  const t = object.type;
  if (t.kind === 'error') return errorTExpr(e.span);
  if (t.kind !== 'record') {
    cx.r.report('ACC208', M.notRecord(t), mSpan);
    return errorTExpr(e.span);
  }
  const rec = cx.env.records.get(t.name);
  const f = rec?.fields.get(m);
  if (f === undefined) {
    cx.r.report('ACC100', M.unknownRecordField(t.name, m), mSpan, didYouMean(closest(m, rec?.fields.keys() ?? [])));
    return errorTExpr(e.span);
  }
  return { kind: 'member', object, name: m, type: f.type, span: e.span };
}
