// Fixed vectors from the wire reference (§7.2, §7.4, §7.5) and the RFC crypto-conditions suite.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  conditionBinary,
  conditionFromDetails,
  conditionUriFromDetails,
  ed25519Details,
  fulfillmentFromSigned,
  parseConditionUri,
  parseFulfillment,
  preimageDetails,
  publicKeysOfDetails,
  signDetails,
  thresholdDetails,
} from './index.js';

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');
const fromHex = (text: string) => Buffer.from(text.replace(/\s+/g, ''), 'hex');
const at = { nowMs: 0 };

const alice = {
  privateKey: 'CfdqtD7sS7FgkMoGPXw55MVGGFwQLAoHYTcBhZDtF99Z',
  publicKey: '4K9sWUMFwTgaDGPfdynrbxWqWS6sWmKbZoTjxLtVUibD',
};
const bob = {
  privateKey: '3AeWpPdhEZzWLYfkfYHBfMFC2r1f8HEaGS9NtbbKssya',
  publicKey: '3yfQPHeWAa1MxTX9Zf9176QqcpcnWcanVZZbaHb8B3h9',
};

test('§7.4 condition URIs', () => {
  const ed = ed25519Details;
  const rows: [unknown, string][] = [
    [
      ed('HFp773FH21sPFrn4y8wX3Ddrkzhqy4La4cQLfePT2vz7'),
      'ni:///sha-256;at0MY6Ye8yvidsgL9FrnKmsVzX0XrNNXFmuAPF4bQeU?fpt=ed25519-sha-256&cost=131072',
    ],
    [
      thresholdDetails(2, [
        ed('5ycPMinRx7D7e6wYXLNLa3TCtQrMQfjkap4ih7JVJy3h'),
        ed('9RSas2uCxR5sx1rJoUgcd2PB3tBK7KXuCHbUMbnH3X1M'),
      ]),
      'ni:///sha-256;zr5oThl2kk6613WKGFDg-JGu00Fv88nXcDcp6Cyr0Vw?fpt=threshold-sha-256&cost=264192&subtypes=ed25519-sha-256',
    ],
    [
      thresholdDetails(1, [
        ed('5ycPMinRx7D7e6wYXLNLa3TCtQrMQfjkap4ih7JVJy3h'),
        ed('9RSas2uCxR5sx1rJoUgcd2PB3tBK7KXuCHbUMbnH3X1M'),
      ]),
      'ni:///sha-256;K_nKgXb6HVqV_JcSoBEk-SwOfGpx3fsMETBBt29wXYM?fpt=threshold-sha-256&cost=133120&subtypes=ed25519-sha-256',
    ],
    [
      ed('4zvwRjXUKGfvwnParsHAS3HuSVzV5cA4McphgmoCtajS'),
      'ni:///sha-256;uLdVX7FEjLWVDkAkfMAkEqPPwFqZj7qfiGE152t_x5c?fpt=ed25519-sha-256&cost=131072',
    ],
    [
      thresholdDetails(1, [
        ed('4zvwRjXUKGfvwnParsHAS3HuSVzV5cA4McphgmoCtajS'),
        ed('4zvwRjXUKGfvwnParsHAS3HuSVzV5cA4McphgmoCtajS'),
      ]),
      'ni:///sha-256;xTeBhQj7ae5Tym7cp83fwtkesQnhdwNwDEMIYwnf2g0?fpt=threshold-sha-256&cost=133120&subtypes=ed25519-sha-256',
    ],
    [
      preimageDetails(Buffer.from('secret')),
      'ni:///sha-256;K7gNU3sdo-OL0wNhqoVWhr3g6s1xYv72ol_pe_Unols?fpt=preimage-sha-256&cost=6',
    ],
    [
      ed('JEAkEJqLbbgDRAtMm8YAjGp759Aq2qTn9eaEHUj2XePE'),
      'ni:///sha-256;49C5UWNODwtcINxLgLc90bMCFqCymFYONGEmV4a0sG4?fpt=ed25519-sha-256&cost=131072',
    ],
    [
      thresholdDetails(2, [ed(alice.publicKey), ed(bob.publicKey)]),
      'ni:///sha-256;l54H4WnHsEY09w42XzThrjl_wjMsXLQr2XUTV0ws43M?fpt=threshold-sha-256&cost=264192&subtypes=ed25519-sha-256',
    ],
    [
      preimageDetails(new Uint8Array(0)),
      'ni:///sha-256;47DEQpj8HBSa-_TImW-5JCeuQeRkm5NMpJWZG3hSuFU?fpt=preimage-sha-256&cost=0',
    ],
  ];
  for (const [details, uri] of rows) {
    assert.equal(conditionUriFromDetails(details), uri);
    // The URI parses back to the same condition.
    assert.deepEqual(parseConditionUri(uri), conditionFromDetails(details));
  }
});

test('§7.4 binary form of the 2-of-2 condition', () => {
  const condition = conditionFromDetails(
    thresholdDetails(2, [ed25519Details(alice.publicKey), ed25519Details(bob.publicKey)]),
  );
  assert.equal(
    hex(conditionBinary(condition)),
    'a22b8020979e07e169c7b04634f70e365f34e1ae397fc2332c5cb42bd97513574c2ce373810304080082020308',
  );
});

test('§7.2 V1 Ed25519 fulfillment and condition', () => {
  const digest = fromHex('28b73bdcb02e34c72f3a83ce391e91c4220f7f7b36a20c578ac71626dc9e3672');
  const expected =
    'pGSAIDE5i63cn4X8T8N1sZ2mGkJD5lNRnBM4PZgI_zvzbr-cgUCy4BR6gKaYT-tdyAGPPpknIqI4JYQQ-p2nCg3_9BfOI-15vzldhyz-j_LZVpqAlRmbTzKS-Q5gs7ZIFaZCA_UD';
  const details = ed25519Details(alice.publicKey);
  assert.equal(fulfillmentFromSigned(signDetails(details, digest, [alice.privateKey])), expected);
  const parsed = parseFulfillment(expected);
  assert.equal(parsed.type, 'ed25519-sha-256');
  assert.ok(parsed.validate(digest, at));
  assert.ok(!parsed.validate(fromHex('00'.repeat(32)), at));
  assert.equal(
    hex(conditionBinary(parsed.condition())),
    'a4278020' + '3cd63077169168dc3ad0de8b0c5cce58ef7b6fcb497ab6a07336a42fc3eb00f7' + '8103020000',
  );
  assert.deepEqual(publicKeysOfDetails(details), [alice.publicKey]);
});

const v4bDigest = fromHex('0f94b7914c6c11cd6095cf7717fbca66d1857a8fe40d52e8847c75645b9e331c');
const v4b =
  'ooHRoIHMpGSAICw7Ul-c2lG6NFbHp3FbKRC7fivQcNGO7GS4wV3A-1QggUAQpRRGiaAUp5PYIYovYM59QE6QiZMgvlwvPf5-Q6rEz1PfoGJ3zl2cWuDATgccpOPdQZ2gRzhRJh6Ut8l8gRYJpGSAIDE5i63cn4X8T8N1sZ2mGkJD5lNRnBM4PZgI_zvzbr-cgUBwwfMfbafKOvUd80RButLLFG5j13os_icXs5A8ptCtlK31gmGVYfg0rQql09LWvrji4_7pRi_GaYVKKwEmvLMKoQA';

test('§7.5 V4b: 2-of-2 fulfillment signed in turns is byte-identical', () => {
  const details = thresholdDetails(2, [ed25519Details(alice.publicKey), ed25519Details(bob.publicKey)]);
  const byAlice = signDetails(details, v4bDigest, [alice.privateKey]);
  assert.throws(() => fulfillmentFromSigned(byAlice), { name: 'InvalidSignature' });
  const byBoth = signDetails(byAlice, v4bDigest, [bob.privateKey]);
  assert.equal(fulfillmentFromSigned(byBoth), v4b);
  assert.equal(
    fulfillmentFromSigned(signDetails(details, v4bDigest, [bob.privateKey, alice.privateKey])),
    v4b,
  );

  const parsed = parseFulfillment(v4b);
  assert.equal(parsed.serialize(), v4b);
  assert.ok(parsed.validate(v4bDigest, at));
  assert.equal(parsed.conditionUri(), conditionUriFromDetails(details));
  assert.equal(
    parsed.conditionUri(),
    'ni:///sha-256;l54H4WnHsEY09w42XzThrjl_wjMsXLQr2XUTV0ws43M?fpt=threshold-sha-256&cost=264192&subtypes=ed25519-sha-256',
  );
  // Layout: a2 81d1 | a0 81cc [Bob's fulfillment][Alice's fulfillment] | a1 00 (Bob's key 2c3b… sorts first).
  const bytes = Buffer.from(v4b, 'base64url');
  assert.equal(hex(bytes.subarray(0, 6)), 'a281d1a081cc');
  assert.equal(hex(bytes.subarray(6, 10)), 'a4648020');
  assert.equal(hex(bytes.subarray(10, 12)), '2c3b');
  assert.equal(hex(bytes.subarray(-2)), 'a100');
});

test('§7.5 V4c: 1-of-2 fulfillment layout and URI', () => {
  const details = thresholdDetails(1, [ed25519Details(alice.publicKey), ed25519Details(bob.publicKey)]);
  const text = fulfillmentFromSigned(signDetails(details, v4bDigest, [bob.privateKey]));
  const bytes = Buffer.from(text, 'base64url');
  const bobFulfillment = Buffer.from(
    fulfillmentFromSigned(signDetails(ed25519Details(bob.publicKey), v4bDigest, [bob.privateKey])),
    'base64url',
  );
  const aliceCondition = conditionBinary(conditionFromDetails(ed25519Details(alice.publicKey)));
  assert.equal(hex(bytes), 'a28193' + 'a066' + hex(bobFulfillment) + 'a129' + hex(aliceCondition));
  assert.equal(hex(aliceCondition).slice(0, 4), 'a427');
  const parsed = parseFulfillment(text);
  assert.ok(parsed.validate(v4bDigest, at));
  assert.equal(
    parsed.conditionUri(),
    'ni:///sha-256;-zBNp_ay1_q4qA6UJ6WmmD5fmx4FuQMu3fq_VTYvn60?fpt=threshold-sha-256&cost=133120&subtypes=ed25519-sha-256',
  );
  assert.equal(parsed.conditionUri(), conditionUriFromDetails(details));
});

test('RFC 0000: preimage of the empty string', () => {
  const parsed = parseFulfillment('oAKAAA');
  assert.equal(hex(Buffer.from(parsed.serialize(), 'base64url')), 'a0028000');
  assert.equal(
    parsed.conditionUri(),
    'ni:///sha-256;47DEQpj8HBSa-_TImW-5JCeuQeRkm5NMpJWZG3hSuFU?fpt=preimage-sha-256&cost=0',
  );
  assert.ok(parsed.validate(new Uint8Array(0), at));
});

test('RFC 0002: threshold 1 of [preimage ""]', () => {
  const text = fromHex('A208A004A0028000A100').toString('base64url');
  const parsed = parseFulfillment(text);
  assert.equal(parsed.serialize(), text);
  assert.equal(
    parsed.conditionUri(),
    'ni:///sha-256;tLhBNt9Ipx1z9JhcBMZ2eneOy2W6cCO0UGgjvu52Mbk?fpt=threshold-sha-256&cost=1024&subtypes=preimage-sha-256',
  );
  assert.equal(
    conditionUriFromDetails(thresholdDetails(1, [preimageDetails(new Uint8Array(0))])),
    parsed.conditionUri(),
  );
});

test('RFC 0004: Ed25519 with the empty message', () => {
  const text =
    'pGSAINdamAGCsQq31Uv-08lkBzoO4XLz2qYjJa8CGmj3B1EagUDlVkMAw2CscpCG4syAboKKhId_Hrjl2XTYc-BlIkkBVV-4ghWQozusxh45cBz5tGvSW_XwWVu-JGVRQUOOehAL';
  const parsed = parseFulfillment(text);
  assert.equal(parsed.serialize(), text);
  assert.ok(parsed.validate(new Uint8Array(0), at));
  assert.ok(!parsed.validate(Buffer.from('x'), at));
  assert.equal(hex(Buffer.from(text, 'base64url').subarray(4, 8)), 'd75a9801');
  assert.equal(
    parsed.conditionUri(),
    'ni:///sha-256;eZI5q6j8T_fqv7xMROaei9_tmTMk4S7WR5Kr4onPHV8?fpt=ed25519-sha-256&cost=131072',
  );
});

test('publicKeysOfDetails: unique keys in order of first appearance', () => {
  const details = thresholdDetails(1, [
    ed25519Details(bob.publicKey),
    thresholdDetails(2, [ed25519Details(alice.publicKey), ed25519Details(bob.publicKey)]),
    ed25519Details(alice.publicKey),
  ]);
  assert.deepEqual(publicKeysOfDetails(details), [bob.publicKey, alice.publicKey]);
});
