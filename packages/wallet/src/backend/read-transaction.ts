import { assetIdOf, parseAmount, type OutputLink, type SignedTransaction } from '@bigchaindb-ts/driver';
import type { Receive } from '../model/index.js';

/** One output a single Ed25519 key owns (the only kind the wallet credits and spends). */
export interface KeyOutput {
  readonly index: number;
  readonly owner: string;
  readonly amount: bigint;
}

/** What a ledger transaction of the coin means to the wallet. */
export interface CoinTransaction {
  readonly txid: string;
  readonly outputs: readonly KeyOutput[];
  /** `outputs` summed per owner: what each address received. */
  readonly receives: readonly Receive[];
  readonly spends: readonly OutputLink[];
}

/**
 * Reads a transaction of the coin's asset (undefined for any other asset). Outputs with another
 * condition (thresholds, hash-locks, several owners) are not the wallet's to credit or spend.
 */
export function readCoinTransaction(tx: SignedTransaction, assetId: string): CoinTransaction | undefined {
  if (assetIdOf(tx) !== assetId) return undefined;
  const outputs: KeyOutput[] = [];
  const sums = new Map<string, bigint>();
  tx.outputs.forEach((output, index) => {
    const owner = output.public_keys?.length === 1 ? output.public_keys[0] : undefined;
    const details = output.condition.details;
    if (owner === undefined || details.type !== 'ed25519-sha-256' || details.public_key !== owner) return;
    const amount = parseAmount(output.amount);
    outputs.push({ index, owner, amount });
    sums.set(owner, (sums.get(owner) ?? 0n) + amount);
  });
  const spends =
    tx.operation === 'TRANSFER'
      ? tx.inputs.flatMap((input) => (input.fulfills === null ? [] : [input.fulfills]))
      : [];
  return {
    txid: tx.id,
    outputs,
    receives: [...sums].map(([address, amount]) => ({ address, amount })),
    spends,
  };
}
