/**
 * Fulfillments: what an input presents to unlock a condition. Each type here knows its DER
 * encoding, the condition it fulfills, and how to validate it against a message and a clock.
 *
 * Two grammars share the type tags. Ordinary fulfillments follow crypto-conditions (a threshold
 * carries exactly m subfulfillments and the rest as bare conditions). Beneath an inverted threshold,
 * fulfillments are in "complete" form: a threshold there carries its threshold number and every
 * child, because NOT must see the true value of its whole subtree. Otherwise a prover could make a
 * child look false just by presenting its expired timeouts, and its negation true.
 */
import { ConditionTooComplex, InvalidSignature, ThresholdTooDeep } from '../errors/index.js';
import { concatBytes } from '../bytes.js';
import { defaultLimits, type Limits } from '../constants.js';
import { verifyEd25519 } from '../crypto/index.js';
import { base64urlDecode, base64urlEncode, base64urlLengthMax } from './base64url.js';
import {
  conditionBinary,
  conditionUri,
  decodeCondition,
  ed25519Condition,
  invertedThresholdCondition,
  preimageCondition,
  thresholdCondition,
  timeoutCondition,
  type Condition,
} from './condition.js';
import {
  DerReader,
  contextTag,
  decodeInteger,
  integerContent,
  readSetOf,
  setOf,
  tagClassContext,
  tagConstructed,
  tlv,
  type Element,
} from './der.js';
import { isExpireTimeMs } from './expire-time.js';
import { typeIds, type ConditionTypeName } from './registry.js';

export interface ValidationContext {
  /** The validating node's clock, in milliseconds since the Unix epoch. Injected, never read from the system here. */
  readonly nowMs: number;
}

export interface Fulfillment {
  readonly type: ConditionTypeName;
  condition(): Condition;
  conditionUri(): string;
  /** base64url of the DER encoding, without padding. */
  serialize(): string;
  /**
   * True when every signature beneath verifies against `message` and every timeout holds at
   * `ctx.nowMs`. It does not compare against an expected condition; compare `conditionUri()` for that.
   */
  validate(message: Uint8Array, ctx: ValidationContext): boolean;
}

export abstract class FulfillmentNode implements Fulfillment {
  abstract readonly type: ConditionTypeName;
  private cachedCondition: Condition | undefined;

  condition(): Condition {
    this.cachedCondition ??= this.computeCondition();
    return this.cachedCondition;
  }

  conditionUri(): string {
    return conditionUri(this.condition());
  }

  serialize(): string {
    return base64urlEncode(this.encode());
  }

  abstract encode(): Uint8Array;
  abstract validate(message: Uint8Array, ctx: ValidationContext): boolean;
  protected abstract computeCondition(): Condition;
}

/** Fulfillments whose truth depends only on the clock: the only ones allowed beneath an inverted threshold. */
export abstract class DeterministicNode extends FulfillmentNode {
  abstract holds(ctx: ValidationContext): boolean;

  validate(_message: Uint8Array, ctx: ValidationContext): boolean {
    return this.holds(ctx);
  }
}

function constructedTag(type: ConditionTypeName): number {
  return contextTag(typeIds[type], true);
}

export class Ed25519Fulfillment extends FulfillmentNode {
  readonly type = 'ed25519-sha-256';

  constructor(
    readonly publicKey: Uint8Array,
    readonly signature: Uint8Array,
  ) {
    super();
  }

  /** `[4] SEQUENCE { publicKey [0] OCTET STRING (32), signature [1] OCTET STRING (64) }` */
  encode(): Uint8Array {
    return tlv(
      constructedTag(this.type),
      concatBytes([tlv(contextTag(0, false), this.publicKey), tlv(contextTag(1, false), this.signature)]),
    );
  }

  validate(message: Uint8Array): boolean {
    return verifyEd25519(this.publicKey, message, this.signature);
  }

  protected computeCondition(): Condition {
    return ed25519Condition(this.publicKey);
  }
}

export class PreimageFulfillment extends FulfillmentNode {
  readonly type = 'preimage-sha-256';

  constructor(readonly preimage: Uint8Array) {
    super();
  }

  /** `[0] SEQUENCE { preimage [0] OCTET STRING }` */
  encode(): Uint8Array {
    return tlv(constructedTag(this.type), tlv(contextTag(0, false), this.preimage));
  }

  /** Knowing the preimage is the whole proof; it is checked by comparing conditions. */
  validate(): boolean {
    return true;
  }

  protected computeCondition(): Condition {
    return preimageCondition(this.preimage);
  }
}

/**
 * An ordinary threshold fulfillment: its threshold is the number of subfulfillments, so presenting
 * more than needed changes the condition and cannot match (crypto-conditions' "not minimal" rule).
 */
export class ThresholdFulfillment extends FulfillmentNode {
  readonly type = 'threshold-sha-256';

  constructor(
    readonly subfulfillments: readonly FulfillmentNode[],
    readonly subconditions: readonly Condition[],
  ) {
    super();
  }

  /** `[2] SEQUENCE { subfulfillments [0] SET OF Fulfillment, subconditions [1] SET OF Condition }` */
  encode(): Uint8Array {
    return tlv(
      constructedTag(this.type),
      concatBytes([
        setOf(
          contextTag(0, true),
          this.subfulfillments.map((f) => f.encode()),
        ),
        setOf(contextTag(1, true), this.subconditions.map(conditionBinary)),
      ]),
    );
  }

  validate(message: Uint8Array, ctx: ValidationContext): boolean {
    return this.subfulfillments.every((f) => f.validate(message, ctx));
  }

  protected computeCondition(): Condition {
    return thresholdCondition(this.subfulfillments.length, [
      ...this.subfulfillments.map((f) => f.condition()),
      ...this.subconditions,
    ]);
  }
}

export class TimeoutFulfillment extends DeterministicNode {
  readonly type = 'timeout-sha-256';

  constructor(readonly expireTimeMs: number) {
    super();
  }

  /** `[30] SEQUENCE { expireTime [0] INTEGER }`, milliseconds since the Unix epoch. */
  encode(): Uint8Array {
    return tlv(constructedTag(this.type), tlv(contextTag(0, false), integerContent(this.expireTimeMs)));
  }

  /** Valid while the clock is at or before the expiry. */
  holds(ctx: ValidationContext): boolean {
    if (!Number.isFinite(ctx.nowMs))
      throw new TypeError(`ctx.nowMs must be a finite number, got ${ctx.nowMs}`);
    return ctx.nowMs <= this.expireTimeMs;
  }

  protected computeCondition(): Condition {
    return timeoutCondition(this.expireTimeMs);
  }
}

/** Complete form shared by the inverted threshold and a threshold beneath one. */
abstract class CompleteCompound extends DeterministicNode {
  abstract override readonly type: 'threshold-sha-256' | 'inverted-threshold-sha-256';

  constructor(
    readonly threshold: number,
    readonly children: readonly DeterministicNode[],
  ) {
    super();
  }

  /** `[type] SEQUENCE { threshold [0] INTEGER, subfulfillments [1] SET OF CompleteFulfillment }` */
  encode(): Uint8Array {
    return tlv(
      constructedTag(this.type),
      concatBytes([
        tlv(contextTag(0, false), integerContent(this.threshold)),
        setOf(
          contextTag(1, true),
          this.children.map((c) => c.encode()),
        ),
      ]),
    );
  }

  protected heldCount(ctx: ValidationContext): number {
    let count = 0;
    for (const child of this.children) if (child.holds(ctx)) count += 1;
    return count;
  }
}

/** A threshold beneath an inverted threshold: true when at least m of all its children hold. */
export class CompleteThresholdFulfillment extends CompleteCompound {
  readonly type = 'threshold-sha-256';

  holds(ctx: ValidationContext): boolean {
    return this.heldCount(ctx) >= this.threshold;
  }

  protected computeCondition(): Condition {
    return thresholdCondition(
      this.threshold,
      this.children.map((c) => c.condition()),
    );
  }
}

/** NOT of an m-of-n threshold: true when fewer than m of its children hold. */
export class InvertedThresholdFulfillment extends CompleteCompound {
  readonly type = 'inverted-threshold-sha-256';

  holds(ctx: ValidationContext): boolean {
    return this.heldCount(ctx) < this.threshold;
  }

  protected computeCondition(): Condition {
    return invertedThresholdCondition(
      this.threshold,
      this.children.map((c) => c.condition()),
    );
  }
}

const malformed = (message: string) => new InvalidSignature(`fulfillment could not be parsed: ${message}`);

/** Strict, bounded DER decoder for fulfillments. Recursion depth is bounded by `conditionDepthMax`. */
class FulfillmentDecoder {
  private nodes = 0;

  constructor(private readonly limits: Limits) {}

  private countNode(): void {
    this.nodes += 1;
    if (this.nodes > this.limits.conditionNodesMax)
      throw new ConditionTooComplex(`fulfillment has more than ${this.limits.conditionNodesMax} nodes`);
  }

  private enterCompound(depth: number): number {
    if (depth + 1 > this.limits.conditionDepthMax)
      throw new ThresholdTooDeep(`fulfillment nests deeper than ${this.limits.conditionDepthMax} levels`);
    return depth + 1;
  }

  private tooManyChildren = () =>
    new ConditionTooComplex(
      `a threshold may have at most ${this.limits.conditionSubconditionsMax} subconditions`,
    );

  private typeOf(element: Element): number | undefined {
    return (element.tag & 0xe0) === (tagClassContext | tagConstructed) ? element.tag & 0x1f : undefined;
  }

  decode(element: Element, depth: number): FulfillmentNode {
    this.countNode();
    const reader = new DerReader(element.content, malformed);
    switch (this.typeOf(element)) {
      case typeIds['preimage-sha-256']: {
        const preimage = reader.expect(contextTag(0, false), 'preimage');
        reader.end('preimage fulfillment');
        if (preimage.length > this.limits.preimageSizeBytesMax)
          throw new ConditionTooComplex(`preimages are limited to ${this.limits.preimageSizeBytesMax} bytes`);
        return new PreimageFulfillment(preimage);
      }
      case typeIds['ed25519-sha-256']: {
        const publicKey = reader.expect(contextTag(0, false), 'Ed25519 public key');
        const signature = reader.expect(contextTag(1, false), 'Ed25519 signature');
        reader.end('Ed25519 fulfillment');
        if (publicKey.length !== 32 || signature.length !== 64)
          throw malformed('an Ed25519 fulfillment has a 32-byte key and a 64-byte signature');
        return new Ed25519Fulfillment(publicKey, signature);
      }
      case typeIds['threshold-sha-256']:
        return this.threshold(reader, this.enterCompound(depth));
      default:
        return this.deterministic(element, reader, depth);
    }
  }

  private threshold(reader: DerReader, depth: number): ThresholdFulfillment {
    const max = this.limits.conditionSubconditionsMax;
    const fulfilled = readSetOf(
      reader.expect(contextTag(0, true), 'subfulfillments'),
      malformed,
      max,
      this.tooManyChildren,
    );
    const rest = readSetOf(
      reader.expect(contextTag(1, true), 'subconditions'),
      malformed,
      max,
      this.tooManyChildren,
    );
    reader.end('threshold fulfillment');
    if (fulfilled.length + rest.length > max) throw this.tooManyChildren();
    if (fulfilled.length === 0) throw malformed('a threshold fulfillment needs at least one subfulfillment');
    const subfulfillments = fulfilled.map((e) => this.decode(e, depth));
    const subconditions = rest.map((e) => {
      this.countNode();
      return decodeCondition(e.encoding, malformed);
    });
    return new ThresholdFulfillment(subfulfillments, subconditions);
  }

  /** Timeouts and inverted thresholds anywhere; complete thresholds only beneath an inverted threshold. */
  private deterministic(
    element: Element,
    reader: DerReader,
    depth: number,
    complete = false,
  ): DeterministicNode {
    const type = this.typeOf(element);
    if (type === typeIds['timeout-sha-256']) {
      const expireTimeMs = decodeInteger(reader.expect(contextTag(0, false), 'expiry'), malformed, 'expiry');
      reader.end('timeout fulfillment');
      if (!isExpireTimeMs(expireTimeMs)) throw malformed('expiry is out of range');
      return new TimeoutFulfillment(expireTimeMs);
    }
    const inverted = type === typeIds['inverted-threshold-sha-256'];
    if (!inverted && !(complete && type === typeIds['threshold-sha-256'])) {
      throw malformed(
        complete
          ? 'only timeouts and thresholds of timeouts may appear beneath an inverted threshold'
          : 'unsupported fulfillment type',
      );
    }
    const innerDepth = this.enterCompound(depth);
    const threshold = decodeInteger(reader.expect(contextTag(0, false), 'threshold'), malformed, 'threshold');
    const max = this.limits.conditionSubconditionsMax;
    const elements = readSetOf(
      reader.expect(contextTag(1, true), 'subfulfillments'),
      malformed,
      max,
      this.tooManyChildren,
    );
    reader.end('threshold fulfillment');
    if (threshold < 1 || threshold > elements.length)
      throw malformed('threshold must be from 1 to the number of subfulfillments');
    const children = elements.map((e) => {
      this.countNode();
      return this.deterministic(e, new DerReader(e.content, malformed), innerDepth, true);
    });
    return inverted
      ? new InvertedThresholdFulfillment(threshold, children)
      : new CompleteThresholdFulfillment(threshold, children);
  }
}

/**
 * Parses a base64url (unpadded, canonical) DER fulfillment. Throws InvalidSignature("fulfillment
 * could not be parsed: ...") for malformed input, ThresholdTooDeep when it nests too deep, and
 * ConditionTooComplex when it is too large or has too many children or nodes.
 */
export function parseFulfillment(text: string, limits: Limits = defaultLimits): Fulfillment {
  if (typeof text !== 'string') throw malformed('not a string');
  if (text.length > base64urlLengthMax(limits.fulfillmentSizeBytesMax))
    throw new ConditionTooComplex(`fulfillments are limited to ${limits.fulfillmentSizeBytesMax} bytes`);
  const bytes = base64urlDecode(text);
  if (bytes === undefined) throw malformed('not canonical unpadded base64url');
  const reader = new DerReader(bytes, malformed);
  const element = reader.read();
  reader.end('fulfillment');
  const fulfillment = new FulfillmentDecoder(limits).decode(element, 0);
  // Computing the condition now surfaces its errors (a cost beyond 2^53) here rather than later.
  fulfillment.condition();
  return fulfillment;
}
