import { RuleRefusal } from '../consensus/index.js';

/**
 * The SPOOL rules' refusal codes (docs/spool.md, docs/errors.md), in the order the rules check
 * them. Each reaches the client as `{"message", "status": 400, "code"}` and the status endpoint.
 */
export const spoolCodes = [
  'SpoolBadVerb',
  'SpoolMalformed',
  'SpoolNotRegistrar',
  'SpoolPieceExists',
  'SpoolUnknownPiece',
  'SpoolEditionsAlreadySet',
  'SpoolEditionsNotSet',
  'SpoolEditionOutOfRange',
  'SpoolEditionExists',
  'SpoolNotHolder',
  'SpoolNotConsigned',
  'SpoolUnconsignTarget',
  'SpoolBadLoan',
] as const;
export type SpoolCode = (typeof spoolCodes)[number];

export function refuse(code: SpoolCode, message: string): never {
  throw new RuleRefusal(code, message);
}
