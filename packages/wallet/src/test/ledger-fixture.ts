// A real node and a coin on it for the wallet's ledger tests: `bigchaindb start` in a child process
// (through @bigchaindb-ts/testing, which never imports the server's code), a faucet key that holds
// the coin's whole supply, and helpers to pay from the faucet and to make more blocks.
import {
  Connection,
  generateKeypair,
  makeOwnerOutput,
  transaction,
  type Keypair,
  type SignedTransaction,
} from '@bigchaindb-ts/driver';
import { NodeProcess, waitFor } from '@bigchaindb-ts/testing';
import type { CoinRules } from '../model/index.js';

export class LedgerFixture {
  private constructor(
    readonly node: NodeProcess,
    readonly conn: Connection,
    readonly faucet: Keypair,
    readonly coin: CoinRules,
    private unspent: { tx: SignedTransaction; outputIndex: number },
  ) {}

  static async start(options: { coinName?: string; supply?: bigint } = {}): Promise<LedgerFixture> {
    const node = await NodeProcess.start();
    const conn = new Connection(node.url);
    const faucet = generateKeypair();
    const supply = options.supply ?? 1_000_000_000n;
    const create = transaction.create({
      issuers: faucet,
      asset: { coin: options.coinName ?? 'tok', nonce: Math.random() },
      amount: supply.toString(),
    });
    await conn.postTransactionCommit(create);
    const coin: CoinRules = {
      name: options.coinName ?? 'tok',
      assetId: create.id,
      confirmationCount: 1,
      maxConfirmationCount: 15,
    };
    return new LedgerFixture(node, conn, faucet, coin, { tx: create, outputIndex: 0 });
  }

  get url(): string {
    return this.node.url;
  }

  /** Pays `amount` of the coin from the faucet to `publicKey`; resolves once the block is valid. */
  async pay(publicKey: string, amount: bigint): Promise<SignedTransaction> {
    const held = BigInt(this.unspent.tx.outputs[this.unspent.outputIndex]!.amount);
    const tx = transaction.transfer({
      spend: this.unspent,
      to: [makeOwnerOutput(publicKey, amount), makeOwnerOutput(this.faucet.publicKey, held - amount)],
      signers: this.faucet,
    });
    await this.conn.postTransactionCommit(tx);
    this.unspent = { tx, outputIndex: 1 };
    return tx;
  }

  /** One more valid block (a CREATE of an unrelated asset). */
  async block(): Promise<void> {
    const someone = generateKeypair();
    await this.conn.postTransactionCommit(
      transaction.create({ issuers: someone, asset: { filler: Math.random() } }),
    );
  }

  /** The node's stream frontier, once it has reached the block holding `txid`. */
  async decided(txid: string): Promise<void> {
    await waitFor(`${txid} in a decided block`, async () => {
      const [height] = await this.conn.listBlocks(txid);
      const health = await this.conn.health();
      return height !== undefined && (health.streams?.height ?? -1) >= height ? true : undefined;
    });
  }

  async stop(): Promise<void> {
    await this.node.stop('SIGKILL');
    this.node.cleanup();
  }
}
