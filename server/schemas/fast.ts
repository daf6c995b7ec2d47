// Hand-written checks of the common, valid shape of the hot request envelopes (QuoteRequest,
// PostTransactionRequest). Each returns the value the zod schema would return, or undefined
// when the input is anything else (invalid, or valid but unusual, such as `asOf`): then the
// zod schema runs and gives its result or its 400. So these may be stricter than the schemas,
// never looser.
import type { z } from 'zod';
import { isIdentifier as identifier, isProgramName as programName } from './common.ts';
import type { PostTransactionRequest, QuoteRequest } from './transactions.ts';

const hasOwn = Object.prototype.hasOwnProperty;

function isRecord(v: unknown): v is Record<string, unknown> {
  // z.record(z.string(), z.unknown()) copies the record: an own `__proto__` key would not survive the copy.
  return typeof v === 'object' && v !== null && !Array.isArray(v) && Object.getPrototypeOf(v) === Object.prototype && !hasOwn.call(v, '__proto__');
}

function strings(v: unknown): boolean {
  if (!Array.isArray(v)) return false;
  for (let i = 0; i < v.length; i++) if (typeof v[i] !== 'string') return false;
  return true;
}

type Quote = z.output<typeof QuoteRequest>;
type Post = z.output<typeof PostTransactionRequest>;

export function quoteRequestFast(value: unknown): Quote | undefined {
  if (!isRecord(value)) return undefined;
  let n = 0;
  for (const key in value) {
    n++;
    switch (key) {
      case 'transaction': if (!isRecord(value[key])) return undefined; break;
      case 'customer': if (!isRecord(value[key])) return undefined; break;
      case 'program': if (!programName(value[key])) return undefined; break;
      case 'customerId': if (!identifier(value[key])) return undefined; break;
      case 'include': case 'exclude': if (!strings(value[key])) return undefined; break;
      case 'explain': if (typeof value[key] !== 'boolean') return undefined; break;
      default: return undefined; // asOf (a datetime), or an unknown field: the schema decides
    }
  }
  if (n === 0 || value.transaction === undefined) return undefined;
  // The schema's output: its keys in its order.
  const out: Record<string, unknown> = {};
  if (value.program !== undefined) out.program = value.program;
  if (value.customerId !== undefined) out.customerId = value.customerId;
  out.transaction = value.transaction;
  if (value.customer !== undefined) out.customer = value.customer;
  if (value.include !== undefined) out.include = value.include;
  if (value.exclude !== undefined) out.exclude = value.exclude;
  if (value.explain !== undefined) out.explain = value.explain;
  return out as Quote;
}

export function postRequestFast(value: unknown): Post | undefined {
  if (!isRecord(value)) return undefined;
  for (const key in value) {
    switch (key) {
      case 'transaction': if (!isRecord(value[key])) return undefined; break;
      case 'customer': if (!isRecord(value[key])) return undefined; break;
      case 'program': if (!programName(value[key])) return undefined; break;
      case 'customerId': if (!identifier(value[key])) return undefined; break;
      default: return undefined;
    }
  }
  if (value.transaction === undefined || value.customerId === undefined) return undefined;
  const out: Record<string, unknown> = {};
  if (value.program !== undefined) out.program = value.program;
  out.customerId = value.customerId;
  out.transaction = value.transaction;
  if (value.customer !== undefined) out.customer = value.customer;
  return out as Post;
}
