// `bigchaindb wallet ...` as a child process, found as NodeProcess finds the server's script (the
// workspace link), without importing the server: the wallet must not depend on it.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export function bigchaindbBin(): string {
  const manifestPath = fileURLToPath(import.meta.resolve('@bigchaindb-ts/server/package.json'));
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as { bin: { bigchaindb: string } };
  return join(dirname(manifestPath), manifest.bin.bigchaindb);
}

export interface Finished {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly output: string;
}

export class WalletProcess {
  output = '';
  readonly exited: Promise<Finished>;

  constructor(readonly child: ChildProcess) {
    child.stdout?.on('data', (d: Buffer) => (this.output += d.toString()));
    child.stderr?.on('data', (d: Buffer) => (this.output += d.toString()));
    this.exited = new Promise((resolve) =>
      child.once('exit', (code, signal) => resolve({ code, signal, output: this.output })),
    );
  }

  static start(args: readonly string[], env: Record<string, string> = {}): WalletProcess {
    return new WalletProcess(
      spawn(process.execPath, [bigchaindbBin(), 'wallet', ...args], {
        env: { ...process.env, ...env },
        stdio: ['ignore', 'pipe', 'pipe'],
      }),
    );
  }

  /** Runs a command to its end. */
  static run(args: readonly string[], env: Record<string, string> = {}): Promise<Finished> {
    return WalletProcess.start(args, env).exited;
  }
}
