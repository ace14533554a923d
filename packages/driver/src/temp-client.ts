import {
  generateKeypair,
  type Keypair,
  type Metadata,
  type SignedCreateTransaction,
  type SignedTransaction,
  type SignedTransferTransaction,
} from '@bigchaindb-ts/core';
import type { ConnectionOptions, PollOptions } from './connection-types.js';
import { Connection } from './connection.js';
import { TransactionInvalidError } from './errors.js';
import type { NodeSpec } from './node-spec.js';
import { transaction } from './transaction.js';

/**
 * A random (version 4) UUID. `crypto.getRandomValues` exists in Node 20 and in every browser page,
 * whereas `crypto.randomUUID` is missing from pages not served over https.
 */
function randomUuid(): string {
  const b = globalThis.crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6]! & 0x0f) | 0x40;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const hex = Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** An output to spend, named as in the seed's `temp_client`: transaction id and condition (output) index. */
export interface OutputRef {
  readonly txid: string;
  readonly cid: number;
}

/**
 * The seed's `temp_client` (BigchainDB 1.7.3 "Python driver API by example"): a fresh keypair and a
 * connection, with `create` and `transfer` that resolve once the transaction is valid.
 *
 *     const c1 = tempClient(url), c2 = tempClient(url);
 *     const tx = await c1.create();
 *     await c1.transfer(c2.publicKey, { txid: tx.id, cid: 0 });
 */
export class TempClient {
  readonly publicKey: string;
  readonly privateKey: string;

  constructor(
    readonly connection: Connection,
    keypair: Keypair = generateKeypair(),
    private readonly pollOptions: PollOptions = {},
  ) {
    this.publicKey = keypair.publicKey;
    this.privateKey = keypair.privateKey;
  }

  get keypair(): Keypair {
    return { publicKey: this.publicKey, privateKey: this.privateKey };
  }

  /**
   * Creates an asset owned by this client. The default asset data is the seed's
   * `{payload: null, uuid}`: the uuid makes every asset distinct, since an identical CREATE by the
   * same key would have the same id and be refused as a duplicate.
   */
  async create(
    assetData?: Record<string, unknown> | null,
    metadata: Metadata = null,
  ): Promise<SignedCreateTransaction> {
    const tx = transaction.create({
      issuers: this.keypair,
      asset: assetData === undefined ? { payload: null, uuid: randomUuid() } : assetData,
      metadata,
    });
    return this.commit(tx);
  }

  /** Transfers output `cid` of transaction `txid` (owned by this client) to `publicKey`, whole. */
  async transfer(
    publicKey: string,
    ref: OutputRef,
    metadata: Metadata = null,
  ): Promise<SignedTransferTransaction> {
    const spent = await this.connection.getTransaction(ref.txid);
    const tx = transaction.transfer({
      spend: { tx: spent, outputIndex: ref.cid },
      to: publicKey,
      metadata,
      signers: this.keypair,
    });
    return this.commit(tx);
  }

  /**
   * Posts in commit mode; unless the node answers that the transaction is valid (it may have run
   * out of waiting, or not say), waits for the fate through the status endpoint.
   */
  private async commit<T extends SignedTransaction>(tx: T): Promise<T> {
    const { status } = await this.connection.submitTransaction(tx, 'commit');
    if (status === 'valid') return tx;
    const result = await this.connection.pollStatusAndFetch(tx.id, this.pollOptions);
    if (result.status === 'invalid') {
      throw new TransactionInvalidError(
        tx.id,
        result.record.reason_code ?? null,
        result.record.reason ?? null,
      );
    }
    return tx;
  }
}

export interface TempClientOptions extends ConnectionOptions {
  /** Use this keypair instead of a fresh one. */
  readonly keypair?: Keypair;
  /** How `create` and `transfer` wait for the decision. */
  readonly poll?: PollOptions;
}

/** A fresh keypair and a connection to `nodes` (or an existing Connection). */
export function tempClient(
  nodes: NodeSpec | readonly NodeSpec[] | Connection,
  options: TempClientOptions = {},
): TempClient {
  const connection = nodes instanceof Connection ? nodes : new Connection(nodes, options);
  return new TempClient(connection, options.keypair ?? generateKeypair(), options.poll ?? {});
}
