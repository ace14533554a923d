// The library must run in browsers as well as in Node 20: none of its modules may import a node:
// module or any package but the core, the driver and @noble/hashes (pure JavaScript: the legacy
// address's MD5 and RIPEMD-160; the core picks its own hashes by the `browser` condition, so
// `fileHash` is @noble's SHA-256 there), nor use Buffer or process.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

function modules(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory()
      ? modules(join(dir, e.name))
      : e.name.endsWith('.js') && !e.name.endsWith('.test.js')
        ? [join(dir, e.name)]
        : [],
  );
}

test('no module of the library imports node: built-ins or packages other than the core, the driver and @noble/hashes', () => {
  const root = fileURLToPath(new URL('.', import.meta.url));
  const files = modules(root);
  assert.ok(files.some((f) => f.endsWith('spool-client.js')));
  for (const file of files) {
    const code = readFileSync(file, 'utf8');
    const specifiers = [
      ...code.matchAll(/^(?:import|export)\b[^;]*?\bfrom\s*['"]([^'"]+)['"]/gm),
      ...code.matchAll(/^import\s*['"]([^'"]+)['"]/gm),
      ...code.matchAll(/\bimport\(\s*['"]([^'"]+)['"]/g),
    ].map((m) => m[1]!);
    if (file.endsWith('spool-client.js'))
      assert.ok(specifiers.includes('@bigchaindb-ts/driver'), specifiers.join());
    for (const s of specifiers)
      assert.ok(
        s.startsWith('./') ||
          s.startsWith('../') ||
          s === '@bigchaindb-ts/core' ||
          s === '@bigchaindb-ts/driver' ||
          s.startsWith('@noble/hashes/'),
        `${relative(root, file)} imports ${s}`,
      );
    assert.doesNotMatch(code, /\brequire\(|\bBuffer\b|\bprocess\./, file);
  }
});
