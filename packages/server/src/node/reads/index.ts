// Vetted reads: the one door the API reads the ledger through.
export { listJson, type Listed } from './known-texts.js';
export {
  NodeReads,
  tamperedReasonCode,
  type AlteredBlock,
  type BlockStatusAnswer,
  type ReadsContext,
} from './node-reads.js';
