/**
 * Checks of client text for what the stores cannot hold. PostgreSQL `text` cannot contain U+0000
 * (it fails with SQLSTATE 22021), and SQLite's FTS5 reads a query only up to it, so a NUL that
 * reached SQL would fail on one backend and be mangled on the other. The API refuses it at the
 * edge instead, with a 400 and a reason, the same way on both.
 */

/** Whether a decoded text (a query parameter, a key or value of `where`) holds U+0000. */
export function holdsNul(text: string): boolean {
  return text.includes('\u0000');
}

/**
 * Whether a JSON text holds a string (or key) with U+0000: the escape `\u0000` not itself escaped
 * (`\\u0000` is a backslash followed by `u0000`). A raw NUL byte is not valid JSON and is left to
 * the parser. The scan is linear: a run of backslashes is tried from its first character only.
 */
export function jsonHoldsNul(json: string): boolean {
  return json.includes('\\u0000') && /(?<!\\)(?:\\\\)*\\u0000/.test(json);
}
