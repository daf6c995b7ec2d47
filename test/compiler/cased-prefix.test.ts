// starts_with(upper(s), "ASCII") and starts_with(lower(s), "ascii") compare s's characters
// as they are read (emit/calls.ts startsWithCased) instead of mapping s first. Characters
// whose case mapping changes the length or lands on ASCII (ß → SS, ı → I, İ → i̇, ﬀ → FF)
// must still decide as the interpreter's toUpperCase / toLowerCase do.
import { describe, expect, it } from 'vitest';
import type { Outcome } from '../../runtime/outcome.ts';
import { bothBackEnds } from '../support/programs.ts';

const SOURCE = `program "T" { currency USD timezone "UTC" rounding floor }
schema { transaction { merchant: string } customer { } }
rule harbor "Harbor stores" { when starts_with(upper(merchant), "HARBOR M") reward points 1 }
rule strasse "Strasse" { when starts_with(upper(merchant), "STRASSE") reward points 2 }
rule istan "Istanbul" { when starts_with(lower(merchant), "istan") reward points 4 }
rule ff "FF" { when starts_with(upper(merchant), "FFA") reward points 8 }
rule mixed "A lower-case prefix never matches an upper-cased merchant" { when starts_with(upper(merchant), "Harbor") reward points 16 }
rule empty "The empty prefix" { when starts_with(lower(merchant), "") reward points 32 }
`;

const { compiled, reference } = bothBackEnds(SOURCE, 't');

const MERCHANTS = [
  'Harbor Marina', 'harbor marina supply', 'HARBOR', 'Harbor', 'Harbour Marina', '', 'H',
  'Straße 5', 'strasse', 'STRAẞE', 'ıstanbul', 'İstanbul', 'Istanbul', 'ﬀa bakery', 'ffa', 'Ǆ',
  'Harbor\u0130', 'harbor m\u00e9', '\ud83d\ude00 Harbor Marina',
];

function points(o: Outcome): number {
  return o.totals.points;
}

describe('starts_with of an upper- or lower-cased string and an ASCII prefix', () => {
  it.each(MERCHANTS)('%j: the same rules apply as in the interpreter, fast path and explained', (merchant) => {
    const txn = { id: 't', time: '2026-03-01T12:00:00.000Z', merchant };
    for (const options of [{ explain: false }, {}]) {
      expect(compiled.evaluate(txn, {}, { counters: {} }, options)).toEqual(reference.evaluate(txn, {}, { counters: {} }, options));
    }
  });

  it('decides the cases that map to other lengths or to ASCII as toUpperCase / toLowerCase do', () => {
    const at = (merchant: string): number => points(compiled.evaluate({ id: 't', time: '2026-03-01T12:00:00.000Z', merchant }, {}, { counters: {} }, { explain: false }));
    expect(at('harbor marina')).toBe(1 + 32);
    expect(at('Straße')).toBe(2 + 32); // ß → SS
    expect(at('ıstanbul')).toBe(32); // ı lower-cases to itself, not to i
    expect(at('İstanbul')).toBe(32); // İ → i + U+0307: "i̇stanbul" does not start with "istan"
    expect(at('ﬀa')).toBe(8 + 32); // ﬀ → FF
    expect(at('Harbor')).toBe(32); // upper() never leaves a lower-case letter
  });
});
