// Events: a webhook receiver that fails the first attempts still gets every event, once each and
// in order, after the retries; undelivered events stay in the database across a restart; the
// script and in-process handlers get the seed's inputs; a handler that never succeeds is given up.
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Keystore } from '../keystore/index.js';
import { silentLogger } from '../log/index.js';
import { applyConfirmations, recordDeposit, WalletBook } from '../model/index.js';
import {
  BACKENDS,
  coinMap,
  dbHarness,
  resolverOf,
  skipReason,
  testCoin,
  type DbHarness,
} from '../test/databases.js';
import { EventDispatcher } from './dispatcher.js';
import { httpEventHandler, inProcessEventHandler, scriptEventHandler } from './handlers.js';

interface Received {
  readonly event_name: string | null;
  readonly data: Record<string, unknown>;
}

async function receiver(
  failFirst: number,
): Promise<{ server: Server; url: string; got: Received[]; attempts: () => number }> {
  const got: Received[] = [];
  let attempts = 0;
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (d: Buffer) => (body += d.toString()));
    req.on('end', () => {
      attempts += 1;
      if (attempts <= failFirst) {
        res.writeHead(503).end('not yet');
        return;
      }
      const form = new URLSearchParams(body);
      got.push({
        event_name: form.get('event_name'),
        data: JSON.parse(form.get('data') ?? 'null') as Record<string, unknown>,
      });
      res.writeHead(200).end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return { server, url: `http://127.0.0.1:${port}/`, got, attempts: () => attempts };
}

for (const backend of BACKENDS) {
  describe(`event delivery on ${backend}`, async () => {
    const skip = await skipReason(backend);
    let h: DbHarness | undefined;
    const dir = mkdtempSync(join(tmpdir(), 'wallet-events-'));
    after(async () => {
      await h?.cleanup();
      rmSync(dir, { recursive: true, force: true });
    });

    test(
      'a webhook that fails its first attempts gets every event once, in order; the rest survive a restart',
      { skip },
      async () => {
        h = dbHarness(backend);
        const db = await h.fresh();
        const keystore = await Keystore.unlock(resolverOf(db), 'p');
        const handlers = ['webhook', 'script', 'callback'];
        const book = new WalletBook(resolverOf(db), {
          now: Date.now,
          coins: coinMap(testCoin),
          eventHandlers: handlers,
          keystore,
        });
        const address = await book.transaction(async (b) => {
          const w = await b.getOrCreateWalletByName('w', 'tok');
          return b.createReceivingAddress((await b.createAccount(w.id, 'a')).id);
        });
        const txid = 'c'.repeat(64);
        const ntx = await book.transaction((b) =>
          recordDeposit(b, 'tok', txid, [{ address: address.address, amount: 9n }], { confirmations: 0 }),
        );
        for (const c of [1, 2, 3])
          await book.transaction((b) => applyConfirmations(b, ntx!, { confirmations: c }));

        const hook = await receiver(3);
        const marker = join(dir, 'script-ok');
        const scriptLog = join(dir, 'script.log');
        // Fails until the marker exists (the first run makes it), then records what it was given.
        const script = `if [ ! -e '${marker}' ]; then touch '${marker}'; exit 1; fi; printf '%s %s\\n' "$CRYPTOASSETS_EVENT_NAME" "$CRYPTOASSETS_EVENT_DATA" >> '${scriptLog}'`;
        const calls: [string, Record<string, unknown>][] = [];
        let callbackFailures = 1;
        const dispatcherOf = (attemptsMax = 25) =>
          new EventDispatcher(
            resolverOf(db),
            [
              httpEventHandler('webhook', hook.url),
              scriptEventHandler('script', script, false, silentLogger),
              inProcessEventHandler('callback', (name, data) => {
                if (callbackFailures-- > 0) throw new Error('not ready');
                calls.push([name, data]);
              }),
            ],
            silentLogger,
            { retryBaseMs: 5, retryCapMs: 20, attemptsMax },
          );
        // First "process": delivers two webhook events after three failures, then stops (a restart).
        const first = dispatcherOf();
        while (hook.got.length < 2) {
          await first.step();
          await new Promise((r) => setTimeout(r, 5));
        }
        const second = new EventDispatcher(resolverOf(await h.connect()), first.handlers, silentLogger, {
          retryBaseMs: 5,
          retryCapMs: 20,
        });
        for (let i = 0; i < 200 && (await second.backlog()) > 0; i++) {
          await second.step();
          await new Promise((r) => setTimeout(r, 5));
        }
        assert.equal(await second.backlog(), 0);
        assert.ok(hook.attempts() >= 7, 'three failures, then every event');
        assert.deepEqual(
          hook.got.map((g) => [g.event_name, g.data.confirmations]),
          [
            ['txupdate', 0],
            ['txupdate', 1],
            ['txupdate', 2],
            ['txupdate', 3],
          ],
        );
        assert.equal(hook.got[3]!.data.credited, true);
        assert.equal(hook.got[0]!.data.credited, false);
        assert.deepEqual(
          calls.map(([name, data]) => [name, data.confirmations]),
          [
            ['txupdate', 0],
            ['txupdate', 1],
            ['txupdate', 2],
            ['txupdate', 3],
          ],
        );
        assert.ok(existsSync(scriptLog));
        const lines = readFileSync(scriptLog, 'utf8').trim().split('\n');
        assert.equal(lines.length, 4);
        assert.equal(JSON.parse(lines[0]!.slice('txupdate '.length)).txid, txid);
        hook.server.close();

        // A handler that never succeeds is given up after its attempts, and the event stays on disk.
        const down = new EventDispatcher(
          resolverOf(db),
          [httpEventHandler('webhook', 'http://127.0.0.1:1/')],
          silentLogger,
          { retryBaseMs: 1, retryCapMs: 1, attemptsMax: 3 },
        );
        await book.transaction((b) => applyConfirmations(b, ntx!, { confirmations: 4 }));
        for (let i = 0; i < 10; i++) {
          await down.step();
          await new Promise((r) => setTimeout(r, 3));
        }
        const kept = await book.read((b) =>
          b.s.all(
            `SELECT attempts, gave_up_at, last_error FROM event_outbox WHERE handler = 'webhook' AND delivered_at IS NULL`,
          ),
        );
        assert.equal(kept.length, 1);
        assert.equal(Number(kept[0]!.attempts), 3);
        assert.notEqual(kept[0]!.gave_up_at, null);
        assert.ok(String(kept[0]!.last_error).length > 0);
      },
    );
  });
}
