// Table-driven hostile inputs: each must be refused with the right ValidationError, quickly and
// without exhausting the stack.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { defaultLimits } from '../constants.js';
import { isValidationError, type ValidationErrorCode } from '../errors/index.js';
import { base58Encode, keypairFromSeed } from '../crypto/index.js';
import { tlv } from './der.js';
import {
  conditionFromBinary,
  conditionFromDetails,
  ed25519Details,
  fulfillmentFromSigned,
  parseConditionUri,
  parseFulfillment,
  preimageDetails,
  thresholdDetails,
  timeoutDetails,
} from './index.js';

const fromHex = (text: string) => Buffer.from(text, 'hex');
const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64url');
const key = keypairFromSeed(Buffer.alloc(32, 7)).publicKey;
const ed = () => ed25519Details(key);
const preimageEmpty = fromHex('a0028000');

function refusedWith(code: ValidationErrorCode, f: () => unknown, label: string): void {
  const started = performance.now();
  try {
    f();
  } catch (err) {
    assert.ok(isValidationError(err), `${label}: threw a non-ValidationError: ${String(err)}`);
    assert.equal(err.code, code, `${label}: ${err.message}`);
    assert.ok(performance.now() - started < 500, `${label}: too slow`);
    return;
  }
  assert.fail(`${label}: accepted`);
}

/** `levels` thresholds, each holding the next as its only subfulfillment, around an empty preimage. */
function nestedThresholdDer(levels: number): Uint8Array {
  let inner: Uint8Array = preimageEmpty;
  for (let i = 0; i < levels; i++) inner = tlv(0xa2, Buffer.concat([tlv(0xa0, inner), fromHex('a100')]));
  return inner;
}

/** `levels` inverted thresholds (threshold 1) around a timeout. */
function nestedInvertedDer(levels: number): Uint8Array {
  let inner: Uint8Array = fromHex('be03800100');
  for (let i = 0; i < levels; i++) inner = tlv(0xbd, Buffer.concat([fromHex('800101'), tlv(0xa1, inner)]));
  return inner;
}

/** A 1-of-n threshold fulfillment with n-1 empty-preimage subconditions. */
function wideThresholdDer(n: number): Uint8Array {
  const emptyPreimageCondition = fromHex(
    'a0258020e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855810100',
  );
  return tlv(
    0xa2,
    Buffer.concat([
      tlv(0xa0, preimageEmpty),
      tlv(0xa1, Buffer.concat(Array(n - 1).fill(emptyPreimageCondition))),
    ]),
  );
}

/** A 1-of-3 threshold fulfillment whose two bare subconditions each claim a cost of 2^53 - 1. */
function costOverflowDer(): Uint8Array {
  const costly = (fill: number) =>
    tlv(0xa0, Buffer.concat([tlv(0x80, Buffer.alloc(32, fill)), tlv(0x81, fromHex('1fffffffffffff'))]));
  return tlv(
    0xa2,
    Buffer.concat([tlv(0xa0, preimageEmpty), tlv(0xa1, Buffer.concat([costly(1), costly(2)]))]),
  );
}

const v4b =
  'ooHRoIHMpGSAICw7Ul-c2lG6NFbHp3FbKRC7fivQcNGO7GS4wV3A-1QggUAQpRRGiaAUp5PYIYovYM59QE6QiZMgvlwvPf5-Q6rEz1PfoGJ3zl2cWuDATgccpOPdQZ2gRzhRJh6Ut8l8gRYJpGSAIDE5i63cn4X8T8N1sZ2mGkJD5lNRnBM4PZgI_zvzbr-cgUBwwfMfbafKOvUd80RButLLFG5j13os_icXs5A8ptCtlK31gmGVYfg0rQql09LWvrji4_7pRi_GaYVKKwEmvLMKoQA';
const v4bBytes = Buffer.from(v4b, 'base64url');

test('the nesting helpers build fulfillments that parse when shallow enough', () => {
  assert.equal(
    parseFulfillment(b64(nestedThresholdDer(defaultLimits.conditionDepthMax))).type,
    'threshold-sha-256',
  );
  assert.equal(
    parseFulfillment(b64(nestedInvertedDer(defaultLimits.conditionDepthMax))).type,
    'inverted-threshold-sha-256',
  );
  assert.equal(
    parseFulfillment(b64(wideThresholdDer(defaultLimits.conditionSubconditionsMax))).type,
    'threshold-sha-256',
  );
});

test('hostile fulfillments', () => {
  const swapped = Buffer.concat([
    v4bBytes.subarray(0, 6),
    v4bBytes.subarray(6 + 102, 6 + 204),
    v4bBytes.subarray(6, 6 + 102),
    v4bBytes.subarray(6 + 204),
  ]);
  const cases: [string, ValidationErrorCode, string][] = [
    ['1000 levels of threshold nesting', 'ThresholdTooDeep', b64(nestedThresholdDer(1000))],
    ['1000 levels of inverted nesting', 'ThresholdTooDeep', b64(nestedInvertedDer(1000))],
    ['one level too deep', 'ThresholdTooDeep', b64(nestedThresholdDer(defaultLimits.conditionDepthMax + 1))],
    ['3000 levels (over the size limit)', 'ConditionTooComplex', b64(nestedThresholdDer(3000))],
    [
      'too many subconditions',
      'ConditionTooComplex',
      b64(wideThresholdDer(defaultLimits.conditionSubconditionsMax + 1)),
    ],
    ['text over the size limit', 'ConditionTooComplex', 'A'.repeat(30000)],
    ['preimage over the size limit', 'ConditionTooComplex', b64(tlv(0xa0, tlv(0x80, new Uint8Array(1025))))],
    ['huge length', 'InvalidSignature', b64(fromHex('a084ffffffff8000'))],
    ['length field of 5 bytes', 'InvalidSignature', b64(fromHex('a0850000000002' + '8000'))],
    ['indefinite length', 'InvalidSignature', b64(fromHex('a08080000000'))],
    ['non-minimal length', 'InvalidSignature', b64(fromHex('a081028000'))],
    ['truncated', 'InvalidSignature', b64(v4bBytes.subarray(0, 100))],
    ['truncated by one byte', 'InvalidSignature', b64(v4bBytes.subarray(0, v4bBytes.length - 1))],
    ['trailing byte', 'InvalidSignature', b64(Buffer.concat([preimageEmpty, fromHex('00')]))],
    ['trailing bytes inside', 'InvalidSignature', b64(fromHex('a00380000000'))],
    ['unsorted SET OF', 'InvalidSignature', b64(swapped)],
    ['empty input', 'InvalidSignature', ''],
    ['padding', 'InvalidSignature', 'oAKAAA=='],
    ['standard alphabet', 'InvalidSignature', v4b.replace(/-/g, '+')],
    ['non-zero trailing bits', 'InvalidSignature', 'oAKAAB'],
    ['whitespace', 'InvalidSignature', ' oAKAAA'],
    ['prefix type (1)', 'InvalidSignature', b64(fromHex('a1028000'))],
    ['rsa type (3)', 'InvalidSignature', b64(fromHex('a3028000'))],
    ['unknown type 5', 'InvalidSignature', b64(fromHex('a5028000'))],
    ['universal SEQUENCE at the top', 'InvalidSignature', b64(fromHex('30028000'))],
    ['multi-byte tag', 'InvalidSignature', b64(fromHex('bf1f028000'))],
    [
      'short Ed25519 key',
      'InvalidSignature',
      b64(tlv(0xa4, Buffer.concat([tlv(0x80, new Uint8Array(31)), tlv(0x81, new Uint8Array(64))]))),
    ],
    ['threshold with no subfulfillment', 'InvalidSignature', b64(fromHex('a204a000a100'))],
    ['threshold without its subconditions set', 'InvalidSignature', b64(fromHex('a206a004a0028000'))],
    ['negative expiry', 'InvalidSignature', b64(fromHex('be038001ff'))],
    ['non-minimal expiry', 'InvalidSignature', b64(fromHex('be0480020001'))],
    ['expiry past the time range', 'InvalidSignature', b64(fromHex('be0980071fffffffffffff'))],
    ['inverted threshold 0', 'InvalidSignature', b64(fromHex('bd0a800100a105be03800100'))],
    ['inverted threshold above its children', 'InvalidSignature', b64(fromHex('bd0a800102a105be03800100'))],
    [
      'inverted threshold over a signature',
      'InvalidSignature',
      b64(tlv(0xbd, Buffer.concat([fromHex('800101'), tlv(0xa1, v4bBytes.subarray(6, 108))]))),
    ],
    ['inverted threshold over a preimage', 'InvalidSignature', b64(fromHex('bd09800101a104a0028000'))],
    [
      'complete-form threshold outside an inverted one',
      'InvalidSignature',
      b64(fromHex('a20a800101a105be03800100')),
    ],
    ['subcondition costs summing past 2^53', 'ConditionTooComplex', b64(costOverflowDer())],
    [
      'ordinary threshold inside an inverted one',
      'InvalidSignature',
      b64(tlv(0xbd, Buffer.concat([fromHex('800101'), tlv(0xa1, fromHex('a209a005be03800100a100'))]))),
    ],
  ];
  for (const [label, code, text] of cases) refusedWith(code, () => parseFulfillment(text), label);
});

test('hostile condition URIs', () => {
  const fp = 'at0MY6Ye8yvidsgL9FrnKmsVzX0XrNNXFmuAPF4bQeU';
  const cases: [string, string][] = [
    ['parameter order', `ni:///sha-256;${fp}?cost=131072&fpt=ed25519-sha-256`],
    ['wrong Ed25519 cost', `ni:///sha-256;${fp}?fpt=ed25519-sha-256&cost=5`],
    ['leading zero in cost', `ni:///sha-256;${fp}?fpt=preimage-sha-256&cost=06`],
    ['cost beyond 2^53', `ni:///sha-256;${fp}?fpt=preimage-sha-256&cost=9007199254740993`],
    [
      'subtypes on a simple type',
      `ni:///sha-256;${fp}?fpt=ed25519-sha-256&cost=131072&subtypes=ed25519-sha-256`,
    ],
    ['missing subtypes', `ni:///sha-256;${fp}?fpt=threshold-sha-256&cost=1024`],
    [
      'unsorted subtypes',
      `ni:///sha-256;${fp}?fpt=threshold-sha-256&cost=1024&subtypes=preimage-sha-256,ed25519-sha-256`,
    ],
    [
      'duplicate subtypes',
      `ni:///sha-256;${fp}?fpt=threshold-sha-256&cost=1024&subtypes=ed25519-sha-256,ed25519-sha-256`,
    ],
    ['own type as subtype', `ni:///sha-256;${fp}?fpt=threshold-sha-256&cost=1024&subtypes=threshold-sha-256`],
    [
      'inverted over a signature',
      `ni:///sha-256;${fp}?fpt=inverted-threshold-sha-256&cost=1024&subtypes=ed25519-sha-256,timeout-sha-256`,
    ],
    [
      'inverted without a timeout',
      `ni:///sha-256;${fp}?fpt=inverted-threshold-sha-256&cost=1024&subtypes=threshold-sha-256`,
    ],
    ['unknown type', `ni:///sha-256;${fp}?fpt=prefix-sha-256&cost=1024&subtypes=ed25519-sha-256`],
    ['short fingerprint', `ni:///sha-256;${fp.slice(1)}?fpt=ed25519-sha-256&cost=131072`],
    ['non-canonical fingerprint', `ni:///sha-256;${fp.slice(0, -1)}V?fpt=ed25519-sha-256&cost=131072`],
    ['other hash', `ni:///sha-512;${fp}?fpt=ed25519-sha-256&cost=131072`],
    ['trailing text', `ni:///sha-256;${fp}?fpt=ed25519-sha-256&cost=131072&x=1`],
  ];
  for (const [label, uri] of cases) refusedWith('InvalidCondition', () => parseConditionUri(uri), label);
  const zeros = '00'.repeat(32);
  const binaries: [string, string][] = [
    ['trailing byte', 'a4278020' + zeros + '810302000000'],
    ['non-minimal cost', 'a4288020' + zeros + '810400020000'],
    ['short fingerprint', 'a426801f' + zeros.slice(2) + '8103020000'],
    ['bit set past the last type', 'a22a8020' + zeros + '81020400' + '82020309'],
    ['trailing zero byte in subtypes', 'a22b8020' + zeros + '81020400' + '8203030800'],
    ['no subtypes on a threshold', 'a2268020' + zeros + '81020400'],
    ['subtypes on Ed25519', 'a42b8020' + zeros + '8103020000' + '82020308'],
    ['prefix subtype', 'a22a8020' + zeros + '81020400' + '82020640'],
  ];
  for (const [label, bytes] of binaries)
    refusedWith('InvalidCondition', () => conditionFromBinary(fromHex(bytes)), label);
});

test('hostile details', () => {
  const cyclic: { type: string; threshold: number; subconditions: unknown[] } = {
    type: 'threshold-sha-256',
    threshold: 1,
    subconditions: [],
  };
  cyclic.subconditions.push(cyclic);
  const indirect: { type: string; threshold: number; subconditions: unknown[] } = {
    type: 'threshold-sha-256',
    threshold: 1,
    subconditions: [],
  };
  indirect.subconditions.push({ type: 'threshold-sha-256', threshold: 1, subconditions: [indirect] });
  // Sharing one object at every level makes a tree of 2^40 leaves from 40 objects.
  let exponential: unknown = ed();
  for (let i = 0; i < 40; i++)
    exponential = { type: 'threshold-sha-256', threshold: 2, subconditions: [exponential, exponential] };
  let wide: unknown = ed();
  for (let i = 0; i < 8; i++) wide = { type: 'threshold-sha-256', threshold: 2, subconditions: [wide, wide] };
  let deep: unknown = ed();
  for (let i = 0; i < 1000; i++) deep = { type: 'threshold-sha-256', threshold: 1, subconditions: [deep] };
  const withGetter = {
    type: 'ed25519-sha-256',
    get public_key() {
      return key;
    },
  };
  const holey: unknown[] = Array(3);
  holey[0] = ed();
  holey[2] = ed();
  const sparse = { type: 'threshold-sha-256', threshold: 1, subconditions: holey };
  const huge = { type: 'threshold-sha-256', threshold: 1, subconditions: new Array(1e9) };
  const t = (threshold: unknown, subconditions: unknown) => ({
    type: 'threshold-sha-256',
    threshold,
    subconditions,
  });
  const cases: [string, ValidationErrorCode, unknown][] = [
    ['self-cycle', 'ThresholdTooDeep', cyclic],
    ['indirect cycle', 'ThresholdTooDeep', indirect],
    ['shared objects, 2^40 leaves', 'ThresholdTooDeep', exponential],
    ['shared objects, 2^8 leaves', 'ConditionTooComplex', wide],
    ['1000 levels', 'ThresholdTooDeep', deep],
    ['array length 1e9', 'ConditionTooComplex', huge],
    ['65 subconditions', 'ConditionTooComplex', t(1, Array(65).fill(ed()))],
    ['threshold above subconditions', 'InvalidCondition', t(3, [ed(), ed()])],
    ['threshold 0', 'InvalidCondition', t(0, [ed()])],
    ['threshold 1.5', 'InvalidCondition', t(1.5, [ed(), ed()])],
    ['threshold as string', 'InvalidCondition', t('1', [ed()])],
    ['no subconditions', 'InvalidCondition', t(1, [])],
    ['subconditions not an array', 'InvalidCondition', t(1, { 0: ed(), length: 1 })],
    ['sparse array', 'InvalidCondition', sparse],
    ['accessor property', 'InvalidCondition', withGetter],
    ['null', 'InvalidCondition', null],
    ['array', 'InvalidCondition', [ed()]],
    ['unknown type', 'InvalidCondition', { type: 'prefix-sha-256' }],
    ['extra key', 'InvalidCondition', { ...ed(), weight: 1 }],
    ['signature in plain details', 'InvalidCondition', { ...ed(), signature: 'x' }],
    ['bad public key', 'InvalidCondition', { type: 'ed25519-sha-256', public_key: '0OIl' }],
    ['31-byte public key', 'InvalidCondition', ed25519Of(31)],
    [
      'preimage fingerprint too short',
      'InvalidCondition',
      { ...preimageDetails(Buffer.from('x')), fingerprint: 'AAAA' },
    ],
    ['negative preimage cost', 'InvalidCondition', { ...preimageDetails(Buffer.from('x')), cost: -1 }],
    [
      'preimage cost over the limit',
      'ConditionTooComplex',
      { ...preimageDetails(Buffer.from('x')), cost: 1025 },
    ],
    ['expiry without decimals', 'InvalidCondition', { type: 'timeout-sha-256', expire_time: '1464242352' }],
    [
      'expiry with 4 decimals',
      'InvalidCondition',
      { type: 'timeout-sha-256', expire_time: '1464242352.2270' },
    ],
    [
      'expiry with 6 decimals (the seed’s form)',
      'InvalidCondition',
      { type: 'timeout-sha-256', expire_time: '1464242352.227917' },
    ],
    ['expiry with a leading zero', 'InvalidCondition', { type: 'timeout-sha-256', expire_time: '01.000' }],
    ['negative expiry', 'InvalidCondition', { type: 'timeout-sha-256', expire_time: '-1.000' }],
    ['expiry as number', 'InvalidCondition', { type: 'timeout-sha-256', expire_time: 1464242352.227 }],
    [
      'expiry past the time range',
      'InvalidCondition',
      { type: 'timeout-sha-256', expire_time: '8640000000000.001' },
    ],
    [
      'NOT(signature)',
      'InvalidCondition',
      { type: 'inverted-threshold-sha-256', threshold: 1, subconditions: [ed()] },
    ],
    [
      'NOT(threshold with a signature)',
      'InvalidCondition',
      { type: 'inverted-threshold-sha-256', threshold: 1, subconditions: [t(1, [timeoutDetails(0), ed()])] },
    ],
  ];
  for (const [label, code, details] of cases) refusedWith(code, () => conditionFromDetails(details), label);
});

function ed25519Of(bytes: number) {
  return { type: 'ed25519-sha-256', public_key: base58Encode(Buffer.alloc(bytes, 1)) };
}

test('signed details with bad secrets are refused', () => {
  const cases: [string, unknown][] = [
    ['short signature', { ...ed(), signature: 'AAAA' }],
    ['signature as number', { ...ed(), signature: 1 }],
    ['wrong preimage', { ...preimageDetails(Buffer.from('secret')), preimage: b64(Buffer.from('secreT')) }],
    ['padded preimage', { ...preimageDetails(Buffer.from('secret')), preimage: 'c2VjcmV0' + '==' }],
  ];
  for (const [label, signed] of cases)
    refusedWith('InvalidSignature', () => fulfillmentFromSigned(signed as never), label);
  refusedWith(
    'InvalidSignature',
    () => fulfillmentFromSigned(thresholdDetails(1, [ed(), ed()])),
    'nothing signed',
  );
});
