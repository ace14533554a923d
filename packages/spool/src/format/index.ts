// The SPOOL format, with no I/O: verbs, file hashes, the on-ledger shapes and the history reader.
// The node's rules and the client library both read through here.
export { buildStep } from './build.js';
export { fileHash, isFileHash } from './file-hash.js';
export { base58Check, legacyPieceAddress } from './legacy-address.js';
export { deriveHistory, replay, type EditionState, type HistoryEntry } from './history.js';
export {
  claimsSpool,
  editionAsset,
  editionsAsset,
  loanMetadata,
  pieceAsset,
  spoolAssetOf,
  spoolMetadataOf,
  stepOf,
  verbMetadata,
  type Loan,
  type SpoolAssetType,
  type Step,
} from './transactions.js';
export {
  editionOf,
  encodeVerb,
  isIsoDate,
  isYymmdd,
  numEditionsMax,
  parseVerb,
  spoolActions,
  verbPrefix,
  VerbError,
  yymmdd,
  type SpoolAction,
  type Verb,
} from './verb.js';
