/**
 * The one query both backends run for field filters (`findAssets`, `findMetadata`), built from the
 * filter's groups of terms (`filterTerms`). Each AND group walks the index range of its first term
 * in ledger order and probes the group's other terms by primary key, stopping after `limit` hits;
 * the OR of the groups is the UNION of those bounded walks. So the work grows with the entries of
 * each group's first term that are read before the page fills, never with the ledger.
 *
 * `placeholder(n)` spells the n-th parameter (1-based): `?` for SQLite, `$n` for PostgreSQL.
 */
export function fieldFilterSql(
  table: 'asset_fields' | 'metadata_fields',
  groups: readonly (readonly string[])[],
  afterPos: number,
  limit: number,
  placeholder: (n: number) => string,
): { sql: string; params: unknown[] } {
  const params: unknown[] = [];
  const p = (value: unknown): string => {
    params.push(value);
    return placeholder(params.length);
  };
  const walks = groups.map((terms, i) => {
    const [first, ...rest] = terms;
    // Parameters are added in the order they appear in the text (SQLite's `?` are positional).
    let walk = `SELECT f.pos FROM ${table} f WHERE f.term = ${p(first)} AND f.pos > ${p(afterPos)}`;
    for (const term of rest)
      walk += ` AND EXISTS (SELECT 1 FROM ${table} g WHERE g.term = ${p(term)} AND g.pos = f.pos)`;
    walk += ` ORDER BY f.pos LIMIT ${p(limit)}`;
    return `SELECT pos FROM (${walk}) AS w${i}`;
  });
  const matches = `${walks.join(' UNION ')} ORDER BY pos LIMIT ${p(limit)}`;
  return {
    sql: `SELECT m.pos, t.tx FROM (${matches}) AS m JOIN transactions t ON t.pos = m.pos ORDER BY m.pos`,
    params,
  };
}
