// Dump, verify and restore through the store on real SQLite files and a real PostgreSQL server:
// a dump taken while blocks are being written holds exactly the snapshot; restores into both
// backends answer as the original; incremental dumps chain; damaged files are refused with their
// reason and leave the target empty.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { RulesChain } from '../consensus/index.js';
import { createVote } from '../model/index.js';
import { BACKENDS, harness, postgresReachable, type Harness } from '../store/test/backends.js';
import { alice, bob, node1, persona } from '../store/test/fixtures.js';
import type { Store } from '../store/index.js';
import {
  dumpChain,
  ReplayClock,
  restoreChain,
  verifyChain,
  DumpRefusal,
  RestoreTargetNotEmpty,
  type DumpSummary,
} from './index.js';
import { chainWriter, discard, nextTransactions, settle, type ChainWriter } from './test/chain.js';
import { assertSameLedger } from './test/compare.js';

const rules = new RulesChain();
const federation = [node1.publicKey];
const dir = mkdtempSync(join(tmpdir(), 'bigchaindb-backup-'));
let fileCount = 0;
const nextFile = () => join(dir, `dump-${++fileCount}.jsonl.gz`);
after(() => rmSync(dir, { recursive: true, force: true }));

function dump(
  store: Store,
  file: string,
  afterHeight: number | null = null,
  previousDigest: string | null = null,
): Promise<DumpSummary> {
  return dumpChain(store, { file, federation, voteQuorum: 'majority', afterHeight, previousDigest });
}

/** Writes `blocks` blocks of `perBlock` transactions, the third one invalid. */
async function grow(w: ChainWriter, blocks: number, perBlock: number, tag: string): Promise<void> {
  for (let i = 0; i < blocks; i++) {
    const txs = nextTransactions(w, perBlock, `${tag}-${i}`);
    const valid = i !== 2;
    await w.writeBlock(txs, valid);
    if (valid) settle(w);
    else discard();
  }
}

/** The lines of a dump, uncompressed, and a way to write them back compressed. */
function lines(file: string): string[] {
  return gunzipSync(readFileSync(file)).toString('utf8').split('\n').slice(0, -1);
}
function writeLines(file: string, text: string[]): void {
  writeFileSync(file, gzipSync(`${text.join('\n')}\n`));
}

for (const backend of BACKENDS) {
  describe(`backups of a ${backend} store`, () => {
    let source: Harness;
    const targets: Harness[] = [];
    let original: Store;
    let w: ChainWriter;
    let full: DumpSummary;
    let fullFile: string;
    let skip = false;

    before(async () => {
      if (BACKENDS.includes('postgresql') && !(await postgresReachable())) skip = true;
      source = harness(backend);
      for (const b of BACKENDS) targets.push(harness(b));
      original = await source.fresh();
      w = chainWriter(original, node1);
      await grow(w, 6, 20, 'first');
    });
    after(async () => {
      await source.cleanup();
      for (const t of targets) await t.cleanup();
    });

    test('a dump taken while blocks are written holds the snapshot; restores answer as the original', async (t) => {
      if (skip) return t.skip('PostgreSQL is not reachable at 127.0.0.1:5432');
      const writer = await source.another();
      const w2 = chainWriter(writer, node1, (await original.getBlocksByHeight([5]))[0]!.block.id);
      fullFile = nextFile();
      // Blocks are written (by another connection) while the dump runs, one page per block.
      let written = 0;
      const writing = (async () => {
        for (let i = 0; i < 3; i++) {
          await w2.writeBlock(nextTransactions(w, 5, `during-${i}`));
          settle(w);
          written++;
        }
      })();
      full = await dump(original, fullFile);
      await writing;
      assert.equal(written, 3);
      assert.equal(full.blocks, full.to_height! + 1);
      assert.ok(full.to_height! >= 5, `the dump holds the blocks written before it (to ${full.to_height})`);
      assert.equal(lines(fullFile).length, full.blocks + 2);
      const verified = await verifyChain([fullFile], rules);
      assert.equal(verified.digest, full.digest);
      assert.equal(verified.transactions, full.transactions);
      for (const target of targets) {
        const clock = new ReplayClock();
        const restored = await target.empty(clock);
        const summary = await restoreChain(restored, [fullFile], rules, { clock });
        assert.equal(summary.blocks, full.blocks);
        assert.equal(await restored.latestHeight(), full.to_height);
        const txs = [...w.valid, ...w2.valid];
        await assertSameLedger(original, restored, txs, [alice.publicKey, bob.publicKey], full.to_height!);
        // A store holding blocks is refused.
        await assert.rejects(restoreChain(restored, [fullFile], rules), RestoreTargetNotEmpty);
      }
    });

    test('incremental dumps chain: full to height H, then from H, restored together', async (t) => {
      if (skip) return t.skip('PostgreSQL is not reachable at 127.0.0.1:5432');
      const tip = (await original.getBlocksByHeight([(await original.latestHeight())!]))[0]!;
      const w3 = chainWriter(original, node1, tip.block.id);
      for (let i = 0; i < 3; i++) {
        await w3.writeBlock(nextTransactions(w, 10, `later-${i}`));
        settle(w);
      }
      const full2 = nextFile();
      const first = await dump(original, full2);
      for (let i = 0; i < 2; i++) {
        await w3.writeBlock(nextTransactions(w, 10, `incr-${i}`));
        settle(w);
      }
      const incremental = nextFile();
      const second = await dump(original, incremental, first.to_height, first.digest);
      assert.equal(second.blocks, 2);
      assert.equal(second.to_height, first.to_height! + 2);
      const chain = await verifyChain([full2, incremental], rules);
      assert.equal(chain.toHeight, second.to_height);
      // Nothing decided since: an empty incremental dump still chains.
      const nothing = nextFile();
      const third = await dump(original, nothing, second.to_height, second.digest);
      assert.equal(third.blocks, 0);
      assert.equal(third.to_height, second.to_height);
      assert.equal((await verifyChain([full2, incremental, nothing], rules)).toHeight, second.to_height);
      // Out of order, or with a gap, the files do not chain.
      await assert.rejects(verifyChain([incremental, full2], rules), /does not continue the previous file/);
      await assert.rejects(
        verifyChain([fullFile, incremental], rules),
        /does not continue the previous file/,
      );
      for (const target of targets) {
        const clock = new ReplayClock();
        const restored = await target.empty(clock);
        await restoreChain(restored, [full2, incremental], rules, { clock });
        await assertSameLedger(
          original,
          restored,
          w.valid,
          [alice.publicKey, bob.publicKey],
          second.to_height,
        );
        // The incremental file alone cannot be restored.
        const alone = await target.empty();
        await assert.rejects(restoreChain(alone, [incremental], rules), /restore needs the full dump first/);
      }
    });

    /** Each damage, with the reason it must be refused for. */
    const damages: { name: string; damage: (text: string[]) => string[]; reason: RegExp }[] = [
      {
        name: 'one changed byte in a transaction',
        damage: (text) => {
          const i = text.findIndex((l) => l.includes('"type":"block"'));
          // The first block's first transaction's metadata tag: one character replaced.
          text[i] = text[i]!.replace('"tag":"first-0"', '"tag":"first-1"');
          return text;
        },
        reason: /line 2, height 0, block [0-9a-f]{64}: the block fails its check: InvalidBlockHash/,
      },
      {
        name: 'a removed block',
        damage: (text) => [...text.slice(0, 3), ...text.slice(4)],
        reason: /line 4, height 3, block [0-9a-f]{64}: height gap: expected block 2, found 3/,
      },
      {
        name: 'a forged vote',
        damage: (text) => {
          const line = JSON.parse(text[2]!) as { votes: unknown[]; block: { id: string } };
          const forger = persona(66);
          const forged = createVote(forger, {
            voting_for_block: line.block.id,
            previous_block: line.block.id,
            is_block_valid: true,
            invalid_reason: null,
            timestamp: '1',
          });
          line.votes = [{ ...forged, node_pubkey: node1.publicKey }];
          text[2] = JSON.stringify(line);
          return text;
        },
        reason: /line 3, height 1, block [0-9a-f]{64}: the vote of [1-9A-Za-z]+ has a bad signature/,
      },
      {
        name: 'a truncated tail',
        damage: (text) => text.slice(0, -1),
        reason: /truncated: the file ends without its trailer/,
      },
    ];
    for (const { name, damage, reason } of damages) {
      test(`a file with ${name} is refused with its reason and leaves the target empty`, async (t) => {
        if (skip) return t.skip('PostgreSQL is not reachable at 127.0.0.1:5432');
        const bad = nextFile();
        writeLines(bad, damage(lines(fullFile)));
        const refusal = await verifyChain([bad], rules).then(
          () => assert.fail('verified'),
          (err: unknown) => err,
        );
        assert.ok(refusal instanceof DumpRefusal, String(refusal));
        assert.match(refusal.message, reason);
        assert.ok(refusal.message.startsWith(bad));
        for (const target of targets) {
          const restored = await target.empty();
          await assert.rejects(restoreChain(restored, [bad], rules), reason);
          await restored.init();
          assert.equal(await restored.latestHeight(), null, `${target.backend} target left empty`);
          assert.deepEqual(await restored.getStatuses(w.valid.slice(0, 3).map((x) => x.id)), [
            null,
            null,
            null,
          ]);
        }
      });
    }

    test('compressed data cut short is refused as truncated', async (t) => {
      if (skip) return t.skip('PostgreSQL is not reachable at 127.0.0.1:5432');
      const bytes = readFileSync(fullFile);
      const cut = nextFile();
      writeFileSync(cut, bytes.subarray(0, Math.floor(bytes.length / 2)));
      await assert.rejects(verifyChain([cut], rules), /truncated or damaged|truncated: the file ends/);
    });
  });
}
