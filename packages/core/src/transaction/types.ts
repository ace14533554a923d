/**
 * The BigchainDB 2.0 transaction as it travels on the wire (plain JSON, snake_case keys kept).
 * CREATE and TRANSFER are members of one discriminated union on `operation`.
 */

/** `details` of an output condition: a tree of these. */
export type ConditionDetails =
  Ed25519Details | ThresholdDetails | PreimageDetails | TimeoutDetails | InvertedThresholdDetails;

export interface Ed25519Details {
  readonly type: 'ed25519-sha-256';
  readonly public_key: string;
}

export interface ThresholdDetails {
  readonly type: 'threshold-sha-256';
  readonly threshold: number;
  readonly subconditions: readonly ConditionDetails[];
}

/** A hash-lock. The secret never appears; only its SHA-256 fingerprint (base64url) and cost (= its length). */
export interface PreimageDetails {
  readonly type: 'preimage-sha-256';
  readonly fingerprint: string;
  readonly cost: number;
}

/**
 * Fulfilled only while the validating node's clock is at or before `expire_time`: Unix seconds with
 * exactly three decimals (milliseconds), e.g. "1464242352.227". Any other spelling is refused, so
 * the condition URI is a function of the details (see docs/crypto-conditions-extensions.md).
 */
export interface TimeoutDetails {
  readonly type: 'timeout-sha-256';
  readonly expire_time: string;
}

/** Logical NOT of an m-of-n threshold; only timeouts and (inverted) thresholds of them may sit beneath it (see docs/crypto-conditions-extensions.md). */
export interface InvertedThresholdDetails {
  readonly type: 'inverted-threshold-sha-256';
  readonly threshold: number;
  readonly subconditions: readonly ConditionDetails[];
}

export interface OutputCondition {
  readonly details: ConditionDetails;
  readonly uri: string;
}

export interface Output {
  readonly amount: string;
  readonly condition: OutputCondition;
  readonly public_keys: readonly string[] | null;
}

export interface OutputLink {
  readonly transaction_id: string;
  readonly output_index: number;
}

export interface Input {
  readonly owners_before: readonly string[] | null;
  readonly fulfills: OutputLink | null;
  /** base64url DER fulfillment; null only in an unsigned transaction. */
  readonly fulfillment: string | null;
}

export type Metadata = Readonly<Record<string, unknown>> | null;

interface TransactionCommon {
  readonly id: string | null;
  readonly version: '2.0';
  readonly inputs: readonly Input[];
  readonly outputs: readonly Output[];
  readonly metadata: Metadata;
}

export interface CreateTransaction extends TransactionCommon {
  readonly operation: 'CREATE';
  readonly asset: { readonly data: Readonly<Record<string, unknown>> | null };
}

export interface TransferTransaction extends TransactionCommon {
  readonly operation: 'TRANSFER';
  readonly asset: { readonly id: string };
}

export type Transaction = CreateTransaction | TransferTransaction;

/** An input whose fulfillment is set. */
export interface SignedInput extends Input {
  readonly fulfillment: string;
}

export interface SignedCreateTransaction extends CreateTransaction {
  readonly id: string;
  readonly inputs: readonly SignedInput[];
}

export interface SignedTransferTransaction extends TransferTransaction {
  readonly id: string;
  readonly inputs: readonly SignedInput[];
}

/** A transaction whose id and fulfillments are set. */
export type SignedTransaction = SignedCreateTransaction | SignedTransferTransaction;

/** The signed form of a CREATE, a TRANSFER, or either. */
export type SignedOf<T extends Transaction> = T extends CreateTransaction
  ? SignedCreateTransaction
  : SignedTransferTransaction;

/** The asset id of a transaction: its own id for a CREATE, `asset.id` for a TRANSFER. */
export function assetIdOf(tx: SignedTransaction): string {
  return tx.operation === 'CREATE' ? tx.id : tx.asset.id;
}
