import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Starts real `bigchaindb start` processes for end-to-end tests: each gets its own HOME, config
 * file and free port, and is killed (gracefully or with SIGKILL) by the test.
 */
let binPath: string | undefined;

/**
 * The server's `bigchaindb` script, found through the package's own `package.json` (its `bin`
 * field) as Node resolves it from here: in this repository that is the workspace link in
 * node_modules. This package does not import the server's code, so the server and the load
 * generator can use it in their own tests without a cycle between the TypeScript projects; it only
 * needs the server built before a process is started. Resolved on first use, so that importing
 * `waitFor` alone does not need the server at all.
 */
function bin(): string {
  if (binPath === undefined) {
    const manifestPath = fileURLToPath(import.meta.resolve('@bigchaindb-ts/server/package.json'));
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as { bin?: Record<string, string> };
    const script = manifest.bin?.bigchaindb;
    if (typeof script !== 'string') throw new Error(`${manifestPath}: no bin.bigchaindb`);
    binPath = join(dirname(manifestPath), script);
  }
  return binPath;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => (typeof addr === 'object' && addr ? resolve(addr.port) : reject(new Error('no port'))));
    });
  });
}

export interface NodeProcessOptions {
  /** Extra config merged over the generated one (snake_case keys, as in the config file). */
  readonly config?: Record<string, unknown>;
  readonly env?: Record<string, string>;
  /** Reuse an existing home directory (e.g. to restart a killed node on its data). */
  readonly home?: string;
  readonly port?: number;
  /** Flags for the `start` process's Node.js itself, e.g. `--cpu-prof` (not allowed in NODE_OPTIONS). */
  readonly nodeArgs?: readonly string[];
}

export class NodeProcess {
  child: ChildProcess | undefined;
  /** Everything the process wrote to stdout and stderr (unless `keepOutput` is false). */
  output = '';
  /** A long-running caller (`npm run federation`) turns this off so memory stays flat. */
  keepOutput = true;
  /** Receives the process's output as it comes, e.g. to show it with a prefix. */
  onOutput: ((text: string) => void) | undefined;
  private constructor(
    readonly home: string,
    readonly port: number,
    readonly configPath: string,
    private readonly env: Record<string, string>,
    private readonly nodeArgs: readonly string[] = [],
  ) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /**
   * Writes a config (running `configure -y` for the keypair) and starts the node; resolves when it
   * answers HTTP. With `home` naming a home that already has a config, that config and its data
   * are reused as they are, port included (a restart after a crash), unless `port` or `config`
   * say otherwise.
   */
  static async start(options: NodeProcessOptions = {}): Promise<NodeProcess> {
    const node = await NodeProcess.create(options);
    await node.launch();
    return node;
  }

  /**
   * Like `start`, without launching: the config is written (a keypair made) and the process not
   * started, so that a federation can learn every member's key before any of them runs.
   */
  static async create(options: NodeProcessOptions = {}): Promise<NodeProcess> {
    const home = options.home ?? mkdtempSync(join(tmpdir(), 'bigchaindb-e2e-'));
    const configPath = join(home, '.bigchaindb');
    const reuse = existsSync(configPath);
    // On reuse the node listens where its config says; picking a fresh port here (as before)
    // made `launch` poll a port nobody listens on.
    const port = options.port ?? (reuse ? configuredPort(configPath) : await freePort());
    const env = { ...process.env, HOME: home, BIGCHAINDB_LOG_LEVEL: 'info', ...options.env } as Record<
      string,
      string
    >;
    const node = new NodeProcess(home, port, configPath, env, options.nodeArgs);
    if (!reuse) await node.cli(['-y', 'configure']);
    if (!reuse || options.port !== undefined || options.config !== undefined) {
      const cfg = JSON.parse(readFileSync(configPath, 'utf8')) as Record<string, unknown>;
      // Deep, so that a test's `server: { threads }` keeps the generated `server.bind`.
      const merged = deepMerge(
        deepMerge(cfg, {
          server: { bind: `127.0.0.1:${port}` },
          api_endpoint: `http://127.0.0.1:${port}/api/v1`,
        }),
        options.config ?? {},
      );
      writeFileSync(configPath, JSON.stringify(merged, null, 2));
    }
    return node;
  }

  /** This node's public key, from its config file. */
  get publicKey(): string {
    const cfg = JSON.parse(readFileSync(this.configPath, 'utf8')) as { keypair?: { public?: string } };
    const key = cfg.keypair?.public;
    if (typeof key !== 'string') throw new Error(`${this.configPath}: no keypair.public`);
    return key;
  }

  /** Merges `patch` (snake_case keys, as in the file) into the config file; takes effect at the next launch. */
  updateConfig(patch: Record<string, unknown>): void {
    const cfg = JSON.parse(readFileSync(this.configPath, 'utf8')) as Record<string, unknown>;
    writeFileSync(this.configPath, JSON.stringify(deepMerge(cfg, patch), null, 2));
  }

  /** The running process's id (e.g. to sample its memory), or undefined when not started. */
  get pid(): number | undefined {
    return this.running ? this.child?.pid : undefined;
  }

  /** True while the process runs. */
  get running(): boolean {
    const child = this.child;
    return child !== undefined && child.exitCode === null && child.signalCode === null;
  }

  /**
   * Runs a one-shot CLI command with this node's HOME; resolves with its output, rejects on non-zero
   * exit. `stdoutFile`: its standard output goes to that file (bytes, e.g. `dump -`), not to `stdout`.
   */
  cli(args: string[], input?: string, stdoutFile?: string): Promise<{ stdout: string; stderr: string }> {
    return new Promise((resolve, reject) => {
      const out = stdoutFile === undefined ? 'pipe' : openSync(stdoutFile, 'w');
      const child = spawn(process.execPath, [bin(), ...args], {
        env: this.env,
        stdio: ['pipe', out, 'pipe'],
      });
      if (typeof out === 'number') closeSync(out);
      let stdout = '';
      let stderr = '';
      child.stdout?.on('data', (d: Buffer) => (stdout += d.toString()));
      // Piped by the stdio list above, so never null.
      child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
      child.on('error', reject);
      child.on('close', (code) =>
        code === 0
          ? resolve({ stdout, stderr })
          : reject(new Error(`bigchaindb ${args.join(' ')} exited ${code}: ${stderr}`)),
      );
      child.stdin!.end(input ?? '');
    });
  }

  async launch(timeoutMs = 30_000): Promise<void> {
    const child = spawn(process.execPath, [...this.nodeArgs, bin(), 'start'], {
      env: this.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    const take = (d: Buffer) => {
      const text = d.toString();
      if (this.keepOutput) this.output += text;
      this.onOutput?.(text);
    };
    child.stdout?.on('data', take);
    child.stderr?.on('data', take);
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (child.exitCode !== null)
        throw new Error(`node exited ${child.exitCode} during start:\n${this.output}`);
      try {
        const res = await fetch(`${this.url}/api/v1`);
        if (res.ok) return;
      } catch {
        // not listening yet
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    // A node that never answered must not outlive the test that gave up on it.
    await this.stop('SIGKILL');
    throw new Error(`node did not answer within ${timeoutMs} ms:\n${this.output}`);
  }

  /** Sends a signal and waits for the process to exit; returns its exit code (null if killed by signal). */
  async stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<number | null> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return child?.exitCode ?? null;
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    child.kill(signal);
    return exited;
  }

  cleanup(): void {
    rmSync(this.home, { recursive: true, force: true });
  }
}

/** The port of `server.bind` in a config file. */
function configuredPort(configPath: string): number {
  const cfg = JSON.parse(readFileSync(configPath, 'utf8')) as { server?: { bind?: string } };
  const port = Number(/:(\d+)$/.exec(cfg.server?.bind ?? '')?.[1]);
  if (!Number.isInteger(port) || port <= 0) throw new Error(`${configPath}: no port in server.bind`);
  return port;
}

function deepMerge(a: Record<string, unknown>, b: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...a };
  for (const [k, v] of Object.entries(b)) {
    const prev = out[k];
    out[k] =
      v &&
      typeof v === 'object' &&
      !Array.isArray(v) &&
      prev &&
      typeof prev === 'object' &&
      !Array.isArray(prev)
        ? deepMerge(prev as Record<string, unknown>, v as Record<string, unknown>)
        : v;
  }
  return out;
}

/** Polls until `check` returns a value other than undefined, or fails after `timeoutMs`. */
export async function waitFor<T>(
  what: string,
  check: () => Promise<T | undefined>,
  timeoutMs = 20_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
