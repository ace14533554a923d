import type { SignedTransaction } from '@bigchaindb-ts/core';
import type { Logger } from 'pino';
import type { NodeEvents, PowChain, PostMode, SubmitResult, TipInfo } from '../node/index.js';
import { betterTip } from '../pow/index.js';
import type { Store } from '../store/index.js';
import { catchUp } from './chain-sync.js';
import {
  backlogMaxDefault,
  gossipIntervalMsDefault,
  peersMaxDefault,
  relayBatchMax,
  relayFlushMs,
  relaySeenMax,
  requestTimeoutMsDefault,
  syncIntervalMsDefault,
} from './constants.js';
import { hostPort } from './peer-address.js';
import { PeerClient, type PeerTip } from './peer-client.js';
import type { PeersReport } from '@bigchaindb-ts/driver';
import { PeerSet } from './peer-set.js';
import { SeenSet } from './seen-set.js';

/** What the peers layer needs of its node. */
export interface PeerNode {
  readonly publicKey: string;
  readonly events: NodeEvents;
  readonly store: Pick<Store, 'getBacklogTransactions' | 'countBacklog'>;
  submit(text: string, mode: PostMode): Promise<SubmitResult>;
}

export interface PeerNetworkOptions {
  readonly node: PeerNode;
  readonly chain: PowChain;
  /** This node's base URL as peers reach it. */
  readonly selfUrl: string;
  /** Base URLs (see `peerUrls`). */
  readonly peers: readonly string[];
  readonly logger: Logger;
  readonly peersMax?: number;
  readonly gossipIntervalMs?: number;
  readonly syncIntervalMs?: number;
  readonly requestTimeoutMs?: number;
  readonly backlogMax?: number;
}

// The answer's shape is the driver's (`GET /api/v1/peers`): one definition for server and clients.
export type { PeerReport, PeersReport } from '@bigchaindb-ts/driver';

/** A push of transactions refused because the backlog is full (HTTP 503, code `BacklogFull`). */
export class BacklogFullError extends Error {
  readonly code = 'BacklogFull';
  constructor(max: number) {
    super(`the backlog holds ${max} transactions or more; try again once blocks have taken some`);
    this.name = 'BacklogFullError';
  }
}

/**
 * One node's place in a proof-of-work network (seed 004, made robust): gossip for more peers up
 * to the maximum, pending transactions relayed to every peer once, sealed blocks announced at
 * once, a periodic tip check with each peer that catches up when a peer is ahead. Every job
 * survives any peer's failure (timeouts, eviction with backoff), and nothing a peer sends is
 * adopted before the chain has checked it.
 */
export class PeerNetwork {
  readonly peers: PeerSet;
  readonly client: PeerClient;
  readonly backlogMax: number;
  readonly #o: PeerNetworkOptions;
  /** `${peer} ${txId}`: sent to or received from that peer. */
  readonly #seen = new SeenSet(relaySeenMax);
  readonly #outbox = new Set<string>();
  readonly #syncing = new Set<string>();
  /** Peers whose pending transactions were pulled since they last failed (the seed's data sync). */
  readonly #pulled = new Set<string>();
  readonly #timers: NodeJS.Timeout[] = [];
  readonly #jobs = new Set<Promise<unknown>>();
  #flushTimer: NodeJS.Timeout | undefined;
  #unsubscribe: (() => void) | undefined;
  #stopped = false;
  #backlogCount = 0;
  #backlogCheckedAtMs = 0;
  readonly #onAccepted = (e: { id: string }) => {
    if (this.#outbox.size < relaySeenMax) this.#outbox.add(e.id);
    this.#flushTimer ??= setTimeout(() => {
      this.#flushTimer = undefined;
      this.#track(this.#flush());
    }, relayFlushMs);
  };

  constructor(options: PeerNetworkOptions) {
    this.#o = options;
    this.peers = new PeerSet(options.selfUrl, options.peersMax ?? peersMaxDefault);
    this.client = new PeerClient(options.requestTimeoutMs ?? requestTimeoutMsDefault, options.selfUrl);
    this.backlogMax = options.backlogMax ?? backlogMaxDefault;
    for (const url of options.peers) this.peers.add(url, true);
  }

  start(): void {
    const { node, chain } = this.#o;
    node.events.on('accepted', this.#onAccepted);
    this.#unsubscribe = chain.onTip((tip) => this.#announce(tip));
    const every = (ms: number, job: () => Promise<void>) => {
      const t = setInterval(() => this.#track(job()), ms);
      t.unref();
      this.#timers.push(t);
    };
    every(this.#o.gossipIntervalMs ?? gossipIntervalMsDefault, () => this.gossip());
    every(this.#o.syncIntervalMs ?? syncIntervalMsDefault, () => this.syncAll());
    // At start: meet the configured peers and catch up at once.
    this.#track(this.syncAll());
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    for (const t of this.#timers) clearInterval(t);
    if (this.#flushTimer) clearTimeout(this.#flushTimer);
    this.#o.node.events.off('accepted', this.#onAccepted);
    this.#unsubscribe?.();
    await Promise.allSettled([...this.#jobs]);
  }

  report(): PeersReport {
    const tip = this.#o.chain.tip();
    return {
      self: this.#o.selfUrl,
      network_id: this.#o.chain.networkId,
      height: tip.height,
      hash: tip.hash,
      peers: this.peers.report().map((p) => ({
        url: p.url,
        state: p.state,
        failures: p.failures,
        last_seen_ms: p.lastSeenMs,
        last_error: p.lastError,
        retry_at_ms: p.retryAtMs,
        node_key: p.nodeKey,
        height: p.height,
        refused_reason: p.refusedReason,
      })),
    };
  }

  /** The active peers as the seed's `[host, port]` pairs. */
  neighbours(): [string, number][] {
    return this.peers.active().map(hostPort);
  }

  /**
   * Whether the backlog is at its bound (then new transactions are refused with 503 BacklogFull).
   * The count is read at most every 100 ms: it is a scan, and this runs on every POST.
   */
  async backlogFull(): Promise<boolean> {
    const now = Date.now();
    if (now - this.#backlogCheckedAtMs > 100) {
      this.#backlogCheckedAtMs = now;
      this.#backlogCount = await this.#o.node.store.countBacklog();
    }
    return this.#backlogCount >= this.backlogMax;
  }

  /** This node's tip as peers ask for it. */
  tip(): PeerTip {
    const tip = this.#o.chain.tip();
    return { network_id: this.#o.chain.networkId, node_key: this.#o.node.publicKey, ...tip };
  }

  // ------------------------------------------------------------------ inbound

  /** Transactions a peer pushed: each submitted here (and so relayed on, but never back to it). */
  async receiveTransactions(
    from: string | undefined,
    txs: readonly unknown[],
    /** Pulled from this peer: not sent back to it, but not a caller to add either. */
    pulledFrom?: string,
  ): Promise<{ accepted: number; refused: { id: string | null; code: string; message: string }[] }> {
    if (from !== undefined) this.#heardFrom(from);
    if ((await this.#o.node.store.countBacklog()) >= this.backlogMax)
      throw new BacklogFullError(this.backlogMax);
    let accepted = 0;
    const refused: { id: string | null; code: string; message: string }[] = [];
    for (const tx of txs) {
      const id = typeof (tx as SignedTransaction)?.id === 'string' ? (tx as SignedTransaction).id : null;
      const source = from ?? pulledFrom;
      if (source !== undefined && id !== null) this.#seen.add(`${source} ${id}`);
      const r = await this.#o.node.submit(JSON.stringify(tx), 'async');
      if (r.ok) accepted++;
      else refused.push({ id, code: r.error.code, message: r.error.message });
    }
    return { accepted, refused };
  }

  /** A peer announced its tip: if it is better than ours, catch up with that peer. */
  receiveAnnouncement(from: string, tip: PeerTip): 'ignored' | 'syncing' | 'wrong-network' {
    if (tip.network_id !== this.#o.chain.networkId) {
      this.peers.add(from);
      this.peers.refuse(from, `WrongNetwork: network ${tip.network_id}`);
      return 'wrong-network';
    }
    // A peer evicted for claims it did not serve stays out (`PeerSet.succeeded`): otherwise each
    // announcement would start another catch-up, and sealing waits while one runs.
    this.#heardFrom(from);
    if (!this.peers.active().includes(from) || !betterTip(tip, this.#o.chain.tip())) return 'ignored';
    this.#track(this.#syncWith(from, tip));
    return 'syncing';
  }

  /** A peer that calls us is alive: added if there is room, back from eviction if it was evicted. */
  #heardFrom(url: string): void {
    if (!this.peers.add(url) && this.peers.report().some((p) => p.url === url && p.state === 'evicted'))
      this.peers.succeeded(url);
  }

  // ------------------------------------------------------------------ jobs

  /** The seed's gossip: while there is room, ask each peer for its peers and add those that answer as this network. */
  async gossip(): Promise<void> {
    this.peers.retryDue();
    if (this.peers.roomLeft === 0) return;
    for (const peer of this.peers.active()) {
      if (this.#stopped || this.peers.roomLeft === 0) return;
      let found: string[];
      try {
        found = await this.client.neighbours(peer);
        this.peers.succeeded(peer);
      } catch (err) {
        this.peers.failed(peer, (err as Error).message);
        continue;
      }
      for (const url of found) {
        if (this.peers.roomLeft === 0 || this.peers.has(url) || url === this.#o.selfUrl) continue;
        try {
          const tip = await this.client.tip(url);
          if (tip.node_key === this.#o.node.publicKey) {
            this.peers.isSelf(url);
            continue;
          }
          if (tip.network_id !== this.#o.chain.networkId) continue;
          if (this.peers.add(url)) this.#o.logger.info({ peer: url }, 'met a peer by gossip');
        } catch {
          // An address that does not answer is not added.
        }
      }
    }
  }

  /** The seed's chain sync, done with tips: ask each peer's tip, catch up with one that is ahead. */
  async syncAll(): Promise<void> {
    this.peers.retryDue();
    await Promise.all(
      this.peers.active().map(async (peer) => {
        let tip: PeerTip;
        try {
          tip = await this.client.tip(peer);
        } catch (err) {
          this.peers.failed(peer, (err as Error).message);
          this.#pulled.delete(peer);
          return;
        }
        if (tip.node_key === this.#o.node.publicKey) return this.peers.isSelf(peer);
        if (tip.network_id !== this.#o.chain.networkId)
          return this.peers.refuse(peer, `WrongNetwork: network ${tip.network_id}`);
        this.peers.succeeded(peer, { nodeKey: tip.node_key, height: tip.height });
        if (betterTip(tip, this.#o.chain.tip())) await this.#syncWith(peer, tip);
        // A peer met (or back) for the first time: take its pending transactions once, as the
        // seed's data sync did; afterwards relay brings each new one.
        if (!this.#pulled.has(peer)) {
          this.#pulled.add(peer);
          try {
            await this.receiveTransactions(undefined, await this.client.pending(peer), peer);
          } catch (err) {
            this.#pulled.delete(peer);
            if (!(err instanceof BacklogFullError)) this.peers.failed(peer, (err as Error).message);
          }
        }
      }),
    );
  }

  async #syncWith(peer: string, tip: PeerTip): Promise<void> {
    if (this.#syncing.has(peer) || this.#stopped) return;
    this.#syncing.add(peer);
    try {
      const r = await this.#o.chain.catchingUp(() =>
        catchUp(this.#o.chain, this.client, peer, tip, this.#o.logger),
      );
      if (r.kind === 'ignored' && r.reason === 'NotBetter')
        this.peers.claimUnserved(peer, `claimed height ${tip.height} but served no better chain`);
      else {
        this.peers.succeeded(peer);
        if (r.kind === 'adopted' || r.kind === 'uptodate') this.peers.claimServed(peer);
      }
      if (r.kind === 'ignored' && r.reason === 'BeyondFinality') {
        // The peer's chain parts from ours below a block final here: the two stay apart.
        this.peers.note(
          peer,
          `BeyondFinality: its better chain parts below height ${this.#o.chain.finalHeight()}`,
        );
        this.#o.logger.warn({ peer, tip }, 'a peer has a better chain that parts below a final block');
      }
      if (r.kind === 'refused') {
        this.peers.refuse(peer, r.reason);
        this.#o.logger.warn({ peer, reason: r.reason }, 'refused a peer that served an invalid chain');
      }
    } catch (err) {
      this.peers.claimUnserved(peer, `claimed height ${tip.height}: ${(err as Error).message}`);
    } finally {
      this.#syncing.delete(peer);
    }
  }

  #announce(tip: TipInfo): void {
    const body = { network_id: this.#o.chain.networkId, ...tip };
    for (const peer of this.peers.active())
      this.#track(
        this.client.announce(peer, body).then(
          () => this.peers.succeeded(peer),
          (err: unknown) => this.peers.failed(peer, (err as Error).message),
        ),
      );
  }

  /** Sends what was accepted since the last flush to every peer that has not seen it. */
  async #flush(): Promise<void> {
    const ids = [...this.#outbox].slice(0, relayBatchMax);
    for (const id of ids) this.#outbox.delete(id);
    if (this.#outbox.size > 0) this.#onAccepted({ id: ids[0]! });
    const rows = await this.#o.node.store.getBacklogTransactions(ids);
    const txs = rows.filter((r) => r !== null).map((r) => r.tx);
    await Promise.all(
      this.peers.active().map(async (peer) => {
        const fresh = txs.filter((tx) => !this.#seen.has(`${peer} ${tx.id}`));
        if (fresh.length === 0) return;
        for (const tx of fresh) this.#seen.add(`${peer} ${tx.id}`);
        try {
          await this.client.pushTransactions(peer, fresh);
          this.peers.succeeded(peer);
        } catch (err) {
          // Not delivered: forget that it was sent, so a later flush may try again.
          for (const tx of fresh) this.#seen.delete(`${peer} ${tx.id}`);
          this.peers.failed(peer, (err as Error).message);
          if (this.peers.active().includes(peer)) for (const tx of fresh) this.#onAccepted({ id: tx.id });
        }
      }),
    );
  }

  #track(job: Promise<unknown>): void {
    const p = job.catch((err: unknown) => this.#o.logger.error({ err }, 'a peer job failed'));
    this.#jobs.add(p);
    void p.finally(() => this.#jobs.delete(p));
  }
}
