import { createReadStream } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import { generateKeypair, isKeypair, isPublicKey, publicKeyOf, type Keypair } from '@bigchaindb-ts/core';
// The client is imported when a spool command runs, so other commands do not load it.
import type { SpoolClient, StepResult } from '@bigchaindb-ts/spool';
import { InvalidArgumentError, type Command } from 'commander';
import { CliError } from './cli-error.js';
import { globalOptions, loadCommandConfig } from './global-options.js';

/**
 * `bigchaindb spool ...`: pyspool's operations against a node running the SPOOL registry
 * (docs/spool.md), with keys in key files. Each step prints its transaction id and the edition's
 * state after it; a refusal prints the rule's code and exits 1.
 */
export function defineSpoolCommands(program: Command): Command {
  const spool = program
    .command('spool')
    .description('the SPOOL art registry: register pieces and editions, move them, read provenance')
    .addHelpText(
      'after',
      `
Keys: a key file is JSON {"public": "<base58>", "private": "<base58>"} (make one with
"bigchaindb spool keygen FILE"). Registrations (register-piece, editions, register-edition) are
signed by a registrar: --key, else this node's own keypair from its config. Moves are signed by
the edition's holder (--key, required).

Node: --url (an API endpoint such as http://localhost:9984/api/v1), else api_endpoint from the
config. Every step waits until its transaction is valid (mode=commit).`,
    );

  const withNode = (c: Command) =>
    c.option('--url <url>', 'API endpoint of the node (default: api_endpoint from the config)');
  const withKey = (c: Command, what: string) => c.option('--key <file>', what);
  const registrarKey = 'registrar key file (default: the node keypair from the config)';
  const holderKey = "the holder's key file";

  spool
    .command('keygen')
    .description('write a new Ed25519 keypair to a key file (mode 0600) and print its public key')
    .argument('<file>', 'where to write it; an existing file is not replaced')
    .action(async (file: string) => {
      const kp = generateKeypair();
      await writeFile(file, JSON.stringify({ public: kp.publicKey, private: kp.privateKey }) + '\n', {
        mode: 0o600,
        flag: 'wx',
      }).catch((err: NodeJS.ErrnoException) => {
        throw new CliError(`cannot write ${file}: ${err.code === 'EEXIST' ? 'it exists' : err.message}`);
      });
      process.stdout.write(`${kp.publicKey}\n`);
    });

  withKey(withNode(spool.command('register-piece')), registrarKey)
    .description('register a piece (its master, edition 0) to the artist')
    .requiredOption('--artist <public-key>', "the artist's public key", publicKeyArg)
    .option('--file <path>', "the file: its SHA-256 is the piece's identity")
    .option('--file-hash <hex>', 'the SHA-256 of the file, 64 lowercase hex (instead of --file)', hashArg)
    .option('--title <text>', 'a title, kept beside the file hash')
    .action(
      async (
        o: { artist: string; file?: string; fileHash?: string; title?: string } & Common,
        c: Command,
      ) => {
        if ((o.file === undefined) === (o.fileHash === undefined))
          throw new CliError('give exactly one of --file and --file-hash');
        const hash = o.fileHash ?? (await hashFile(o.file!));
        const { client, key } = await setup(o, c, 'registrar');
        await step(() =>
          client.registerPiece({
            registrar: key,
            artist: o.artist,
            fileHash: hash,
            ...(o.title === undefined ? {} : { fields: { title: o.title } }),
          }),
        );
      },
    );

  withKey(withNode(spool.command('editions')), registrarKey)
    .description("fix the number of editions of a piece (once); the token goes to the master's holder")
    .argument('<piece-id>', 'the piece (its PIECE transaction id)', idArg)
    .argument('<count>', 'the number of editions, 1..100000', countArg)
    .action(async (pieceId: string, count: number, o: Common, c: Command) => {
      const { client, key } = await setup(o, c, 'registrar');
      await step(() => client.setEditions({ registrar: key, pieceId, numEditions: count }));
    });

  withKey(withNode(spool.command('register-edition')), registrarKey)
    .description('register edition N of a piece to its first owner')
    .argument('<piece-id>', 'the piece', idArg)
    .argument('<edition>', 'the edition number, 1..N', countArg)
    .requiredOption('--owner <public-key>', "the owner's public key", publicKeyArg)
    .action(async (pieceId: string, edition: number, o: Common & { owner: string }, c: Command) => {
      const { client, key } = await setup(o, c, 'registrar');
      await step(() => client.registerEdition({ registrar: key, pieceId, edition, owner: o.owner }));
    });

  for (const [name, what] of [
    ['transfer', 'sell an edition to another key'],
    ['consign', 'consign an edition: the consignee may sell, loan, sub-consign or unconsign it'],
  ] as const)
    withKey(withNode(spool.command(name)), holderKey)
      .description(what)
      .argument('<piece-id>', 'the piece', idArg)
      .argument('<edition>', 'the edition number (0 for the master)', editionArg)
      .requiredOption('--to <public-key>', 'the recipient', publicKeyArg)
      .action(async (pieceId: string, edition: number, o: Common & { to: string }, c: Command) => {
        const { client, key } = await setup(o, c, 'holder');
        const args = { pieceId, edition, holder: key, to: o.to };
        await step(() => (name === 'transfer' ? client.transfer(args) : client.consign(args)));
      });

  withKey(withNode(spool.command('unconsign')), "the consignee's key file")
    .description('give a consigned edition back to its consignor')
    .argument('<piece-id>', 'the piece', idArg)
    .argument('<edition>', 'the edition number', editionArg)
    .option('--to <public-key>', 'the consignor (default: read from the ledger)', publicKeyArg)
    .action(async (pieceId: string, edition: number, o: Common & { to?: string }, c: Command) => {
      const { client, key } = await setup(o, c, 'holder');
      await step(() =>
        client.unconsign({ pieceId, edition, holder: key, ...(o.to === undefined ? {} : { to: o.to }) }),
      );
    });

  withKey(withNode(spool.command('loan')), holderKey)
    .description('lend an edition for a period; the holder keeps it')
    .argument('<piece-id>', 'the piece', idArg)
    .argument('<edition>', 'the edition number', editionArg)
    .requiredOption('--to <public-key>', 'the loanee', publicKeyArg)
    .requiredOption('--start <date>', 'first day, YYYY-MM-DD')
    .requiredOption('--end <date>', 'last day, YYYY-MM-DD')
    .action(
      async (
        pieceId: string,
        edition: number,
        o: Common & { to: string; start: string; end: string },
        c: Command,
      ) => {
        const { client, key } = await setup(o, c, 'holder');
        await step(() =>
          client.loan({ pieceId, edition, holder: key, loanee: o.to, start: o.start, end: o.end }),
        );
      },
    );

  withNode(spool.command('history'))
    .description("print an edition's holder, consignment, loans and chain of custody, as JSON")
    .argument('<piece-id>', 'the piece', idArg)
    .argument('<edition>', 'the edition number (0 for the master)', editionArg)
    .action(async (pieceId: string, edition: number, o: Common, c: Command) => {
      const { client } = await setup(o, c, null);
      print(await read(() => client.history(pieceId, edition)));
    });

  withNode(spool.command('holder'))
    .description('print the public key holding an edition now')
    .argument('<piece-id>', 'the piece', idArg)
    .argument('<edition>', 'the edition number (0 for the master)', editionArg)
    .action(async (pieceId: string, edition: number, o: Common, c: Command) => {
      const { client } = await setup(o, c, null);
      process.stdout.write(`${(await read(() => client.holder(pieceId, edition))) ?? ''}\n`);
    });

  withNode(spool.command('piece'))
    .description('print a piece, its number of editions and every registered edition with its holder')
    .argument('<piece-id>', 'the piece', idArg)
    .action(async (pieceId: string, o: Common, c: Command) => {
      const { client } = await setup(o, c, null);
      print(await read(() => client.piece(pieceId)));
    });

  return spool;
}

interface Common {
  url?: string;
  key?: string;
}

async function setup(
  o: Common,
  command: Command,
  signer: 'registrar' | 'holder' | null,
): Promise<{ client: SpoolClient; key: Keypair }> {
  let url = o.url;
  let nodeKey: Keypair | null = null;
  if (url === undefined || (signer === 'registrar' && o.key === undefined)) {
    const { config } = await loadCommandConfig(globalOptions(command));
    url ??= config.apiEndpoint;
    if (config.keypair.public !== null && config.keypair.private !== null)
      nodeKey = { publicKey: config.keypair.public, privateKey: config.keypair.private };
  }
  const { SpoolClient } = await import('@bigchaindb-ts/spool');
  const client = new SpoolClient(url);
  if (signer === null) return { client, key: { publicKey: '', privateKey: '' } };
  if (o.key !== undefined) return { client, key: await readKeyFile(o.key) };
  if (signer === 'holder') throw new CliError("--key is required: the holder's key file signs the move");
  if (nodeKey === null) throw new CliError('no --key and no keypair in the config to sign the registration');
  return { client, key: nodeKey };
}

async function readKeyFile(file: string): Promise<Keypair> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readFile(file, 'utf8'));
  } catch (err) {
    throw new CliError(`cannot read the key file ${file}: ${(err as Error).message}`);
  }
  const p = parsed as { public?: unknown; private?: unknown };
  if (typeof p?.private !== 'string') throw new CliError(`${file}: a key file is {"public", "private"}`);
  let publicKey: string;
  try {
    publicKey = publicKeyOf(p.private);
  } catch {
    throw new CliError(`${file}: "private" is not a base58 Ed25519 private key`);
  }
  const kp = { publicKey, privateKey: p.private };
  if ((p.public !== undefined && p.public !== publicKey) || !isKeypair(kp))
    throw new CliError(`${file}: "public" is not the private key's public key`);
  return kp;
}

async function hashFile(path: string): Promise<string> {
  const hash = createHash('sha256');
  try {
    for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  } catch (err) {
    throw new CliError(`cannot read ${path}: ${(err as Error).message}`);
  }
  return hash.digest('hex');
}

async function step(run: () => Promise<StepResult>): Promise<void> {
  const { tx, edition } = await read(run);
  process.stdout.write(`transaction ${tx.id}\n`);
  print(edition);
}

/** A node's refusal becomes one line with its code. */
async function read<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (err) {
    // The driver's HttpError (known by name: the driver is loaded on demand).
    if (err instanceof Error && err.name === 'HttpError') {
      const { code, status } = err as Error & { code?: string; status?: number };
      throw new CliError(`${code ?? status}: ${err.message}`, { cause: err });
    }
    throw err;
  }
}

function print(value: unknown): void {
  process.stdout.write(JSON.stringify(value, null, 2) + '\n');
}

function publicKeyArg(value: string): string {
  if (!isPublicKey(value)) throw new InvalidArgumentError('not a base58 Ed25519 public key');
  return value;
}

function hashArg(value: string): string {
  if (!/^[0-9a-f]{64}$/.test(value)) throw new InvalidArgumentError('not 64 lowercase hex characters');
  return value;
}

function idArg(value: string): string {
  if (!/^[0-9a-f]{64}$/.test(value))
    throw new InvalidArgumentError('not a transaction id (64 lowercase hex)');
  return value;
}

function countArg(value: string): number {
  if (!/^[1-9][0-9]{0,5}$/.test(value) || Number(value) > 100_000)
    throw new InvalidArgumentError('an integer from 1 to 100000');
  return Number(value);
}

function editionArg(value: string): number {
  return value === '0' ? 0 : countArg(value);
}
