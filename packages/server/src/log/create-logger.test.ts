import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigError } from '../config/index.js';
import { createLogger } from './create-logger.js';

function capture(options: Parameters<typeof createLogger>[0]) {
  const lines: string[] = [];
  const logger = createLogger({ ...options, write: (line) => lines.push(line) });
  return { logger, lines };
}

test('text is the default format: one readable line per record', () => {
  const { logger, lines } = capture({ name: 'block', env: {} });
  logger.info({ height: 3 }, 'wrote block');
  assert.equal(lines.length, 1);
  assert.match(lines[0]!, /^\d{4}-\d\d-\d\dT[\d:.]+Z INFO {2}block: wrote block height=3\n$/);
});

test('BIGCHAINDB_LOG_FORMAT=json writes pino JSON with level names', () => {
  const { logger, lines } = capture({ env: { BIGCHAINDB_LOG_FORMAT: 'json' } });
  logger.warn({ a: 1 }, 'hello');
  const record = JSON.parse(lines[0]!);
  assert.equal(record.level, 'warn');
  assert.equal(record.msg, 'hello');
  assert.equal(record.a, 1);
});

test('BIGCHAINDB_LOG_LEVEL sets the level, info by default', () => {
  const quiet = capture({ env: {} });
  quiet.logger.debug('not shown');
  assert.equal(quiet.lines.length, 0);
  const verbose = capture({ env: { BIGCHAINDB_LOG_LEVEL: 'debug' } });
  verbose.logger.debug('shown');
  assert.equal(verbose.lines.length, 1);
  const option = capture({ env: { BIGCHAINDB_LOG_LEVEL: 'debug' }, level: 'error' });
  option.logger.warn('the option wins over the environment');
  assert.equal(option.lines.length, 0);
});

test('bad logging variables are one-line ConfigErrors', () => {
  assert.throws(
    () => createLogger({ env: { BIGCHAINDB_LOG_LEVEL: 'loud' } }),
    (error: unknown) =>
      error instanceof ConfigError &&
      error.message ===
        'config error: BIGCHAINDB_LOG_LEVEL must be one of "trace", "debug", "info", "warn", "error", "fatal", "silent", got "loud"',
  );
  assert.throws(
    () => createLogger({ env: { BIGCHAINDB_LOG_FORMAT: 'xml' } }),
    /BIGCHAINDB_LOG_FORMAT must be one of/,
  );
});
