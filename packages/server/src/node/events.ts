import { EventEmitter } from 'node:events';
import type { TxStatusName } from '../store/index.js';
import type { Finding } from './integrity/index.js';

/** A transaction was accepted into the backlog (`POST` answered 202). */
export interface AcceptedEvent {
  readonly id: string;
  /** The member that is to put it in a block. */
  readonly assignee: string;
}

/**
 * A transaction was refused: at ingest (`stage: 'ingest'`, the client got a 4xx; `id` is absent
 * when the text was not a transaction) or taken out of the backlog by a block maker
 * (`stage: 'block'`, its status is now `invalid`).
 */
export interface RejectedEvent {
  readonly id?: string;
  readonly code: string;
  readonly reason: string;
  readonly stage: 'ingest' | 'block';
}

/** A transaction's status changed as this process saw it; `invalid` carries the reason. */
export interface TxStatusEvent {
  readonly id: string;
  readonly status: TxStatusName;
  readonly reasonCode?: string;
  readonly reason?: string;
  readonly blockId?: string;
  readonly height?: number;
}

/** This node wrote a block (`decided`: alone in its federation, it wrote it decided valid). */
export interface BlockWrittenEvent {
  readonly id: string;
  readonly height: number;
  readonly transactionCount: number;
  readonly decided: boolean;
}

/** A block's election is over, as this node learned it (whoever recorded the decision first). */
export interface BlockDecidedEvent {
  readonly id: string;
  readonly height: number;
  readonly status: 'valid' | 'invalid';
  readonly transactionIds: readonly string[];
}

/** This node voted on a block; `reason` is the block-level or transaction code of an invalid vote. */
export interface VoteCastEvent {
  readonly blockId: string;
  readonly height: number;
  readonly valid: boolean;
  readonly reason: string | null;
}

/** Every event of a node, by name: one typed stream that metrics, streams and logs subscribe to. */
export interface NodeEventMap {
  accepted: AcceptedEvent;
  rejected: RejectedEvent;
  status: TxStatusEvent;
  blockWritten: BlockWrittenEvent;
  blockDecided: BlockDecidedEvent;
  voteCast: VoteCastEvent;
  finding: Finding;
}

export type NodeEventName = keyof NodeEventMap;

/**
 * The node's event stream. Pipelines emit; subscribers never reach into them. Listeners run
 * synchronously on the emitting pipeline's turn, so they must be quick (count, enqueue, kick).
 * A listener that throws is a bug in the listener: it is reported to `onListenerError`, and the
 * pipeline goes on.
 */
export class NodeEvents {
  readonly #emitter = new EventEmitter();

  constructor(private readonly onListenerError: (err: unknown, event: NodeEventName) => void = () => {}) {
    this.#emitter.setMaxListeners(0);
  }

  on<K extends NodeEventName>(event: K, listener: (e: NodeEventMap[K]) => void): this {
    this.#emitter.on(event, listener);
    return this;
  }

  off<K extends NodeEventName>(event: K, listener: (e: NodeEventMap[K]) => void): this {
    this.#emitter.off(event, listener);
    return this;
  }

  emit<K extends NodeEventName>(event: K, payload: NodeEventMap[K]): void {
    for (const listener of this.#emitter.listeners(event) as ((e: NodeEventMap[K]) => void)[]) {
      try {
        listener(payload);
      } catch (err) {
        this.onListenerError(err, event);
      }
    }
  }

  listenerCount(event: NodeEventName): number {
    return this.#emitter.listenerCount(event);
  }
}
