#!/usr/bin/env node
// Builds the explorer into static files: dist/public/index.html and dist/public/static/ (one
// script and one stylesheet, named by their content hash so they can be cached for good).
// Part of the root build (`npm run build`, which `npm install` runs through `prepare`).
// Fails when the shipped script is over its budget (200 KB gzip, issue 15).
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import { gzipSync } from 'node:zlib';
import * as esbuild from 'esbuild';

const root = new URL('..', import.meta.url).pathname;
const out = `${root}dist/public`;
const budgetGzipBytes = 200 * 1024;

rmSync(out, { recursive: true, force: true });
mkdirSync(`${out}/static`, { recursive: true });

const result = await esbuild.build({
  entryPoints: { app: `${root}src/app/main.tsx` },
  bundle: true,
  minify: true,
  sourcemap: 'linked',
  format: 'esm',
  platform: 'browser',
  // The core's crypto backend has a browser build (@noble, no node:crypto).
  conditions: ['browser'],
  target: ['es2022'],
  jsx: 'automatic',
  jsxImportSource: 'preact',
  entryNames: '[name]-[hash]',
  outdir: `${out}/static`,
  metafile: true,
  legalComments: 'linked',
  logLevel: 'warning',
});

const outputs = Object.keys(result.metafile.outputs).map((p) => basename(p));
const script = outputs.find((f) => f.endsWith('.js'));
const style = outputs.find((f) => f.endsWith('.css'));
if (script === undefined || style === undefined)
  throw new Error(`bundle: missing outputs in ${outputs.join(', ')}`);

const html = readFileSync(`${root}src/index.html`, 'utf8')
  .replace('%SCRIPT%', `/explorer/static/${script}`)
  .replace('%STYLE%', `/explorer/static/${style}`);
writeFileSync(`${out}/index.html`, html);

const gz = gzipSync(readFileSync(`${out}/static/${script}`), { level: 9 }).length;
const css = gzipSync(readFileSync(`${out}/static/${style}`), { level: 9 }).length;
console.log(
  `explorer: ${script} ${(gz / 1024).toFixed(1)} KB gzip, ${style} ${(css / 1024).toFixed(1)} KB gzip`,
);
if (gz > budgetGzipBytes) {
  console.error(`explorer: the script is over its budget of ${budgetGzipBytes / 1024} KB gzip`);
  process.exit(1);
}
