import { statfs } from 'node:fs/promises';
import type { NodeService } from '../node/index.js';

/**
 * What `bigchaindb_status` and `GET /api/v1/health`'s `node_status` say, as a number an alert can
 * key on. When several hold, the lowest number is reported (the store first: without it nothing
 * else can be judged).
 */
export const nodeStatusCodes = {
  healthy: 0,
  /** The store does not answer. */
  store_unreachable: 1,
  /** This node's votes lag the federation's newest votes by more than `behindBlocksMax` blocks, or its own liveness check says it is down. */
  behind_federation: 2,
  /** The watchdog found stored blocks altered (they are not served). */
  watchdog_finding: 3,
  /** The store's file system has less than `diskFreeRatioMin` of its space left. */
  disk_nearly_full: 4,
} as const;

export type NodeStatusName = keyof typeof nodeStatusCodes;

export interface NodeStatus {
  readonly code: number;
  readonly name: NodeStatusName;
}

export interface NodeStatusOptions {
  /** A path on the store's file system (the SQLite file's folder); absent, disk space is not checked (PostgreSQL's disk is the server's). */
  readonly diskPath?: string;
  /** Free fraction under which the disk counts as nearly full; default 0.05. */
  readonly diskFreeRatioMin?: number;
  /** Blocks this node's votes may trail the federation's newest vote by; default 10. */
  readonly behindBlocksMax?: number;
}

/**
 * Judges the node's health from what it already knows: one cheap store read (the newest height,
 * which also proves the store answers), the in-memory federation report, and one `statfs`.
 */
export class NodeStatusProbe {
  constructor(
    private readonly node: Pick<NodeService, 'store' | 'publicKey' | 'federationReport'>,
    private readonly options: NodeStatusOptions = {},
  ) {}

  async check(): Promise<NodeStatus> {
    try {
      await this.node.store.latestHeight();
    } catch {
      return status('store_unreachable');
    }
    if (this.behind()) return status('behind_federation');
    if (this.node.federationReport().watchdog.tamperedBlocks.length > 0) return status('watchdog_finding');
    if (await this.diskNearlyFull()) return status('disk_nearly_full');
    return status('healthy');
  }

  /** Whether this node's votes trail the others' (a sole node is never behind). */
  private behind(): boolean {
    const members = this.node.federationReport().members;
    if (members.length <= 1) return false;
    const self = members.find((m) => m.publicKey === this.node.publicKey);
    if (self === undefined) return false;
    if (self.suspectedDown) return true;
    let newest: number | null = null;
    for (const m of members) {
      if (m.lastVoteHeight !== null && (newest === null || m.lastVoteHeight > newest))
        newest = m.lastVoteHeight;
    }
    if (newest === null) return false;
    return newest - (self.lastVoteHeight ?? -1) > (this.options.behindBlocksMax ?? 10);
  }

  private async diskNearlyFull(): Promise<boolean> {
    if (this.options.diskPath === undefined) return false;
    try {
      const s = await statfs(this.options.diskPath);
      if (s.blocks === 0) return false;
      return s.bavail / s.blocks < (this.options.diskFreeRatioMin ?? 0.05);
    } catch {
      // A path that cannot be measured says nothing about the disk; the store check covers the rest.
      return false;
    }
  }
}

function status(name: NodeStatusName): NodeStatus {
  return { code: nodeStatusCodes[name], name };
}
