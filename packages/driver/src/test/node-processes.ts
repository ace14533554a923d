// Real `bigchaindb start` processes for the driver's integration tests, through the private test
// package's NodeProcess. That package only spawns the server's script and never imports the
// server's code, so the driver (which must not depend on the server) can use it; `npm run build`
// builds the server before these tests run, so the script has its compiled CLI to load.
import { NodeProcess } from '@bigchaindb-ts/testing';

/** The little of a running node the driver's tests use. */
export type RunningNode = Pick<NodeProcess, 'url' | 'home' | 'output' | 'stop' | 'cleanup'>;

export interface StartOptions {
  /** Config merged over the generated one (snake_case keys, as in the config file). */
  readonly config?: Record<string, unknown>;
  /** Restart on an existing home: the same config, port and data. */
  readonly home?: string;
}

export async function startNode(options: StartOptions = {}): Promise<RunningNode> {
  return NodeProcess.start(options);
}

/** Starts nodes and stops them all (SIGKILL, then their homes are removed) at the end. */
export class NodeSet {
  private readonly nodes: RunningNode[] = [];

  async start(options: StartOptions = {}): Promise<RunningNode> {
    const node = await startNode(options);
    this.nodes.push(node);
    return node;
  }

  async stopAll(): Promise<void> {
    for (const node of this.nodes) {
      await node.stop('SIGKILL');
      node.cleanup();
    }
  }
}
