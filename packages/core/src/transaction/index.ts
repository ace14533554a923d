export * from './types.js';
export { parseAmount } from './amount.js';
export { transactionId, signingMessage } from './canonical-form.js';
export {
  allOfOwners,
  anyOfOwners,
  makeAllOwnersOutput,
  makeEscrowOutput,
  makeHashLockOutput,
  makeOutput,
  makeOwnerOutput,
  makeThresholdOutput,
  makeTimeoutOutput,
  makeWeightedOutput,
  type AmountLike,
  type Owner,
} from './outputs.js';
export { createInputDetails, draftOf, type Draft } from './draft.js';
export { makeCreateTransaction } from './make-create.js';
export { makeTransferTransaction, type Unspent } from './make-transfer.js';
export {
  finalizeTransaction,
  fulfillHashLock,
  partiallySign,
  signTransaction,
  type FinalizeOptions,
} from './sign.js';
export { transactionSchema } from './schema.js';
export type { LedgerView } from './ledger-view.js';
export { inputLinks, spentTransactionIds } from './links.js';
export { MemoryLedger } from './memory-ledger.js';
export { validateStateless, type CheckedTransaction, type StatelessOptions } from './validate-stateless.js';
export { validateAgainstLedger } from './validate-ledger.js';
export { checkTransaction, validateTransaction, type ValidationResult } from './validate.js';
