/**
 * What the HTTP API answers, as it travels (snake_case kept, as in the transactions themselves).
 * Fields marked optional are ours or from BigchainDB 1.x, and may be absent on other servers.
 */
import type { OutputLink, PostMode, SignedTransaction, TransactionState } from '@bigchaindb-ts/core';

export type { PostMode, TransactionState };

/** `GET /api/v1/transactions/{id}/status`. */
export interface TransactionStatus {
  readonly status: TransactionState;
  /** For an invalid transaction: the validation code (e.g. `DoubleSpend`) and its explanation. */
  readonly reason_code?: string | null;
  readonly reason?: string | null;
  /** The block that holds it, once it is in one. */
  readonly block_id?: string;
  /** When the status last changed (the node's clock, Unix ms). */
  readonly updated_at_ms?: number;
}

export type { OutputLink };

/** `GET /api/v1/assets?search=`. */
export interface AssetMatch {
  /** The CREATE transaction's id, which is the asset id. */
  readonly id: string;
  readonly data: Readonly<Record<string, unknown>> | null;
}

/** `GET /api/v1/metadata?search=`. */
export interface MetadataMatch {
  readonly id: string;
  readonly metadata: Readonly<Record<string, unknown>> | null;
}

/** `GET /api/v1/blocks/{height}`. */
export interface Block {
  readonly height: number;
  readonly transactions: readonly SignedTransaction[];
  /** Ours (1.x style): the block's hash, maker, voters, signature, time and election status. */
  readonly id?: string;
  readonly node_pubkey?: string;
  readonly voters?: readonly string[];
  readonly signature?: string;
  readonly timestamp?: string | number;
  readonly status?: string;
  readonly [key: string]: unknown;
}

/** `GET /api/v1/votes?block_id=` (1.x). */
export interface Vote {
  readonly node_pubkey: string;
  readonly signature: string;
  readonly vote: {
    readonly voting_for_block: string;
    readonly previous_block?: string;
    readonly is_block_valid: boolean;
    readonly invalid_reason?: string | null;
    readonly timestamp?: string | number;
    readonly [key: string]: unknown;
  };
  readonly [key: string]: unknown;
}

/** `GET /api/v1/validators` (2.x shape; this server's key type is `ed25519-base58`, 2.x's `ed25519-base64`). */
export interface Validator {
  readonly public_key: { readonly type: string; readonly value: string };
  readonly voting_power: number;
  readonly [key: string]: unknown;
}

/** `GET /api/v1/health` (ours): 200 while the node's store answers, 503 otherwise. */
export interface Health {
  readonly status: string;
  readonly version?: string;
  readonly public_key?: string;
  readonly federation_size?: number;
  readonly store?: { readonly backend: string; readonly reachable: boolean };
  /** Height of the newest block (null before the first). */
  readonly latest_height?: number | null;
  readonly first_undecided_height?: number | null;
  readonly backlog_size?: number;
  /** `height`: every block up to it is decided and streamed. */
  readonly streams?: { readonly height: number; readonly subscribers: number };
  readonly [key: string]: unknown;
}

/** `GET /api/v1`: links to the API's parts, among them the event stream's URL. */
export interface ApiIndex {
  readonly docs?: string;
  readonly transactions?: string;
  readonly streams?: string;
  readonly [key: string]: unknown;
}

/** One peer of a proof-of-work node, as `GET /api/v1/peers` lists it (ours). */
export interface PeerReport {
  readonly url: string;
  readonly state: 'active' | 'evicted' | 'refused';
  /** Requests to it that failed in a row. */
  readonly failures: number;
  readonly last_seen_ms: number | null;
  readonly last_error: string | null;
  /** When an evicted or refused peer will be tried again. */
  readonly retry_at_ms: number | null;
  readonly node_key: string | null;
  readonly height: number | null;
  /** Why the node refused it (another network, an invalid chain), with the fault's code. */
  readonly refused_reason: string | null;
}

/** `GET /api/v1/peers` (ours; proof-of-work nodes only): the chain tip the node follows, and its peers. */
export interface PeersReport {
  readonly self: string;
  readonly network_id: string;
  readonly height: number;
  readonly hash: string;
  readonly peers: readonly PeerReport[];
}
