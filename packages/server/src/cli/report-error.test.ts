import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigError } from '../config/index.js';
import { CliError } from './cli-error.js';
import { reportError } from './report-error.js';

function report(error: unknown): string {
  let text = '';
  assert.equal(
    reportError(error, (t) => (text += t)),
    1,
  );
  return text;
}

test('expected errors are one line without a stack', () => {
  assert.equal(report(new ConfigError('x must be y')), 'bigchaindb: config error: x must be y\n');
  assert.equal(report(new CliError('refused')), 'bigchaindb: refused\n');
  const system = Object.assign(new Error("EACCES: permission denied, open '/x'"), {
    code: 'EACCES',
    syscall: 'open',
  });
  assert.equal(report(system), "bigchaindb: EACCES: permission denied, open '/x'\n");
  const refused = Object.assign(new AggregateError([new Error('connect ECONNREFUSED 127.0.0.1:5432')], ''), {
    code: 'ECONNREFUSED',
  });
  assert.equal(report(refused), 'bigchaindb: connect ECONNREFUSED 127.0.0.1:5432\n');
});

test('anything else is a bug and keeps its stack', () => {
  const text = report(new TypeError('oops'));
  assert.match(text, /^bigchaindb: unexpected error: TypeError: oops\n {4}at /);
});
