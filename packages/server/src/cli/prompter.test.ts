import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { createPrompter } from './prompter.js';

function pipes(text: string) {
  const input = new PassThrough();
  const output = new PassThrough();
  let shown = '';
  output.on('data', (chunk: Buffer) => (shown += chunk.toString()));
  input.end(text);
  return { prompter: createPrompter(input, output), shown: () => shown };
}

test('piped answers arriving at once are each given to their own question', async () => {
  const { prompter, shown } = pipes('first\n\n  third  \n');
  assert.equal(await prompter.ask('One', 'a'), 'first');
  assert.equal(await prompter.ask('Two', 'b'), 'b');
  assert.equal(await prompter.ask('Three', ''), 'third');
  // The end of input keeps the default.
  assert.equal(await prompter.ask('Four', 'd'), 'd');
  prompter.close();
  assert.equal(shown(), 'One [a]: \nTwo [b]: \nThree: \nFour [d]: \n');
});

test('confirm is yes only for y or yes; the end of input is no', async () => {
  const { prompter } = pipes('Y\nyes\nn\nsure\n');
  assert.equal(await prompter.confirm('?'), true);
  assert.equal(await prompter.confirm('?'), true);
  assert.equal(await prompter.confirm('?'), false);
  assert.equal(await prompter.confirm('?'), false);
  assert.equal(await prompter.confirm('?'), false);
  prompter.close();
});
