// The deterministic prize draw. u = the first 52 bits of
// HMAC-SHA-256(key = program seed, message = transaction id + U+0000 + rule id) ÷ 2^52,
// so a retry or a replay of a transaction draws the same. Pure JS (no node:crypto):
// evaluators also run in the browser editor.
import type { Dec } from './decimal.ts';

const K = new Uint32Array([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
  0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
  0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
  0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
  0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
  0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
  0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
  0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
]);
const IV = [0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19];
const W = new Uint32Array(64);

/** One SHA-256 compression of the 64-byte block at `off` into state `h`. */
function compress(h: Uint32Array, block: Uint8Array, off: number): void {
  for (let i = 0; i < 16; i++) {
    const j = off + i * 4;
    W[i] = (block[j]! << 24) | (block[j + 1]! << 16) | (block[j + 2]! << 8) | block[j + 3]!;
  }
  for (let i = 16; i < 64; i++) {
    const a = W[i - 15]!, b = W[i - 2]!;
    const s0 = ((a >>> 7) | (a << 25)) ^ ((a >>> 18) | (a << 14)) ^ (a >>> 3);
    const s1 = ((b >>> 17) | (b << 15)) ^ ((b >>> 19) | (b << 13)) ^ (b >>> 10);
    W[i] = (W[i - 16]! + s0 + W[i - 7]! + s1) | 0;
  }
  let a = h[0]!, b = h[1]!, c = h[2]!, d = h[3]!, e = h[4]!, f = h[5]!, g = h[6]!, hh = h[7]!;
  for (let i = 0; i < 64; i++) {
    const S1 = ((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7));
    const ch = (e & f) ^ (~e & g);
    const t1 = (hh + S1 + ch + K[i]! + W[i]!) | 0;
    const S0 = ((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10));
    const maj = (a & b) ^ (a & c) ^ (b & c);
    const t2 = (S0 + maj) | 0;
    hh = g; g = f; f = e; e = (d + t1) | 0; d = c; c = b; b = a; a = (t1 + t2) | 0;
  }
  h[0] = (h[0]! + a) | 0; h[1] = (h[1]! + b) | 0; h[2] = (h[2]! + c) | 0; h[3] = (h[3]! + d) | 0;
  h[4] = (h[4]! + e) | 0; h[5] = (h[5]! + f) | 0; h[6] = (h[6]! + g) | 0; h[7] = (h[7]! + hh) | 0;
}

/** Finishes a hash whose state `h` has already absorbed `prefixBytes` bytes (a multiple of 64). */
function finish(h: Uint32Array, prefixBytes: number, data: Uint8Array): Uint8Array {
  const total = prefixBytes + data.length;
  const padded = new Uint8Array((((data.length + 8) >> 6) + 1) << 6);
  padded.set(data);
  padded[data.length] = 0x80;
  const bits = total * 8;
  const view = new DataView(padded.buffer);
  view.setUint32(padded.length - 8, Math.floor(bits / 0x1_0000_0000));
  view.setUint32(padded.length - 4, bits >>> 0);
  for (let off = 0; off < padded.length; off += 64) compress(h, padded, off);
  const out = new Uint8Array(32);
  const ov = new DataView(out.buffer);
  for (let i = 0; i < 8; i++) ov.setUint32(i * 4, h[i]!);
  return out;
}

/** SHA-256 of bytes. */
export function sha256(data: Uint8Array): Uint8Array {
  return finish(new Uint32Array(IV), 0, data);
}

/** An HMAC-SHA-256 key with its inner and outer pads already absorbed (reusable). */
export interface HmacKey {
  readonly inner: Uint32Array;
  readonly outer: Uint32Array;
}

/** Prepares an HMAC-SHA-256 key. */
export function hmacKey(key: Uint8Array): HmacKey {
  const k = key.length > 64 ? sha256(key) : key;
  const block = new Uint8Array(64);
  block.set(k);
  const inner = new Uint32Array(IV);
  const outer = new Uint32Array(IV);
  const pad = new Uint8Array(64);
  for (let i = 0; i < 64; i++) pad[i] = block[i]! ^ 0x36;
  compress(inner, pad, 0);
  for (let i = 0; i < 64; i++) pad[i] = block[i]! ^ 0x5c;
  compress(outer, pad, 0);
  return { inner, outer };
}

/** HMAC-SHA-256 of a message under a prepared key. */
export function hmacSha256(key: HmacKey, message: Uint8Array): Uint8Array {
  const innerHash = finish(new Uint32Array(key.inner), 64, message);
  return finish(new Uint32Array(key.outer), 64, innerHash);
}

const encoder = new TextEncoder();
const keys = new Map<string, HmacKey>();

function seedKey(seed: string): HmacKey {
  let k = keys.get(seed);
  if (!k) {
    k = hmacKey(encoder.encode(seed));
    if (keys.size > 1024) keys.clear();
    keys.set(seed, k);
  }
  return k;
}

/** The draw as an integer k in [0, 2^52): the first 52 bits of the HMAC (u = k / 2^52). */
export function drawBits(seed: string, transactionId: string, ruleId: string): number {
  const mac = hmacSha256(seedKey(seed), encoder.encode(`${transactionId}\u0000${ruleId}`));
  // 52 bits = bytes 0..5 (48 bits) + the high nibble of byte 6.
  let hi = 0;
  for (let i = 0; i < 6; i++) hi = hi * 256 + mac[i]!;
  return hi * 16 + (mac[6]! >>> 4);
}

/** u in [0, 1): the draw of a transaction for a rule (exact: a 52-bit fraction fits a double). */
export function drawUniform(seed: string, transactionId: string, ruleId: string): number {
  return drawBits(seed, transactionId, ruleId) / 2 ** 52;
}

const TWO_52 = 2 ** 52;

/** Whether draw bits k win a `chance 1 in n` draw: u < 1/n, decided exactly; n ≤ 0 never wins. */
export function winsOneIn(k: number, n: Dec): boolean {
  if (n.lte(0)) return false;
  return n.times(k).lt(TWO_52); // k/2^52 < 1/n ⇔ k·n < 2^52
}

/** Whether draw bits k win a `chance p` draw: u < p, decided exactly; p ≤ 0 never wins. */
export function winsProbability(k: number, p: Dec): boolean {
  if (p.lte(0)) return false;
  return p.times(TWO_52).gt(k); // k/2^52 < p ⇔ k < p·2^52
}
