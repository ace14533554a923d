import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatLogLine } from './format-log-line.js';

const time = '2025-01-02T03:04:05.678Z';

test('standard fields lead, the rest follow as key=value, quoted only when needed', () => {
  const line = formatLogLine(
    JSON.stringify({
      level: 'info',
      time,
      pid: 1,
      hostname: 'h',
      name: 'http',
      msg: 'listening',
      url: 'http://x:1/',
      note: 'two words',
      n: 2,
      o: { a: 1 },
    }),
  );
  assert.equal(line, `${time} INFO  http: listening url=http://x:1/ note="two words" n=2 o={"a":1}\n`);
});

test('numeric times are shown as ISO', () => {
  assert.equal(
    formatLogLine(JSON.stringify({ level: 'warn', time: 0, msg: 'm' })),
    '1970-01-01T00:00:00.000Z WARN  m\n',
  );
});

test('errors: the message inline, the stack below only for error and fatal', () => {
  const err = { type: 'Error', message: 'boom', stack: 'Error: boom\n    at f (x.js:1:1)' };
  assert.equal(
    formatLogLine(JSON.stringify({ level: 'warn', time, msg: 'retry', err })),
    `${time} WARN  retry err=boom\n`,
  );
  assert.equal(
    formatLogLine(JSON.stringify({ level: 'error', time, msg: 'failed', err })),
    `${time} ERROR failed err=boom\n    Error: boom\n        at f (x.js:1:1)\n`,
  );
});

test('a line that is not JSON passes through', () => {
  assert.equal(formatLogLine('plain'), 'plain\n');
});
