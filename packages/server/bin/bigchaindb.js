#!/usr/bin/env node
// The `bigchaindb` command. The CLI itself is compiled TypeScript; this shim exists so that the
// bin link npm creates at install time always points at a file, even before the first build.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const main = new URL('../dist/cli/main.js', import.meta.url);
if (!existsSync(fileURLToPath(main))) {
  process.stderr.write(
    'bigchaindb: the server is not built yet; run `npm run build` at the repository root\n',
  );
  process.exit(1);
}
await import(main.href);
