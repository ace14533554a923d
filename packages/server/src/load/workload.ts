import {
  generateKeypair,
  makeCreateTransaction,
  makeOwnerOutput,
  makeTransferTransaction,
  signTransaction,
  type Keypair,
  type SignedTransaction,
} from '@bigchaindb-ts/core';

/**
 * Load-test transactions, made and signed before any timing starts.
 * - `create`: independent CREATEs, each its own asset.
 * - `transfer`: chains: a CREATE, then TRANSFERs each spending the previous output, passed back and
 *   forth between two keys (a chain must be sent in order).
 * - `mix`: half the transactions in chains, half independent CREATEs.
 */
export type WorkloadKind = 'create' | 'transfer' | 'mix';

/** Transactions that must be sent one after another, each once the previous one was accepted. */
export type Stream = readonly SignedTransaction[];

export interface WorkloadOptions {
  readonly kind: WorkloadKind;
  readonly count: number;
  /** Length of each transfer chain, CREATE included. */
  readonly chainLength?: number;
  /** Called every few thousand transactions with how many are ready. */
  readonly onProgress?: (made: number) => void;
}

export function makeWorkload(options: WorkloadOptions): Stream[] {
  const chainLength = Math.max(2, options.chainLength ?? 10);
  const keys = Array.from({ length: 16 }, () => generateKeypair());
  const streams: Stream[] = [];
  const chained =
    options.kind === 'create'
      ? 0
      : options.kind === 'transfer'
        ? options.count
        : Math.floor(options.count / 2);
  let made = 0;
  const tick = (n: number) => {
    const before = made;
    made += n;
    if (options.onProgress && Math.floor(made / 2000) > Math.floor(before / 2000)) options.onProgress(made);
  };
  // The run id keeps assets of separate runs apart, so a second run never collides with the first.
  const run = `${Date.now()}-${Math.random().toString(36).slice(2)}`;
  for (let left = chained, c = 0; left > 0; c++) {
    const length = Math.min(chainLength, left);
    const a = keys[c % keys.length] as Keypair;
    const b = keys[(c + 1) % keys.length] as Keypair;
    streams.push(makeChain(a, b, length, `${run}-chain-${c}`));
    left -= length;
    tick(length);
  }
  for (let i = 0; i < options.count - chained; i++) {
    const k = keys[i % keys.length] as Keypair;
    streams.push([makeCreate(k, `${run}-${i}`)]);
    tick(1);
  }
  return streams;
}

function makeCreate(owner: Keypair, serial: string): SignedTransaction {
  const draft = makeCreateTransaction(
    { load: serial },
    null,
    [makeOwnerOutput(owner.publicKey)],
    [owner.publicKey],
  );
  return signTransaction(draft, owner.privateKey);
}

function makeChain(a: Keypair, b: Keypair, length: number, serial: string): SignedTransaction[] {
  const chain: SignedTransaction[] = [makeCreate(a, serial)];
  let owner = a;
  for (let i = 1; i < length; i++) {
    const next = owner === a ? b : a;
    const prev = chain[i - 1] as SignedTransaction;
    const draft = makeTransferTransaction(
      [{ tx: prev, outputIndex: 0 }],
      [makeOwnerOutput(next.publicKey)],
      null,
    );
    chain.push(signTransaction(draft, owner.privateKey));
    owner = next;
  }
  return chain;
}
