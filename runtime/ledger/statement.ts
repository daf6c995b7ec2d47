// Builds one statement out of several set-based writes: each part becomes a data-modifying
// CTE (`WITH w0 AS (INSERT …), w1 AS (…) SELECT 1`), so a whole batch is written in one round
// trip. Parts write `$1, $2, …` for their own parameters; they are renumbered here.

export interface Part {
  /** A short stable tag: the statement's prepared name is made of the tags present. */
  readonly tag: string;
  readonly sql: string;
  readonly params: readonly unknown[];
}

export interface Built {
  readonly name: string;
  readonly sql: string;
  readonly params: unknown[];
}

export function combine(parts: readonly Part[]): Built | undefined {
  if (parts.length === 0) return undefined;
  const params: unknown[] = [];
  const ctes: string[] = [];
  parts.forEach((part, i) => {
    const offset = params.length;
    ctes.push(`w${i} AS (${part.sql.replace(/\$(\d+)/g, (_, n: string) => `$${Number(n) + offset}`)})`);
    params.push(...part.params);
  });
  return { name: `acc_w_${parts.map((p) => p.tag).join('_')}`, sql: `WITH ${ctes.join(', ')} SELECT 1 AS done`, params };
}
