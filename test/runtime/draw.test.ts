import { createHmac } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Dec } from '../../runtime/decimal.ts';
import { drawBits, drawUniform, hmacKey, hmacSha256, sha256, winsOneIn, winsProbability } from '../../runtime/draw.ts';

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');
const bytes = (h: string) => new Uint8Array(Buffer.from(h, 'hex'));

describe('prize draw', () => {
  it('computes SHA-256 of known vectors', () => {
    expect(hex(sha256(new Uint8Array()))).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(hex(sha256(new TextEncoder().encode('abc')))).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });

  it('computes HMAC-SHA-256 of the RFC 4231 vectors', () => {
    const cases: [string, string, string][] = [
      ['0b'.repeat(20), Buffer.from('Hi There').toString('hex'), 'b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7'],
      [Buffer.from('Jefe').toString('hex'), Buffer.from('what do ya want for nothing?').toString('hex'), '5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843'],
      ['aa'.repeat(20), 'dd'.repeat(50), '773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe'],
      ['aa'.repeat(131), Buffer.from('Test Using Larger Than Block-Size Key - Hash Key First').toString('hex'), '60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54'],
    ];
    for (const [key, msg, mac] of cases) expect(hex(hmacSha256(hmacKey(bytes(key)), bytes(msg)))).toBe(mac);
  });

  it('agrees with node:crypto on random keys and messages', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 200 }), fc.uint8Array({ maxLength: 300 }), (key, msg) => {
      const expected = createHmac('sha256', Buffer.from(key)).update(Buffer.from(msg)).digest('hex');
      expect(hex(hmacSha256(hmacKey(key), msg))).toBe(expected);
    }), { numRuns: 300 });
  });

  it('takes u from the first 52 bits of HMAC(seed, txn id NUL rule id)', () => {
    const mac = createHmac('sha256', 'seed-1').update('txn-42\u0000lucky').digest();
    const k = Number(mac.readBigUInt64BE(0) >> 12n);
    expect(drawBits('seed-1', 'txn-42', 'lucky')).toBe(k);
    expect(drawUniform('seed-1', 'txn-42', 'lucky')).toBe(k / 2 ** 52);
  });

  it('a retried prize draw draws the same', () => {
    const a = drawUniform('s', 'T-1', 'prize');
    expect(drawUniform('s', 'T-1', 'prize')).toBe(a);
    expect(drawUniform('s', 'T-2', 'prize')).not.toBe(a);
    expect(drawUniform('s2', 'T-1', 'prize')).not.toBe(a);
  });

  it('decides wins exactly at the boundary', () => {
    const half = 2 ** 51;
    expect(winsOneIn(half - 1, new Dec(2))).toBe(true);
    expect(winsOneIn(half, new Dec(2))).toBe(false);
    expect(winsProbability(half - 1, new Dec('0.5'))).toBe(true);
    expect(winsProbability(half, new Dec('0.5'))).toBe(false);
    expect(winsProbability(0, new Dec(0))).toBe(false);
    expect(winsOneIn(0, new Dec(0))).toBe(false);
    expect(winsProbability(2 ** 52 - 1, new Dec(1))).toBe(true);
  });

  it('wins about as often as the chance says', () => {
    let wins = 0;
    for (let i = 0; i < 4000; i++) if (winsOneIn(drawBits('seed', `t${i}`, 'r'), new Dec(4))) wins++;
    expect(wins).toBeGreaterThan(850);
    expect(wins).toBeLessThan(1150);
  });
});
