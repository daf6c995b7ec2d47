// CST → AST for expressions. Every builder takes the span to blame when the CST node is
// missing (recovery dropped it) and returns an ErrorExpr there, so consumers always get a
// well-formed tree.
import type { CstNode, IToken } from 'chevrotain';
import type { AggregateMetric, BinaryOp, Expr, Ident, Period } from './ast.ts';
import { diagnostic, LIMITS, type Diagnostic } from './diagnostics.ts';
import type { Span } from './span.ts';
import { joinSpans } from './span.ts';
import { nodeSpan, sub, subs, tok, toks } from './cst.ts';
import { tokenSpan } from './lex.ts';
import { decodeString } from './literals.ts';

/** What builders share: where diagnostics go. */
export interface BuildContext {
  readonly diagnostics: Diagnostic[];
}

/** An Ident from a token, or undefined if recovery left none. */
export function ident(t: IToken | undefined): Ident | undefined {
  return t === undefined ? undefined : { name: t.image, span: tokenSpan(t) };
}

/** A zero-length span just after `s`, where something missing would have been. */
export function after(s: Span): Span {
  return { offset: s.offset + s.length, line: s.line, column: s.column + s.length, length: 0 };
}

function errorExpr(span: Span): Expr {
  return { kind: 'ErrorExpr', span };
}

// Left-associative fold of `operands (op operand)*`; ops and operands stay paired even
// when recovery dropped an operand (the missing one becomes an ErrorExpr). Spans come from
// the CST operands, so a parenthesised operand's parentheses are inside its parent's span.
function foldLeft(ctx: BuildContext, node: CstNode, child: (n: CstNode | undefined, at: Span) => Expr, at: Span): Expr {
  const operands = subs(node, 'operands');
  const ops = toks(node, 'ops');
  let left = child(operands[0], at);
  let leftSpan = nodeSpan(operands[0]) ?? left.span;
  for (let i = 0; i < ops.length; i++) {
    const opTok = ops[i]!;
    const opSpan = tokenSpan(opTok);
    const right = child(operands[i + 1], after(opSpan));
    const span = joinSpans(leftSpan, nodeSpan(operands[i + 1]) ?? right.span);
    left = { kind: 'Binary', op: opTok.image as BinaryOp, left, right, opSpan, span };
    leftSpan = span;
  }
  return left;
}

/** `Or` — the entry point for any expression node (`expr` rule). */
export function buildExpr(ctx: BuildContext, node: CstNode | undefined, at: Span): Expr {
  if (node === undefined) return errorExpr(at);
  return foldLeft(ctx, node, (n, s) => buildAnd(ctx, n, s), nodeSpan(node) ?? at);
}

function buildAnd(ctx: BuildContext, node: CstNode | undefined, at: Span): Expr {
  if (node === undefined) return errorExpr(at);
  return foldLeft(ctx, node, (n, s) => buildNot(ctx, n, s), nodeSpan(node) ?? at);
}

function buildNot(ctx: BuildContext, node: CstNode | undefined, at: Span): Expr {
  if (node === undefined) return errorExpr(at);
  const notTok = tok(node, 'not');
  if (notTok !== undefined) {
    const notSpan = tokenSpan(notTok);
    const operandNode = sub(node, 'operand');
    const operand = buildNot(ctx, operandNode, after(notSpan));
    return { kind: 'Unary', op: 'not', operand, span: joinSpans(notSpan, nodeSpan(operandNode) ?? operand.span) };
  }
  return buildComparison(ctx, sub(node, 'comparison'), nodeSpan(node) ?? at);
}

function buildComparison(ctx: BuildContext, node: CstNode | undefined, at: Span): Expr {
  if (node === undefined) return errorExpr(at);
  const left = buildAdditive(ctx, sub(node, 'left'), nodeSpan(node) ?? at);
  const inTok = tok(node, 'in');
  const opTok = tok(node, 'op');
  if (inTok === undefined && opTok === undefined) return left;
  const opSpan = tokenSpan((inTok ?? opTok)!);
  const rightNode = sub(node, 'right');
  const right = buildAdditive(ctx, rightNode, after(opSpan));
  const span = joinSpans(nodeSpan(sub(node, 'left')) ?? left.span, nodeSpan(rightNode) ?? right.span);
  if (inTok !== undefined) return { kind: 'InExpr', negated: tok(node, 'not') !== undefined, value: left, list: right, span };
  return { kind: 'Binary', op: opTok!.image as BinaryOp, left, right, opSpan, span };
}

/** `Additive` — exported because `chance 1 in 1000` takes additive operands. */
export function buildAdditive(ctx: BuildContext, node: CstNode | undefined, at: Span): Expr {
  if (node === undefined) return errorExpr(at);
  return foldLeft(ctx, node, (n, s) => buildMultiplicative(ctx, n, s), nodeSpan(node) ?? at);
}

function buildMultiplicative(ctx: BuildContext, node: CstNode | undefined, at: Span): Expr {
  if (node === undefined) return errorExpr(at);
  return foldLeft(ctx, node, (n, s) => buildUnary(ctx, n, s), nodeSpan(node) ?? at);
}

function buildUnary(ctx: BuildContext, node: CstNode | undefined, at: Span): Expr {
  if (node === undefined) return errorExpr(at);
  const minus = tok(node, 'minus');
  if (minus !== undefined) {
    const minusSpan = tokenSpan(minus);
    const operandNode = sub(node, 'operand');
    const operand = buildUnary(ctx, operandNode, after(minusSpan));
    return { kind: 'Unary', op: '-', operand, span: joinSpans(minusSpan, nodeSpan(operandNode) ?? operand.span) };
  }
  return buildPostfix(ctx, sub(node, 'postfix'), nodeSpan(node) ?? at);
}

function buildPostfix(ctx: BuildContext, node: CstNode | undefined, at: Span): Expr {
  if (node === undefined) return errorExpr(at);
  const primary = sub(node, 'primary');
  let object = buildPrimary(ctx, primary, nodeSpan(node) ?? at);
  let objectSpan = nodeSpan(primary) ?? object.span;
  for (const m of toks(node, 'members')) {
    const member = ident(m)!;
    objectSpan = joinSpans(objectSpan, member.span);
    object = { kind: 'MemberAccess', object, member, span: objectSpan };
  }
  return object;
}

function buildPrimary(ctx: BuildContext, node: CstNode | undefined, at: Span): Expr {
  if (node === undefined) return errorExpr(at);
  const span = nodeSpan(node) ?? at;
  const number = sub(node, 'numberLit');
  if (number !== undefined) return buildNumber(number, span);
  const str = tok(node, 'string');
  if (str !== undefined) return { kind: 'StringLit', value: decodeString(str.image).value, span: tokenSpan(str) };
  const date = tok(node, 'date');
  if (date !== undefined) return { kind: 'DateLit', text: date.image, span: tokenSpan(date) };
  const time = tok(node, 'time');
  if (time !== undefined) return { kind: 'TimeLit', text: time.image, span: tokenSpan(time) };
  const bool = tok(node, 'bool');
  if (bool !== undefined) return { kind: 'BoolLit', value: bool.image === 'true', span: tokenSpan(bool) };
  const list = sub(node, 'listLit');
  if (list !== undefined) return buildList(ctx, list, span);
  const paren = sub(node, 'parenExpr');
  // Parentheses only group: the inner expression keeps its own span.
  if (paren !== undefined) return buildExpr(ctx, sub(paren, 'inner'), span);
  const aggregate = sub(node, 'aggregate');
  if (aggregate !== undefined) return buildAggregate(ctx, aggregate, span);
  const customer = sub(node, 'customerExpr');
  if (customer !== undefined) return buildCustomer(customer, span);
  const call = sub(node, 'call');
  if (call !== undefined) return buildCall(ctx, call, span);
  const name = tok(node, 'name');
  if (name !== undefined) return { kind: 'NameRef', name: name.image, span: tokenSpan(name) };
  return errorExpr(span);
}

function buildNumber(node: CstNode, at: Span): Expr {
  const value = tok(node, 'value');
  if (value === undefined) return errorExpr(at);
  const span = nodeSpan(node) ?? at;
  if (tok(node, 'percent') !== undefined) return { kind: 'PercentLit', text: value.image, span };
  const currency = ident(tok(node, 'currency'));
  if (currency !== undefined) return { kind: 'MoneyLit', text: value.image, currency, span };
  return { kind: 'NumberLit', text: value.image, span: tokenSpan(value) };
}

function buildList(ctx: BuildContext, node: CstNode, span: Span): Expr {
  const elementNodes = subs(node, 'elements');
  if (elementNodes.length > LIMITS.listElements) {
    ctx.diagnostics.push(
      diagnostic('ACC404', `list literal has ${elementNodes.length} elements; at most ${LIMITS.listElements} are allowed`, span),
    );
  }
  const elements = elementNodes.map((e) => buildExpr(ctx, e, span));
  return { kind: 'ListLit', elements, span };
}

function buildAggregate(ctx: BuildContext, node: CstNode, span: Span): Expr {
  const fnTok = tok(node, 'fn');
  const variable = ident(tok(node, 'variable'));
  if (fnTok === undefined || variable === undefined) return errorExpr(span);
  const fn = fnTok.image as 'sum' | 'count' | 'any' | 'all' | 'min' | 'max';
  const valueNode = sub(node, 'value');
  const filterNode = sub(node, 'filter');
  return {
    kind: 'Aggregate',
    fn,
    value: fn === 'sum' || fn === 'min' || fn === 'max' ? buildExpr(ctx, valueNode, after(tokenSpan(fnTok))) : undefined,
    variable,
    source: buildExpr(ctx, sub(node, 'source'), after(variable.span)),
    filter: filterNode === undefined ? undefined : buildExpr(ctx, filterNode, span),
    span,
  };
}

function buildCustomer(node: CstNode, span: Span): Expr {
  const customer = tok(node, 'Customer');
  const metricTok = tok(sub(node, 'metric'), 'metric');
  if (metricTok === undefined) {
    // Bare `customer`: the checker expects `.field` after it.
    return customer === undefined ? errorExpr(span) : { kind: 'NameRef', name: 'customer', span: tokenSpan(customer) };
  }
  const metric = metricTok.image as AggregateMetric;
  if (tok(node, 'lifetime') !== undefined) return { kind: 'PeriodAggregate', metric, period: 'lifetime', span };
  const periodTok = tok(sub(node, 'period'), 'period');
  if (periodTok === undefined) return errorExpr(span);
  return { kind: 'PeriodAggregate', metric, period: periodTok.image as Period, span };
}

function buildCall(ctx: BuildContext, node: CstNode, span: Span): Expr {
  const callee = ident(tok(node, 'callee'));
  if (callee === undefined) return errorExpr(span);
  const args = subs(node, 'args').map((a) => buildExpr(ctx, a, span));
  return { kind: 'Call', callee, args, span };
}
