// The SPOOL registry on the node (docs/spool.md): its consensus rules with their ledger indexes,
// and its read endpoints under /api/v1/spool/.
export { spoolCodes, type SpoolCode } from './codes.js';
export {
  spoolEditionsIndex,
  spoolIndexes,
  spoolPiecesIndex,
  spoolRegistrationsIndex,
  spoolStepsIndex,
} from './indexes.js';
export { createSpoolRules, type SpoolRulesOptions } from './rules.js';
export { SpoolReads, type EditionDetail, type PieceDetail, type PieceSummary } from './reads.js';
export { spoolRoutes } from './routes.js';
