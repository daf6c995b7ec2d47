// Defensive access to Chevrotain CST nodes. After error recovery a node may lack any child,
// and tokens the parser inserted have no position (NaN offsets): both read as "absent" here.
import type { CstElement, CstNode, IToken } from 'chevrotain';
import type { Span } from './span.ts';
import { tokenSpan } from './lex.ts';

/** True for a CST element that is a node rather than a token. */
export function isNode(e: CstElement): e is CstNode {
  return (e as CstNode).children !== undefined;
}

/** True for a token that came from the source (not one inserted by recovery). */
export function isReal(t: IToken): boolean {
  return t.isInsertedInRecovery !== true && Number.isFinite(t.startOffset) && t.image.length > 0;
}

/** The `i`-th real token under `key`, if any. */
export function tok(node: CstNode | undefined, key: string, i = 0): IToken | undefined {
  const list = node?.children[key];
  if (list === undefined) return undefined;
  let seen = 0;
  for (const e of list) {
    if (isNode(e) || !isReal(e)) continue;
    if (seen === i) return e;
    seen++;
  }
  return undefined;
}

/** Every real token under `key`. */
export function toks(node: CstNode | undefined, key: string): IToken[] {
  const list = node?.children[key] ?? [];
  return list.filter((e): e is IToken => !isNode(e) && isReal(e));
}

/** The `i`-th child node under `key`, if any. */
export function sub(node: CstNode | undefined, key: string, i = 0): CstNode | undefined {
  const list = node?.children[key];
  if (list === undefined) return undefined;
  let seen = 0;
  for (const e of list) {
    if (!isNode(e)) continue;
    if (seen === i) return e;
    seen++;
  }
  return undefined;
}

/** Every child node under `key`. */
export function subs(node: CstNode | undefined, key: string): CstNode[] {
  return (node?.children[key] ?? []).filter(isNode);
}

/** All real tokens under a node, in source order. */
export function allTokens(node: CstNode): IToken[] {
  const out: IToken[] = [];
  const stack: CstElement[] = [node];
  while (stack.length > 0) {
    const e = stack.pop()!;
    if (isNode(e)) {
      for (const list of Object.values(e.children)) for (const c of list) stack.push(c);
    } else if (isReal(e)) {
      out.push(e);
    }
  }
  return out.sort((a, b) => a.startOffset - b.startOffset);
}

function edgeToken(node: CstNode, first: boolean): IToken | undefined {
  let best: IToken | undefined;
  for (const list of Object.values(node.children)) {
    const ordered = first ? list : [...list].reverse();
    for (const e of ordered) {
      const t = isNode(e) ? edgeToken(e, first) : isReal(e) ? e : undefined;
      if (t === undefined) continue;
      if (best === undefined || (first ? t.startOffset < best.startOffset : t.startOffset > best.startOffset)) best = t;
      break;
    }
  }
  return best;
}

/** The span from a node's first real token to its last, or undefined when it has none. */
export function nodeSpan(node: CstNode | undefined): Span | undefined {
  if (node === undefined) return undefined;
  // The parser tracks node locations as it goes; recovery can leave them partial (NaN).
  const loc = node.location;
  if (loc !== undefined && Number.isFinite(loc.startOffset) && Number.isFinite(loc.endOffset) && loc.endOffset! >= loc.startOffset) {
    return { offset: loc.startOffset, line: loc.startLine ?? 1, column: loc.startColumn ?? 1, length: loc.endOffset! - loc.startOffset + 1 };
  }
  const first = edgeToken(node, true);
  const last = edgeToken(node, false);
  if (first === undefined || last === undefined) return undefined;
  return spanBetween(first, last);
}

/** The span from the start of `a` to the end of `b`. */
export function spanBetween(a: IToken, b: IToken): Span {
  const start = tokenSpan(a);
  const end = tokenSpan(b);
  const length = Math.max(start.length, end.offset + end.length - start.offset);
  return { ...start, length };
}
