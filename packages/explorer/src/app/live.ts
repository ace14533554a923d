import { useEffect, useState } from 'preact/hooks';
import type { BlockEvent, Subscription } from '@bigchaindb-ts/driver';
import { chain, health, type BlockSummary } from './api.js';
import { conn } from './node.js';

/** What the page knows of its link to the node's block stream. */
export interface LinkState {
  readonly state: 'connecting' | 'live' | 'reconnecting';
  /** Failed attempts since the link was last up. */
  readonly attempts: number;
  /** The last problem, in the driver's words. */
  readonly detail?: string;
  /** Every block up to this height has been received (the stream resumes above it). */
  readonly position?: number | undefined;
}

export interface LiveState {
  /** Newest first, at most `keepBlocks`. */
  readonly blocks: readonly BlockSummary[];
  readonly latestHeight: number | null;
  readonly backlogSize: number | undefined;
  readonly link: LinkState;
  /** Why the first load failed, when it did. */
  readonly loadError: unknown;
  readonly loaded: boolean;
  /** Bumped on every block event: pages that follow the chain re-read on it. */
  readonly tick: number;
}

const keepBlocks = 50;
const firstRead = 6;
const firstScreen = 20;
const healthPollMs = 2000;

let state: LiveState = {
  blocks: [],
  latestHeight: null,
  backlogSize: undefined,
  link: { state: 'connecting', attempts: 0 },
  loadError: undefined,
  loaded: false,
  tick: 0,
};
const listeners = new Set<(s: LiveState) => void>();
let started = false;
let subscription: Subscription | undefined;
/** The last block events, for the tests and for a person debugging in the console. */
const events: BlockEvent[] = [];
(window as unknown as { __explorerEvents: BlockEvent[] }).__explorerEvents = events;

function set(patch: Partial<LiveState>): void {
  state = { ...state, ...patch };
  for (const l of listeners) l(state);
}

/** Puts summaries into the list by height (a newer word on a height replaces the older). */
function merge(incoming: readonly BlockSummary[]): void {
  const byHeight = new Map(state.blocks.map((b) => [b.height, b]));
  for (const b of incoming) byHeight.set(b.height, { ...byHeight.get(b.height), ...b });
  const keep = Math.max(keepBlocks, state.blocks.length);
  const blocks = [...byHeight.values()].sort((a, b) => b.height - a.height).slice(0, keep);
  const top = Math.max(state.latestHeight ?? -1, blocks[0]?.height ?? -1);
  set({ blocks, latestHeight: top < 0 ? null : top });
}

function onBlock(e: BlockEvent): void {
  events.push(e);
  if (events.length > 1000) events.shift();
  merge([
    {
      height: e.height,
      id: e.block_id ?? '',
      status: e.status ?? 'valid',
      timestamp: e.timestamp,
      node_pubkey: e.node_pubkey,
      tx_count: e.transaction_ids?.length,
    },
  ]);
  set({ tick: state.tick + 1, link: { ...state.link, position: subscription?.position } });
}

async function pollHealth(): Promise<void> {
  try {
    const h = await health();
    const latest = h.latest_height ?? null;
    set({ backlogSize: h.backlog_size });
    const top = state.blocks[0]?.height ?? -1;
    // Blocks written but not decided yet do not come on the stream; read them here.
    if (latest !== null && latest > top) {
      const fresh = await chain(latest, Math.min(keepBlocks, latest - top));
      merge(fresh.blocks);
    }
  } catch {
    // The stream's state says what is wrong; the next poll tries again.
  }
}

async function start(): Promise<void> {
  try {
    // A few blocks first, so the page shows content soon on a chain of big blocks (each summary
    // costs the node a read of its block), then the rest of the first screen.
    const [first, h] = await Promise.all([chain(undefined, firstRead), health()]);
    merge(first.blocks);
    set({ loaded: true, backlogSize: h.backlog_size, latestHeight: first.latest_height });
    const below = (first.blocks[first.blocks.length - 1]?.height ?? 0) - 1;
    if (below >= 0)
      void chain(below, firstScreen - firstRead).then(
        (rest) => merge(rest.blocks),
        () => undefined,
      );
    // Every decided block above the stream's height arrives on it, replayed first if need be;
    // a dropped link resumes above the last block received, so none is missed.
    const from = h.streams?.height;
    subscription = conn.subscribe('blocks', {
      ...(typeof from === 'number' ? { fromHeight: from } : {}),
      onEvent: onBlock,
      onOpen: () => set({ link: { state: 'live', attempts: 0, position: subscription?.position } }),
      onError: (err) =>
        set({
          link: {
            state: 'reconnecting',
            attempts: state.link.attempts + 1,
            detail: err.message,
            position: subscription?.position,
          },
        }),
    });
  } catch (err) {
    set({ loadError: err, loaded: true });
    setTimeout(() => void start(), 3000);
    return;
  }
  setInterval(() => void pollHealth(), healthPollMs);
}

/**
 * Starts following the chain (once): the app calls it before its first render, so the first
 * reads are on the wire while the page is still being drawn.
 */
export function startLive(): void {
  if (started) return;
  started = true;
  void start();
}

/** The live chain, kept while the app runs (pages come and go). */
export function useLive(): LiveState {
  const [s, setS] = useState(state);
  useEffect(() => {
    listeners.add(setS);
    startLive();
    setS(state);
    return () => void listeners.delete(setS);
  }, []);
  return s;
}

/** More blocks below the oldest listed (the home page's "older blocks"). */
export async function loadOlder(): Promise<void> {
  const oldest = state.blocks[state.blocks.length - 1]?.height;
  if (oldest === undefined || oldest === 0) return;
  const older = await chain(oldest - 1, 20);
  const byHeight = new Map(state.blocks.map((b) => [b.height, b]));
  for (const b of older.blocks) byHeight.set(b.height, b);
  set({ blocks: [...byHeight.values()].sort((a, b) => b.height - a.height) });
}

/**
 * The live tick, changing at most once per `ms`: pages that re-read on new blocks (an open
 * transaction, an owner, the federation) do so at a pace the node can bear on a busy chain.
 */
export function useSlowTick(ms = 2000): number {
  const live = useLive();
  const [tick, setTick] = useState(live.tick);
  const [last, setLast] = useState(0);
  useEffect(() => {
    if (live.tick === tick) return;
    const wait = Math.max(0, last + ms - Date.now());
    const timer = setTimeout(() => {
      setTick(live.tick);
      setLast(Date.now());
    }, wait);
    return () => clearTimeout(timer);
  }, [live.tick, tick, last, ms]);
  return tick;
}
