import { HttpError, type Block, type Health, type PeersReport } from '@bigchaindb-ts/driver';
import { conn } from './node.js';

/** A block as the home page lists it (`GET /api/v1/chain`). */
export interface BlockSummary {
  readonly height: number;
  readonly id: string;
  readonly status: string;
  readonly timestamp?: string | undefined;
  readonly node_pubkey?: string | undefined;
  readonly voters?: readonly string[] | undefined;
  readonly tx_count?: number | undefined;
  readonly tampered?: boolean | undefined;
}

export interface Chain {
  readonly latest_height: number | null;
  readonly blocks: BlockSummary[];
}

export function summaryOf(b: Block): BlockSummary {
  return {
    height: b.height,
    id: b.id ?? '',
    status: b.status ?? 'valid',
    timestamp: b.timestamp === undefined ? undefined : String(b.timestamp),
    node_pubkey: b.node_pubkey,
    voters: b.voters,
    tx_count: b.transactions.length,
  };
}

const isNotFound = (err: unknown) => err instanceof HttpError && err.status === 404;

/**
 * The latest blocks, newest first, from `to` down. Nodes without `GET /chain` (other servers)
 * are read block by block instead.
 */
export async function chain(to: number | undefined, limit: number): Promise<Chain> {
  try {
    return (await conn.get('/chain', { to_height: to, limit })) as Chain;
  } catch (err) {
    if (!isNotFound(err)) throw err;
  }
  const health = await conn.health();
  const latest = health.latest_height ?? null;
  if (latest === null) return { latest_height: null, blocks: [] };
  const top = Math.min(to ?? latest, latest);
  const heights = Array.from({ length: Math.min(limit, top + 1) }, (_, i) => top - i);
  const blocks = await Promise.all(heights.map((h) => conn.getBlock(h)));
  return { latest_height: latest, blocks: blocks.map(summaryOf) };
}

/** A block by height or id. */
export function block(key: string): Promise<Block> {
  return conn.get(`/blocks/${encodeURIComponent(key)}`) as Promise<Block>;
}

export interface Spender {
  readonly transaction_id: string;
  readonly block_id: string;
  readonly height: number;
  readonly status: string;
}

/** Who spent each output of a transaction; undefined on nodes without the endpoint. */
export async function spenders(txId: string): Promise<(Spender | null)[] | undefined> {
  try {
    return (await conn.get(`/transactions/${encodeURIComponent(txId)}/spenders`)) as (Spender | null)[];
  } catch (err) {
    if (isNotFound(err)) return undefined;
    throw err;
  }
}

export function health(): Promise<Health> {
  return conn.health();
}

export interface FederationReport {
  readonly public_key: string;
  readonly federation: readonly string[];
  readonly vote_quorum: string;
  readonly notifications: { readonly live: boolean; readonly received: number };
  readonly members: readonly {
    readonly public_key: string;
    readonly last_vote_height: number | null;
    readonly suspected_down: boolean;
  }[];
  readonly findings: {
    readonly counts: Readonly<Record<string, number>>;
    readonly total: number;
    readonly recent: readonly {
      readonly code: string;
      readonly source: string;
      readonly block_id?: string;
      readonly height?: number;
      readonly key?: string;
      readonly transaction_id?: string;
      readonly detail: string;
      readonly at_ms: number;
    }[];
  };
  readonly watchdog: {
    readonly passes: number;
    readonly last_pass_at_ms: number | null;
    readonly blocks_verified: number;
    readonly tampered_blocks: readonly {
      readonly block_id: string;
      readonly height: number;
      readonly code: string;
    }[];
  };
}

export function federation(): Promise<FederationReport> {
  return conn.get('/federation') as Promise<FederationReport>;
}

/** The node's peers in proof-of-work mode; null for a federation node (it has no such route). */
export async function peers(): Promise<PeersReport | null> {
  try {
    return (await conn.get('/peers')) as PeersReport;
  } catch (err) {
    if (err instanceof HttpError && err.status === 404) return null;
    throw err;
  }
}
