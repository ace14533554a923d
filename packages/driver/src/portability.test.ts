// The driver's own modules must run in browsers as well as in Node 20: they may use only fetch,
// AbortController, URL, setTimeout and WebSocket, so none of them may import a node: module or any
// package but the core. (The core itself still uses node:crypto; see the README.)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

test('no driver module imports node: built-ins or packages other than the core', () => {
  const dir = fileURLToPath(new URL('.', import.meta.url));
  const modules = readdirSync(dir).filter((f) => f.endsWith('.js') && !f.endsWith('.test.js'));
  assert.ok(modules.includes('connection.js'));
  for (const file of modules) {
    const code = readFileSync(new URL(file, import.meta.url), 'utf8');
    // Static imports and re-exports (compiled output puts each on its own lines), and dynamic
    // imports of literal specifiers.
    const specifiers = [
      ...code.matchAll(/^(?:import|export)\b[^;]*?\bfrom\s*['"]([^'"]+)['"]/gm),
      ...code.matchAll(/^import\s*['"]([^'"]+)['"]/gm),
      ...code.matchAll(/\bimport\(\s*['"]([^'"]+)['"]/g),
    ].map((m) => m[1]!);
    // The patterns do find imports (else this test would pass vacuously).
    if (file === 'connection.js') assert.ok(specifiers.includes('./errors.js'), specifiers.join());
    for (const s of specifiers) {
      assert.ok(s.startsWith('./') || s === '@bigchaindb-ts/core', `${file} imports ${s}`);
    }
    assert.doesNotMatch(code, /\brequire\(|\bBuffer\b|\bprocess\./, file);
  }
});
