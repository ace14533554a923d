import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { freePort, waitFor } from '@bigchaindb-ts/testing';

const bin = fileURLToPath(new URL('../../../bin/bigchaindb.js', import.meta.url));

/** Short intervals for tests: blocks, gossip and tip checks in fractions of a second. */
export const fastEnv: Record<string, string> = {
  BIGCHAINDB_POW_BLOCK_INTERVAL_MS: '100',
  BIGCHAINDB_PEERS_GOSSIP_INTERVAL_MS: '300',
  BIGCHAINDB_PEERS_SYNC_INTERVAL_MS: '400',
  BIGCHAINDB_PEERS_TIMEOUT_MS: '2000',
  BIGCHAINDB_POW_CONFIRMATIONS: '2',
  BIGCHAINDB_POW_NETWORK: 'e2e',
  BIGCHAINDB_LOG_LEVEL: 'info',
};

/** `bigchaindb` run to completion (add, get), with its output. */
export function cli(args: readonly string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', timeout: 20_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** One `bigchaindb miner start` process on loopback. */
export class MinerProcess {
  child: ChildProcess | undefined;
  output = '';

  private constructor(
    readonly chainPath: string,
    readonly port: number,
    private readonly env: Record<string, string>,
  ) {}

  static async start(
    chainPath: string,
    options: {
      neighbours?: readonly number[];
      env?: Record<string, string>;
      port?: number;
      args?: string[];
    } = {},
  ): Promise<MinerProcess> {
    const port = options.port ?? (await freePort());
    const m = new MinerProcess(chainPath, port, { ...fastEnv, ...options.env });
    await m.spawn([
      ...(options.neighbours?.length
        ? ['--neighbours', options.neighbours.map((p) => `127.0.0.1:${p}`).join(',')]
        : []),
      ...(options.args ?? []),
    ]);
    return m;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async spawn(extra: readonly string[] = []): Promise<void> {
    const args = ['miner', 'start', this.chainPath, '--port', String(this.port), '--host', '127.0.0.1'];
    args.push('--difficulty', '1', ...extra);
    const child = spawn(process.execPath, [bin, ...args], {
      env: { ...process.env, ...this.env },
      stdio: 'pipe',
    });
    this.child = child;
    child.stdout.on('data', (d: Buffer) => (this.output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (this.output += d.toString()));
    await waitFor(`miner on ${this.port}`, async () => {
      if (child.exitCode !== null) throw new Error(`the miner exited:\n${this.output}`);
      return (await this.get('/api/v1/peers/tip').catch(() => undefined)) ? true : undefined;
    });
  }

  async get<T = Record<string, unknown>>(path: string): Promise<T> {
    const res = await fetch(this.url + path, { signal: AbortSignal.timeout(5000) });
    if (!res.ok) throw new Error(`${path}: ${res.status}`);
    return (await res.json()) as T;
  }

  async post(path: string, body: unknown): Promise<{ status: number; body: Record<string, unknown> }> {
    const res = await fetch(this.url + path, {
      method: 'POST',
      body: JSON.stringify(body),
      headers: { 'content-type': 'application/json' },
      signal: AbortSignal.timeout(5000),
    });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  }

  async status(
    txId: string,
  ): Promise<{ status: string; reason_code?: string; block_id?: string } | undefined> {
    const res = await fetch(`${this.url}/api/v1/statuses?transaction_id=${txId}`, {
      signal: AbortSignal.timeout(5000),
    });
    return res.ok ? ((await res.json()) as { status: string }) : undefined;
  }

  tip(): Promise<{ height: number; hash: string }> {
    return this.get('/api/v1/peers/tip');
  }

  /** SIGTERM (a clean stop that saves the chain) or SIGKILL. */
  async stop(signal: 'SIGTERM' | 'SIGKILL' = 'SIGTERM'): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((r) => child.once('exit', () => r()));
    child.kill(signal);
    await exited;
  }
}
