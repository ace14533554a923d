// `--help` for every bench script: prints the script's header comment (its usage) and exits.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** Call first thing with the script's `import.meta.url`. */
export function helpIfAsked(scriptUrl) {
  if (!process.argv.includes('--help') && !process.argv.includes('-h')) return;
  const lines = readFileSync(fileURLToPath(scriptUrl), 'utf8').split('\n');
  const start = lines[0]?.startsWith('#!') ? 1 : 0;
  const end = lines.findIndex((line, i) => i >= start && !line.startsWith('//'));
  console.log(
    lines
      .slice(start, end)
      .map((line) => line.replace(/^\/\/ ?/, ''))
      .join('\n'),
  );
  process.exit(0);
}
