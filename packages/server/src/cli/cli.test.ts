// End to end: runs the built `bigchaindb` executable in a fresh HOME for each test.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateKeypair, isKeypair } from '@bigchaindb-ts/core';
import { freePort, waitFor } from '@bigchaindb-ts/testing';
import { version } from '../version.js';

const bin = fileURLToPath(new URL('../../bin/bigchaindb.js', import.meta.url));

interface Run {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

function freshHome(): string {
  return mkdtempSync(join(tmpdir(), 'bigchaindb-cli-'));
}

/** Runs the CLI with only PATH and HOME from outside, so the caller's BIGCHAINDB_* cannot leak in. */
function cli(
  home: string,
  args: string[],
  options: { env?: Record<string, string>; input?: string } = {},
): Run {
  const result = spawnSync(process.execPath, [bin, ...args], {
    env: { PATH: process.env.PATH ?? '', HOME: home, ...options.env },
    input: options.input ?? '',
    encoding: 'utf8',
    cwd: home,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** The parts of a config file these tests look at. */
interface ConfigFile {
  keypair: { public: string; private: string };
  database: { backend: string; host: string; port: number; name: string; path: string; user: string | null };
  server: { bind: string };
  api_endpoint: string;
}

function readJson(path: string): ConfigFile {
  return JSON.parse(readFileSync(path, 'utf8')) as ConfigFile;
}

/** A failure the user can act on: exit 1, one line on stderr, no stack trace. */
function assertOneLineError(run: Run, pattern: RegExp): void {
  assert.equal(run.status, 1, run.stderr);
  assert.match(run.stderr, /^bigchaindb: [^\n]*\n$/, `not one line: ${run.stderr}`);
  assert.doesNotMatch(run.stderr, /\n\s+at /);
  assert.match(run.stderr, pattern);
}

const commands = [
  'configure',
  'show-config',
  'export-my-pubkey',
  'init',
  'drop',
  'start',
  'load',
  'set-shards',
  'set-replicas',
  'quickstart',
];

test('--help works for the program and every command', () => {
  const home = freshHome();
  for (const flag of ['-h', '--help']) {
    const run = cli(home, [flag]);
    assert.equal(run.status, 0);
    assert.match(run.stdout, /^Usage: bigchaindb \[options\] \[command\]/);
  }
  const top = cli(home, ['--help']).stdout;
  for (const command of commands) {
    if (command !== 'quickstart') assert.match(top, new RegExp(`\\n  ${command}\\b`), command);
    const run = cli(home, [command, '--help']);
    assert.equal(run.status, 0, `${command}: ${run.stderr}`);
    assert.match(run.stdout, new RegExp(`^Usage: bigchaindb ${command}\\b`));
    // Global options are listed in every command's help.
    assert.match(run.stdout, /-c, --config <path>/);
    assert.match(run.stdout, /-y, --yes/);
  }
  assert.doesNotMatch(top, /quickstart/);
});

test('-v and --version print the version', () => {
  const home = freshHome();
  assert.equal(cli(home, ['-v']).stdout, `${version}\n`);
  assert.equal(cli(home, ['--version']).stdout, `${version}\n`);
});

test('-y configure writes $HOME/.bigchaindb with a valid keypair, mode 0600, and never replaces it silently', () => {
  const home = freshHome();
  const path = join(home, '.bigchaindb');
  const first = cli(home, ['-y', 'configure']);
  assert.equal(first.status, 0, first.stderr);
  assert.equal(first.stdout, `Wrote the configuration to ${path}\n`);
  assert.equal(statSync(path).mode & 0o777, 0o600);
  const written = readJson(path);
  assert.ok(isKeypair({ publicKey: written.keypair.public, privateKey: written.keypair.private }));
  assert.equal(written.database.backend, 'sqlite');
  assert.equal(written.database.path, join(home, '.bigchaindb-data', 'bigchain.sqlite'));
  assert.equal(written.server.bind, 'localhost:9984');

  const again = cli(home, ['configure', '-y']);
  assertOneLineError(again, /already exists; not replacing it \(add --force to replace it\)/);
  assert.deepEqual(readJson(path), written);

  const forced = cli(home, ['-y', 'configure', '--force', '--backend', 'postgresql']);
  assert.equal(forced.status, 0, forced.stderr);
  const replaced = readJson(path);
  assert.notEqual(replaced.keypair.public, written.keypair.public);
  assert.equal(replaced.database.backend, 'postgresql');
  assert.equal(statSync(path).mode & 0o777, 0o600);
});

test('configure reads answers from stdin, re-asks after a bad one, and asks before replacing', () => {
  const home = freshHome();
  const path = join(home, 'node.json');
  const answers = ['postgresql', 'db.example', 'abc', '5433', '', 'bdb', '0.0.0.0:9985', '', ''].join('\n');
  const run = cli(home, ['-c', 'node.json', 'configure'], { input: `${answers}\n` });
  assert.equal(run.status, 0, run.stderr);
  assert.equal(run.stdout, `Wrote the configuration to ${path}\n`);
  assert.match(
    run.stderr,
    /PostgreSQL port \[5432\]: \n {2}database\.port must be an integer 1\.\.65535; try again\n/,
  );
  const written = readJson(path);
  assert.deepEqual(
    {
      backend: written.database.backend,
      host: written.database.host,
      port: written.database.port,
      name: written.database.name,
      user: written.database.user,
    },
    { backend: 'postgresql', host: 'db.example', port: 5433, name: 'bigchain', user: 'bdb' },
  );
  assert.equal(written.server.bind, '0.0.0.0:9985');
  // The endpoint's default followed the new bind address.
  assert.equal(written.api_endpoint, 'http://localhost:9985/api/v1');

  const declined = cli(home, ['-c', 'node.json', 'configure'], { input: 'n\n' });
  assert.equal(declined.status, 0);
  assert.match(declined.stderr, /already exists\. Replace it\? \[y\/N\]: \nLeft .* as it was\.\n$/);
  assert.deepEqual(readJson(path), written);
});

test('show-config masks secrets unless --show-private; export-my-pubkey prints the public key only', () => {
  const home = freshHome();
  cli(home, ['-y', 'configure']);
  const { keypair } = readJson(join(home, '.bigchaindb'));
  const env = { BIGCHAINDB_DATABASE_PASSWORD: 'pw' };
  const shown = cli(home, ['show-config'], { env });
  assert.equal(shown.status, 0, shown.stderr);
  const config = JSON.parse(shown.stdout);
  assert.deepEqual(config.keypair, { public: keypair.public, private: '***' });
  assert.equal(config.database.password, '***');
  assert.ok(!shown.stdout.includes(keypair.private));
  const full = JSON.parse(cli(home, ['show-config', '--show-private'], { env }).stdout);
  assert.equal(full.keypair.private, keypair.private);
  assert.equal(full.database.password, 'pw');

  const exported = cli(home, ['export-my-pubkey']);
  assert.equal(exported.status, 0);
  assert.equal(exported.stdout, `${keypair.public}\n`);
});

test('export-my-pubkey without a configured key is a clear error', () => {
  assertOneLineError(cli(freshHome(), ['export-my-pubkey']), /no public key is configured/);
});

test('-c wins over BIGCHAINDB_CONFIG_PATH, which wins over $HOME/.bigchaindb; the environment wins over all', () => {
  const home = freshHome();
  writeFileSync(join(home, '.bigchaindb'), JSON.stringify({ database: { port: 1001 } }));
  writeFileSync(join(home, 'env.json'), JSON.stringify({ database: { port: 1002 } }));
  writeFileSync(join(home, 'cli.json'), JSON.stringify({ database: { port: 1003 } }));
  const port = (args: string[], env: Record<string, string> = {}): number => {
    const run = cli(home, [...args, 'show-config'], { env });
    assert.equal(run.status, 0, run.stderr);
    return (JSON.parse(run.stdout) as ConfigFile).database.port;
  };
  const env = { BIGCHAINDB_CONFIG_PATH: join(home, 'env.json') };
  assert.equal(port([]), 1001);
  assert.equal(port([], env), 1002);
  assert.equal(port(['-c', 'cli.json'], env), 1003);
  assert.equal(port(['-c', 'cli.json'], { ...env, BIGCHAINDB_DATABASE_PORT: '1004' }), 1004);
});

test('a malformed config file or value: exit 1, one line naming the setting, no stack', () => {
  const home = freshHome();
  writeFileSync(join(home, 'bad.json'), JSON.stringify({ database: { port: 'abc' } }));
  assertOneLineError(
    cli(home, ['-c', 'bad.json', 'show-config']),
    /^bigchaindb: config error: database\.port must be an integer 1\.\.65535, got "abc" \(from .*bad\.json\)\n$/,
  );
  writeFileSync(join(home, '.bigchaindb'), '{"keypair": ');
  assertOneLineError(cli(home, ['start']), /config error: .*\.bigchaindb is not valid JSON/);
  assertOneLineError(
    cli(freshHome(), ['show-config'], { env: { BIGCHAINDB_STATSD_RATE: '2' } }),
    /statsd\.rate must be a number 0\.\.1, got "2" \(from BIGCHAINDB_STATSD_RATE\)/,
  );
  const other = generateKeypair();
  const mismatch = cli(freshHome(), ['export-my-pubkey'], {
    env: {
      BIGCHAINDB_KEYPAIR_PUBLIC: other.publicKey,
      BIGCHAINDB_KEYPAIR_PRIVATE: generateKeypair().privateKey,
    },
  });
  assertOneLineError(mismatch, /keypair\.private does not belong to keypair\.public/);
  assertOneLineError(
    cli(home, ['-c', 'missing.json', 'show-config']),
    /missing\.json \(from -c\) does not exist/,
  );
});

test('unknown keys in the config file are a warning, not a failure', () => {
  const home = freshHome();
  writeFileSync(join(home, '.bigchaindb'), JSON.stringify({ databse: {} }));
  const run = cli(home, ['show-config']);
  assert.equal(run.status, 0);
  assert.match(run.stderr, /^bigchaindb: config warning: unknown setting "databse" in .* is ignored\n$/);
});

test('usage errors exit 1', () => {
  const home = freshHome();
  const bad = cli(home, ['set-shards', 'zero']);
  assert.equal(bad.status, 1);
  assert.match(bad.stderr, /^bigchaindb: error: command-argument value 'zero' is invalid/);
  assert.equal(cli(home, ['no-such-command']).status, 1);
  assert.equal(cli(home, ['load', '--mode', 'eventually']).status, 1);
});

/**
 * Runs a long-lived command (`start`, `quickstart`) until its HTTP API answers, then sends SIGTERM;
 * resolves with the exit code and output.
 */
async function serveThenStop(home: string, args: string[]): Promise<Run & { answered: boolean }> {
  const port = await freePort();
  const child = spawn(process.execPath, [bin, ...args], {
    env: { PATH: process.env.PATH ?? '', HOME: home, BIGCHAINDB_SERVER_BIND: `127.0.0.1:${port}` },
    cwd: home,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  let answered = false;
  try {
    answered = await waitFor('the node to answer HTTP', async () => {
      if (child.exitCode !== null) return false;
      const res = await fetch(`http://127.0.0.1:${port}/api/v1`).catch(() => undefined);
      return res?.ok ? true : undefined;
    });
  } finally {
    child.kill('SIGTERM');
  }
  return { status: await exited, stdout, stderr, answered };
}

test('quickstart configures first, then starts the node; SIGTERM stops it with exit 0', async () => {
  const home = freshHome();
  const first = await serveThenStop(home, ['quickstart']);
  assert.ok(first.answered, first.stderr);
  assert.equal(first.status, 0, first.stderr);
  assert.equal(
    first.stdout,
    `No configuration found; wrote one with the defaults to ${join(home, '.bigchaindb')}\n`,
  );
  assert.match(first.stderr, /stopped cleanly/);
  // The second time the config exists: nothing is written, the node starts on its data.
  const again = await serveThenStop(home, ['quickstart']);
  assert.ok(again.answered, again.stderr);
  assert.equal(again.status, 0, again.stderr);
  assert.equal(again.stdout, '');
});

test('init on SQLite creates the database, then finds it there; drop asks unless -y', () => {
  const home = freshHome();
  cli(home, ['-y', 'configure']);
  const file = join(home, '.bigchaindb-data', 'bigchain.sqlite');
  const first = cli(home, ['init']);
  assert.equal(first.status, 0, first.stderr);
  assert.equal(first.stdout, `Initialized the SQLite database ${file}\n`);
  assert.ok(statSync(file).isFile());
  const second = cli(home, ['init']);
  assert.equal(second.status, 0, second.stderr);
  assert.equal(second.stdout, `The SQLite database ${file} already exists; nothing to do\n`);

  const declined = cli(home, ['drop'], { input: 'n\n' });
  assert.equal(declined.status, 0);
  assert.match(declined.stderr, /^Drop the SQLite database .* and erase all its data\? \[y\/N\]: \n$/);
  assert.equal(declined.stdout, 'Nothing dropped\n');
  assert.match(cli(home, ['init']).stdout, /already exists/);

  const dropped = cli(home, ['-y', 'drop']);
  assert.equal(dropped.status, 0, dropped.stderr);
  assert.equal(dropped.stdout, `Dropped every table of the SQLite database ${file}\n`);
  assert.match(cli(home, ['init']).stdout, /^Initialized/);
});

test('set-shards and set-replicas print what the store did', () => {
  const home = freshHome();
  const shards = cli(home, ['set-shards', '4']);
  assert.equal(shards.status, 0, shards.stderr);
  assert.match(shards.stdout, /^[^\n]+\n$/);
  const replicas = cli(home, ['set-replicas', '3']);
  assert.equal(replicas.status, 0, replicas.stderr);
  assert.match(replicas.stdout, /^[^\n]+\n$/);
});

test('an unreachable database is a one-line error', () => {
  const run = cli(freshHome(), ['init'], {
    env: {
      BIGCHAINDB_DATABASE_BACKEND: 'postgresql',
      BIGCHAINDB_DATABASE_HOST: '127.0.0.1',
      BIGCHAINDB_DATABASE_PORT: '1',
    },
  });
  assertOneLineError(run, /ECONNREFUSED|connect/);
});
