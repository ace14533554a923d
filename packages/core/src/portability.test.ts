// The core must run in browsers as well as in Node (issue 4): the driver re-exports it. So no core
// module may import a node: built-in or a package it does not declare, nor use Buffer, process or
// require, except the Node crypto backend, which package.json's `imports` select only outside
// browsers. Test files and the test-*.js helpers they share run under Node only and are skipped.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const dist = fileURLToPath(new URL('.', import.meta.url));
const manifest = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
  dependencies: Record<string, string>;
  imports: Record<string, Record<string, string>>;
};

function modules(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return modules(path);
    return entry.name.endsWith('.js') ? [relative(dist, path)] : [];
  });
}

const nodeBackend = 'crypto/backend-node.js';
const browserBackend = 'crypto/backend-browser.js';

test('the crypto backend is chosen by the "browser" condition', () => {
  assert.deepEqual(manifest.imports['#crypto-backend'], {
    types: `./dist/${nodeBackend.replace(/\.js$/, '.d.ts')}`,
    browser: `./dist/${browserBackend}`,
    default: `./dist/${nodeBackend}`,
  });
});

test('no core module but the Node backend imports node: built-ins or undeclared packages, or uses Buffer', () => {
  const all = modules(dist);
  assert.ok(all.includes(nodeBackend) && all.includes(browserBackend) && all.includes('index.js'));
  const portable = all.filter(
    (file) => file !== nodeBackend && !file.endsWith('.test.js') && !/(^|\/)test-[^/]*\.js$/.test(file),
  );
  const packages = Object.keys(manifest.dependencies);
  for (const file of portable) {
    const code = readFileSync(join(dist, file), 'utf8');
    // Static imports and re-exports (compiled output puts each on its own lines), and dynamic
    // imports of literal specifiers.
    const specifiers = [
      ...code.matchAll(/^(?:import|export)\b[^;]*?\bfrom\s*['"]([^'"]+)['"]/gm),
      ...code.matchAll(/^import\s*['"]([^'"]+)['"]/gm),
      ...code.matchAll(/\bimport\(\s*['"]([^'"]+)['"]/g),
    ].map((m) => m[1]!);
    // The patterns do find imports (else this test would pass vacuously).
    if (file === browserBackend) assert.ok(specifiers.includes('@noble/ed25519'), specifiers.join());
    if (file === 'crypto/ed25519.js') assert.ok(specifiers.includes('#crypto-backend'), specifiers.join());
    for (const s of specifiers) {
      const relativeOk = s.startsWith('./') || s.startsWith('../');
      const packageOk = packages.some((p) => s === p || s.startsWith(`${p}/`));
      assert.ok(relativeOk || packageOk || s === '#crypto-backend', `${file} imports ${s}`);
      // Only the `imports` map may choose a backend.
      assert.ok(!/backend-(node|browser)\.js$/.test(s), `${file} imports ${s} directly`);
    }
    assert.doesNotMatch(code, /\brequire\(|\bBuffer\b|\bprocess\./, file);
  }
});
