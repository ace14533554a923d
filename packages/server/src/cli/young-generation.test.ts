// The re-run with a larger young generation, with real processes: a small script calls it, so the
// child is that script again.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { bulkSemiSpaceMiB } from './young-generation.js';

const dir = mkdtempSync(join(tmpdir(), 'bdbts-young-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const script = join(dir, 'command.mjs');
writeFileSync(
  script,
  `import { rerunWithLargerYoungGeneration } from ${JSON.stringify(new URL('./young-generation.js', import.meta.url).href)};
const code = await rerunWithLargerYoungGeneration();
if (code !== null) {
  process.stdout.write('parent saw ' + code + '\\n');
  process.exit(code);
}
process.stdout.write('child ' + JSON.stringify(process.execArgv) + ' ' + process.argv.slice(2).join(' ') + '\\n');
process.exit(Number(process.argv[2]));
`,
);

test('the command runs again with a larger young generation; its arguments, output and exit code come through', () => {
  const r = spawnSync(process.execPath, [script, '3', 'more'], { encoding: 'utf8' });
  assert.equal(r.status, 3, r.stderr);
  assert.match(r.stdout, new RegExp(`^child \\[.*"--max-semi-space-size=${bulkSemiSpaceMiB}"\\] 3 more\\n`));
  assert.match(r.stdout, /parent saw 3\n$/);
});

test('a process that already has a young-generation setting runs the command itself', () => {
  const r = spawnSync(process.execPath, ['--max-semi-space-size=32', script, '0'], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stdout, 'child ["--max-semi-space-size=32"] 0\n');
});
