/**
 * Test support (imported only by *.test.ts): random condition trees for property tests. A tree
 * refers to keys and preimages from small fixed pools, so the same tree can be built both here and
 * with the crypto-conditions package, and "who signs" is a set of pool indices.
 */
import fc from 'fast-check';
import { keypairFromSeed, type Keypair } from '../crypto/index.js';
import type { ConditionDetails } from '../transaction/index.js';
import {
  addPreimage,
  ed25519Details,
  invertedThresholdDetails,
  preimageDetails,
  signDetails,
  thresholdDetails,
  timeoutDetails,
  type SignedDetails,
} from './index.js';

export const keyPool: readonly Keypair[] = [1, 2, 3, 4].map((i) => keypairFromSeed(Buffer.alloc(32, i)));
export const preimagePool: readonly Uint8Array[] = [
  new Uint8Array(0),
  Buffer.from('secret'),
  Buffer.from('a longer preimage of forty bytes, exact!'),
];

/** The clock the timeout pool is placed around. */
export const nowMs = 1_700_000_000_000;
export const expiryPool: readonly number[] = [nowMs - 1000, nowMs - 1, nowMs, nowMs + 1, nowMs + 1000];

export type TreeSpec =
  | { readonly kind: 'ed25519'; readonly key: number }
  | { readonly kind: 'preimage'; readonly preimage: number }
  | { readonly kind: 'timeout'; readonly expiry: number }
  | { readonly kind: 'threshold'; readonly pick: number; readonly children: readonly TreeSpec[] }
  | { readonly kind: 'inverted'; readonly pick: number; readonly children: readonly TreeSpec[] };

/** The threshold a spec's `pick` selects among n children: 1 ..= n. */
export function thresholdOf(pick: number, n: number): number {
  return 1 + (pick % n);
}

const ed25519Leaf = fc.record({
  kind: fc.constant('ed25519' as const),
  key: fc.nat({ max: keyPool.length - 1 }),
});
const preimageLeaf = fc.record({
  kind: fc.constant('preimage' as const),
  preimage: fc.nat({ max: preimagePool.length - 1 }),
});
const timeoutLeaf = fc.record({
  kind: fc.constant('timeout' as const),
  expiry: fc.nat({ max: expiryPool.length - 1 }),
});

/** Trees of the official types only (ed25519, preimage, threshold), for comparison with crypto-conditions. */
export const officialTree: fc.Arbitrary<TreeSpec> = fc.letrec<{ tree: TreeSpec; node: TreeSpec }>((tie) => ({
  tree: fc.oneof({ maxDepth: 3, depthIdentifier: 'official' }, ed25519Leaf, preimageLeaf, {
    arbitrary: tie('node'),
    weight: 3,
  }),
  node: fc.record({
    kind: fc.constant('threshold' as const),
    pick: fc.nat(),
    children: fc.array(tie('tree'), { minLength: 1, maxLength: 4, depthIdentifier: 'official' }),
  }),
})).tree;

/** Trees of timeouts and (inverted) thresholds of them: what may sit beneath an inverted threshold. */
export const deterministicTree: fc.Arbitrary<TreeSpec> = fc.letrec<{ tree: TreeSpec; node: TreeSpec }>(
  (tie) => ({
    tree: fc.oneof({ maxDepth: 3, depthIdentifier: 'det' }, timeoutLeaf, {
      arbitrary: tie('node'),
      weight: 2,
    }),
    node: fc.record({
      kind: fc.constantFrom('threshold' as const, 'inverted' as const),
      pick: fc.nat(),
      children: fc.array(tie('tree'), { minLength: 1, maxLength: 3, depthIdentifier: 'det' }),
    }),
  }),
).tree;

/** Trees of every type, inverted thresholds holding only deterministic subtrees. */
export const anyTree: fc.Arbitrary<TreeSpec> = fc.letrec<{ tree: TreeSpec; node: TreeSpec }>((tie) => ({
  tree: fc.oneof(
    { maxDepth: 3, depthIdentifier: 'any' },
    ed25519Leaf,
    preimageLeaf,
    timeoutLeaf,
    fc.record({
      kind: fc.constant('inverted' as const),
      pick: fc.nat(),
      children: fc.array(deterministicTree, { minLength: 1, maxLength: 3 }),
    }),
    { arbitrary: tie('node'), weight: 4 },
  ),
  node: fc.record({
    kind: fc.constant('threshold' as const),
    pick: fc.nat(),
    children: fc.array(tie('tree'), { minLength: 1, maxLength: 4, depthIdentifier: 'any' }),
  }),
})).tree;

/** Which pool keys sign and which pool preimages are revealed. */
export const secretsArbitrary = fc.record({
  signers: fc.subarray([0, 1, 2, 3]),
  revealed: fc.subarray([0, 1, 2]),
});

export function detailsOf(spec: TreeSpec): ConditionDetails {
  switch (spec.kind) {
    case 'ed25519':
      return ed25519Details(keyPool[spec.key]!.publicKey);
    case 'preimage':
      return preimageDetails(preimagePool[spec.preimage]!);
    case 'timeout':
      return timeoutDetails(expiryPool[spec.expiry]!);
    case 'threshold':
      return thresholdDetails(thresholdOf(spec.pick, spec.children.length), spec.children.map(detailsOf));
    case 'inverted':
      return invertedThresholdDetails(
        thresholdOf(spec.pick, spec.children.length),
        spec.children.map(detailsOf),
      );
  }
}

export function signedOf(
  details: ConditionDetails,
  message: Uint8Array,
  secrets: { signers: readonly number[]; revealed: readonly number[] },
): SignedDetails {
  let signed = signDetails(
    details,
    message,
    secrets.signers.map((i) => keyPool[i]!.privateKey),
  );
  for (const i of secrets.revealed) signed = addPreimage(signed, preimagePool[i]!);
  return signed;
}
