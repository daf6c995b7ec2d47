// A small JSON parser that remembers where every value sits in the text, so the importer
// can point its diagnostics at the rule that caused them: a JSON pointer (RFC 6901) and a
// span (line, column, length). Pure: no Node imports. It never throws; a malformed
// document gives an error with the position where parsing stopped.
import type { Span } from '../../grammar/span.ts';

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

export interface PositionedJson {
  readonly value: Json;
  /** Span of each value by JSON pointer ('' is the root). Object keys are not recorded separately. */
  readonly spans: ReadonlyMap<string, Span>;
}

export type JsonParseResult =
  | { readonly ok: true; readonly json: PositionedJson }
  | { readonly ok: false; readonly message: string; readonly span: Span };

/** Escapes one reference token of a JSON pointer. */
export function pointerToken(key: string | number): string {
  return String(key).replace(/~/g, '~0').replace(/\//g, '~1');
}

export function childPointer(parent: string, key: string | number): string {
  return `${parent}/${pointerToken(key)}`;
}

class JsonSyntaxError {
  constructor(readonly message: string, readonly offset: number) {}
}

/** Parses JSON text (RFC 8259, BOM allowed), recording each value's span. */
export function parseJsonWithPositions(text: string): JsonParseResult {
  // Line starts, for offset → line/column.
  const lineStarts: number[] = [0];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) lineStarts.push(i + 1);
    else if (c === 13) {
      if (text.charCodeAt(i + 1) === 10) i++;
      lineStarts.push(i + 1);
    }
  }
  const spanAt = (offset: number, length: number): Span => {
    let lo = 0;
    let hi = lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (lineStarts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { offset, line: lo + 1, column: offset - lineStarts[lo]! + 1, length };
  };

  const spans = new Map<string, Span>();
  let pos = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const MAX_DEPTH = 512;

  const fail = (message: string, at: number = pos): never => {
    throw new JsonSyntaxError(message, at);
  };
  const ws = (): void => {
    while (pos < text.length) {
      const c = text.charCodeAt(pos);
      if (c === 32 || c === 9 || c === 10 || c === 13) pos++;
      else break;
    }
  };
  const describe = (at: number): string => (at >= text.length ? 'end of input' : JSON.stringify(text[at]));

  const parseString = (): string => {
    const start = pos;
    pos++; // opening quote
    let out = '';
    for (;;) {
      if (pos >= text.length) fail('unterminated string', start);
      const c = text.charCodeAt(pos);
      if (c === 34) {
        pos++;
        return out;
      }
      if (c < 0x20) fail('control character in string (escape it)');
      if (c === 92) {
        const e = text[pos + 1];
        switch (e) {
          case '"': out += '"'; break;
          case '\\': out += '\\'; break;
          case '/': out += '/'; break;
          case 'b': out += '\b'; break;
          case 'f': out += '\f'; break;
          case 'n': out += '\n'; break;
          case 'r': out += '\r'; break;
          case 't': out += '\t'; break;
          case 'u': {
            const hex = text.slice(pos + 2, pos + 6);
            if (!/^[0-9a-fA-F]{4}$/.test(hex)) fail('bad \\u escape in string');
            out += String.fromCharCode(parseInt(hex, 16));
            pos += 4;
            break;
          }
          default:
            fail(`bad escape \\${e ?? ''} in string`);
        }
        pos += 2;
        continue;
      }
      out += text[pos];
      pos++;
    }
  };

  const parseValue = (pointer: string, depth: number): Json => {
    ws();
    if (depth > MAX_DEPTH) fail('nested too deeply');
    const start = pos;
    const c = text[pos];
    let value: Json;
    if (c === '{') {
      pos++;
      const obj: { [key: string]: Json } = {};
      ws();
      if (text[pos] === '}') pos++;
      else {
        for (;;) {
          ws();
          if (text[pos] !== '"') fail(`expected a property name in double quotes, found ${describe(pos)}`);
          const key = parseString();
          ws();
          if (text[pos] !== ':') fail(`expected ':' after property name, found ${describe(pos)}`);
          pos++;
          const v = parseValue(childPointer(pointer, key), depth + 1);
          Object.defineProperty(obj, key, { value: v, enumerable: true, writable: true, configurable: true });
          ws();
          if (text[pos] === ',') { pos++; continue; }
          if (text[pos] === '}') { pos++; break; }
          fail(`expected ',' or '}' in object, found ${describe(pos)}`);
        }
      }
      value = obj;
    } else if (c === '[') {
      pos++;
      const arr: Json[] = [];
      ws();
      if (text[pos] === ']') pos++;
      else {
        for (;;) {
          arr.push(parseValue(childPointer(pointer, arr.length), depth + 1));
          ws();
          if (text[pos] === ',') { pos++; continue; }
          if (text[pos] === ']') { pos++; break; }
          fail(`expected ',' or ']' in array, found ${describe(pos)}`);
        }
      }
      value = arr;
    } else if (c === '"') {
      value = parseString();
    } else if (c === 't' && text.startsWith('true', pos)) {
      pos += 4;
      value = true;
    } else if (c === 'f' && text.startsWith('false', pos)) {
      pos += 5;
      value = false;
    } else if (c === 'n' && text.startsWith('null', pos)) {
      pos += 4;
      value = null;
    } else {
      const m = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/.exec(text.slice(pos, pos + 400));
      if (!m) fail(`unexpected ${describe(pos)}; expected a JSON value`);
      pos += m![0].length;
      value = Number(m![0]);
    }
    spans.set(pointer, spanAt(start, pos - start));
    return value;
  };

  try {
    const value = parseValue('', 0);
    ws();
    if (pos < text.length) fail(`unexpected ${describe(pos)} after the JSON value`);
    return { ok: true, json: { value, spans } };
  } catch (e) {
    if (e instanceof JsonSyntaxError) {
      const at = Math.min(e.offset, text.length);
      return { ok: false, message: e.message, span: spanAt(at, at < text.length ? 1 : 0) };
    }
    throw e;
  }
}
