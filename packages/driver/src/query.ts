/** A query parameter value; `undefined` leaves the parameter out. */
export type QueryValue = string | number | boolean | undefined;

/**
 * A query string with strict percent-encoding (a space is `%20`, never `+`, as the official driver
 * sends it), keys in the given order. Unlike the official driver, `0` and `false` are sent: `limit=0`
 * and `spent=false` mean something.
 */
export function queryString(params: Readonly<Record<string, QueryValue>>): string {
  const parts: string[] = [];
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined) continue;
    parts.push(`${encodeURIComponent(key)}=${encodeURIComponent(String(value))}`);
  }
  return parts.length === 0 ? '' : `?${parts.join('&')}`;
}
