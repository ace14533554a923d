/**
 * pyspool's verbs (SPOOL protocol `01`), strict: `ASCRIBESPOOL` + `01` + ACTION + the edition
 * number (none for edition 0, never with a leading zero), and for a loan `/` + start and end as
 * YYMMDD. pyspool accepted `TRANSFER007` for edition 7 and emitted a bare `REGISTER` for edition 0
 * that its own parser could not read (reference F-A2, F-A6); here each step has exactly one
 * spelling, and `parseVerb` refuses any other.
 */

export const verbPrefix = 'ASCRIBESPOOL01';

/** The actions this registry writes. */
export const spoolActions = [
  'PIECE',
  'EDITIONS',
  'REGISTER',
  'TRANSFER',
  'CONSIGN',
  'UNCONSIGN',
  'LOAN',
] as const;
export type SpoolAction = (typeof spoolActions)[number];

/** The largest number of editions a piece may have (and so the largest edition number). */
export const numEditionsMax = 100_000;

export type Verb =
  | { readonly action: 'PIECE' }
  | { readonly action: 'EDITIONS'; readonly numEditions: number }
  | { readonly action: 'REGISTER'; readonly edition: number }
  | { readonly action: 'TRANSFER' | 'CONSIGN' | 'UNCONSIGN'; readonly edition: number }
  | {
      readonly action: 'LOAN';
      readonly edition: number;
      /** YYMMDD, as in the verb. */
      readonly start: string;
      readonly end: string;
    };

/** Why a verb string is refused. */
export class VerbError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'VerbError';
  }
}

const shape = /^ASCRIBESPOOL01([A-Z]+)([0-9]+)?(?:\/([0-9]{12}))?$/;

function checkEdition(n: number, what: string, min: number): void {
  if (!Number.isSafeInteger(n) || n < min || n > numEditionsMax)
    throw new VerbError(`${what} must be an integer from ${min} to ${numEditionsMax}, not ${String(n)}`);
}

/** The canonical verb of a step. Throws `VerbError` for an edition or date out of range. */
export function encodeVerb(verb: Verb): string {
  const num = (n: number): string => (n === 0 ? '' : String(n));
  switch (verb.action) {
    case 'PIECE':
      return `${verbPrefix}PIECE`;
    case 'EDITIONS':
      checkEdition(verb.numEditions, 'the number of editions', 1);
      return `${verbPrefix}EDITIONS${verb.numEditions}`;
    case 'REGISTER':
      checkEdition(verb.edition, 'a registered edition', 1);
      return `${verbPrefix}REGISTER${verb.edition}`;
    case 'LOAN':
      checkEdition(verb.edition, 'the edition', 0);
      if (!isYymmdd(verb.start) || !isYymmdd(verb.end))
        throw new VerbError(`loan dates must be YYMMDD calendar dates, not ${verb.start} and ${verb.end}`);
      return `${verbPrefix}LOAN${num(verb.edition)}/${verb.start}${verb.end}`;
    default:
      checkEdition(verb.edition, 'the edition', 0);
      return `${verbPrefix}${verb.action}${num(verb.edition)}`;
  }
}

/**
 * Reads a verb, refusing anything but the canonical spelling: another meta or version, an
 * unknown action, a missing or superfluous number, a leading zero, `0` written out, an edition
 * out of range, loan dates that are not calendar dates.
 */
export function parseVerb(text: unknown): Verb {
  if (typeof text !== 'string') throw new VerbError('a verb is a string');
  const m = shape.exec(text);
  if (!m) throw new VerbError(`"${clip(text)}" is not an ${verbPrefix} verb`);
  const action = m[1] as string;
  const digits = m[2];
  const dates = m[3];
  if (digits?.startsWith('0'))
    throw new VerbError(`"${clip(text)}": no leading zero, and edition 0 is written without a number`);
  const n = digits === undefined ? 0 : Number(digits);
  if (dates !== undefined && action !== 'LOAN')
    throw new VerbError(`"${clip(text)}": only a LOAN carries dates`);
  let verb: Verb;
  switch (action) {
    case 'PIECE':
      if (digits !== undefined) throw new VerbError(`"${clip(text)}": PIECE takes no number`);
      verb = { action };
      break;
    case 'EDITIONS':
      if (digits === undefined) throw new VerbError(`"${clip(text)}": EDITIONS needs the number of editions`);
      verb = { action, numEditions: n };
      break;
    case 'REGISTER':
      if (digits === undefined)
        throw new VerbError(`"${clip(text)}": REGISTER needs an edition number (the master is a PIECE)`);
      verb = { action, edition: n };
      break;
    case 'TRANSFER':
    case 'CONSIGN':
    case 'UNCONSIGN':
      verb = { action, edition: n };
      break;
    case 'LOAN':
      if (dates === undefined) throw new VerbError(`"${clip(text)}": LOAN needs /YYMMDDYYMMDD`);
      verb = { action, edition: n, start: dates.slice(0, 6), end: dates.slice(6) };
      break;
    default:
      throw new VerbError(`"${clip(text)}": unknown action ${action}`);
  }
  const canonical = encodeVerb(verb);
  // Paired check: what is accepted is exactly what the encoder writes.
  if (canonical !== text) throw new VerbError(`"${clip(text)}" is not canonical (${canonical})`);
  return verb;
}

/** The edition a verb names (0 for PIECE and EDITIONS, which belong to the master). */
export function editionOf(verb: Verb): number {
  return verb.action === 'PIECE' || verb.action === 'EDITIONS' ? 0 : verb.edition;
}

/** True for a YYMMDD that is a calendar date (years 2000 to 2099). */
export function isYymmdd(s: string): boolean {
  return /^[0-9]{6}$/.test(s) && isIsoDate(`20${s.slice(0, 2)}-${s.slice(2, 4)}-${s.slice(4, 6)}`);
}

/** True for a YYYY-MM-DD that is a calendar date. */
export function isIsoDate(s: string): boolean {
  if (!/^[0-9]{4}-[0-9]{2}-[0-9]{2}$/.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

/** YYYY-MM-DD → YYMMDD as the verb writes it (the century is implicit, as in pyspool). */
export function yymmdd(isoDate: string): string {
  return isoDate.slice(2, 4) + isoDate.slice(5, 7) + isoDate.slice(8, 10);
}

function clip(s: string): string {
  return s.length > 60 ? `${s.slice(0, 60)}…` : s;
}
