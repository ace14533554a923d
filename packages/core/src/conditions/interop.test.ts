// Cross-checks against the official crypto-conditions 2.2.1 (installed as a dependency of the
// driver): the same random trees built both ways give identical URIs and fulfillments, and each
// side parses and validates the other's fulfillments.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import fc from 'fast-check';
import { decodePrivateKey, decodePublicKey } from '../crypto/index.js';
import { conditionUriFromDetails, fulfillmentFromSigned, parseFulfillment } from './index.js';
import {
  detailsOf,
  keyPool,
  officialTree,
  preimagePool,
  secretsArbitrary,
  signedOf,
  thresholdOf,
  type TreeSpec,
} from './test-trees.js';

// The package is CommonJS without an ESM default export; its module object carries the classes.
const cc = createRequire(import.meta.url)('crypto-conditions');

/** The part of a crypto-conditions fulfillment object these tests use. */
interface OfficialNode {
  getCondition(): unknown;
  getConditionUri(): string;
  serializeUri(): string;
}

interface Secrets {
  signers: readonly number[];
  revealed: readonly number[];
}

/** Builds a spec with crypto-conditions: returns the fulfillment object and whether it is complete. */
function officialBuild(
  spec: TreeSpec,
  message: Buffer,
  secrets: Secrets,
): { node: OfficialNode; complete: boolean } {
  switch (spec.kind) {
    case 'ed25519': {
      const node: OfficialNode & { sign(m: Buffer, k: Buffer): void; setPublicKey(k: Buffer): void } =
        new cc.Ed25519Sha256();
      const signs = secrets.signers.includes(spec.key);
      if (signs) node.sign(message, Buffer.from(decodePrivateKey(keyPool[spec.key]!.privateKey)));
      else node.setPublicKey(Buffer.from(decodePublicKey(keyPool[spec.key]!.publicKey)));
      return { node, complete: signs };
    }
    case 'preimage': {
      const node: OfficialNode & { setPreimage(p: Buffer): void } = new cc.PreimageSha256();
      node.setPreimage(Buffer.from(preimagePool[spec.preimage]!));
      return { node, complete: secrets.revealed.includes(spec.preimage) };
    }
    case 'threshold': {
      const node: OfficialNode & {
        setThreshold(t: number): void;
        addSubfulfillment(f: OfficialNode): void;
        addSubcondition(c: unknown): void;
      } = new cc.ThresholdSha256();
      const threshold = thresholdOf(spec.pick, spec.children.length);
      node.setThreshold(threshold);
      let completeCount = 0;
      for (const child of spec.children) {
        const built = officialBuild(child, message, secrets);
        if (built.complete) {
          node.addSubfulfillment(built.node);
          completeCount += 1;
        } else {
          node.addSubcondition(built.node.getCondition());
        }
      }
      return { node, complete: completeCount >= threshold };
    }
    default:
      throw new TypeError(`crypto-conditions has no ${spec.kind}`);
  }
}

test('random official trees: identical condition URIs', () => {
  fc.assert(
    fc.property(officialTree, (spec) => {
      const ours = conditionUriFromDetails(detailsOf(spec));
      const theirs = officialBuild(spec, Buffer.alloc(32), {
        signers: [],
        revealed: [0, 1, 2],
      }).node.getConditionUri();
      assert.equal(ours, theirs);
    }),
    { numRuns: 300 },
  );
});

test('random official trees signed in part: identical fulfillments, each side validates the other', () => {
  fc.assert(
    fc.property(
      officialTree,
      secretsArbitrary,
      fc.uint8Array({ minLength: 32, maxLength: 32 }),
      (spec, secrets, msg) => {
        const message = Buffer.from(msg);
        const details = detailsOf(spec);
        const uri = conditionUriFromDetails(details);
        const theirs = officialBuild(spec, message, secrets);
        if (!theirs.complete) {
          assert.throws(() => fulfillmentFromSigned(signedOf(details, message, secrets)), {
            name: 'InvalidSignature',
          });
          return;
        }
        const theirText = theirs.node.serializeUri();
        const ourText = fulfillmentFromSigned(signedOf(details, message, secrets));
        assert.equal(ourText, theirText);

        const parsedByUs = parseFulfillment(theirText);
        assert.equal(parsedByUs.conditionUri(), uri);
        assert.ok(parsedByUs.validate(message, { nowMs: 0 }));

        const parsedByThem = cc.Fulfillment.fromUri(ourText);
        assert.equal(parsedByThem.getConditionUri(), uri);
        assert.equal(parsedByThem.validate(message), true);
        assert.equal(cc.validateFulfillment(ourText, uri, message), true);
      },
    ),
    { numRuns: 200 },
  );
});
