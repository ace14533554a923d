// Real `bigchaindb start` processes for the driver's integration tests, through the server
// package's NodeProcess. The driver's TypeScript project does not reference the server's (the
// driver must not depend on it), so the server's built module is loaded at run time from a
// computed path and typed here by the little the tests use. `npm run build` builds the server
// before the driver, so the file is there when the tests run.

export interface RunningNode {
  readonly url: string;
  readonly home: string;
  readonly output: string;
  stop(signal?: 'SIGTERM' | 'SIGKILL'): Promise<number | null>;
  cleanup(): void;
}

export interface StartOptions {
  /** Config merged over the generated one (snake_case keys, as in the config file). */
  readonly config?: Record<string, unknown>;
  /** Restart on an existing home: the same config, port and data. */
  readonly home?: string;
}

interface NodeProcessModule {
  NodeProcess: { start(options?: StartOptions): Promise<RunningNode> };
}

const modulePath = '../../../server/dist/testing/node-process.js';

export async function startNode(options: StartOptions = {}): Promise<RunningNode> {
  const mod = (await import(new URL(modulePath, import.meta.url).href)) as NodeProcessModule;
  return mod.NodeProcess.start(options);
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
