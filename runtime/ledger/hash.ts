// Content hashes of request bodies: canonical JSON (keys sorted), SHA-256.
import { hash } from 'node:crypto';

export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) {
    let out = '[';
    // (A hole stays empty, as Array.prototype.map and join leave it.)
    for (let i = 0; i < value.length; i++) out += (i > 0 ? ',' : '') + (i in value ? canonicalJson(value[i]) : '');
    return out + ']';
  }
  // Keys sorted (code units), undefined values left out: the same text as JSON.stringify of
  // the object rebuilt in key order.
  const obj = value as Record<string, unknown>;
  const keys = Object.keys(obj).sort();
  let out = '{';
  let first = true;
  for (const k of keys) {
    const v = obj[k];
    if (v === undefined) continue;
    out += (first ? '' : ',') + JSON.stringify(k) + ':' + canonicalJson(v);
    first = false;
  }
  return out + '}';
}

/** SHA-256 of the canonical JSON, base64url. */
export function bodyHash(value: unknown): string {
  return textHash(canonicalJson(value));
}

/** SHA-256 of a text, base64url (one-shot `hash`: no Hash object per body). */
export function textHash(text: string): string {
  return hash('sha256', text, 'base64url');
}
