/**
 * Why a voter refuses a whole block: a closed list, documented in docs/errors.md beside the
 * transaction codes, in the order the checks run. A block whose checks pass but holds an invalid
 * transaction is voted invalid with that transaction's code instead (a core validation code or a
 * plugin's), and a plugin's block rule refuses with the plugin's own code.
 */
export const blockRejectionCodes = [
  /** The stored block is not shaped like a block (missing or mistyped fields). */
  'MalformedBlock',
  /** The block's id is not the SHA3-256 of its body. */
  'InvalidBlockHash',
  /** The maker's signature over the block id does not verify. */
  'InvalidBlockSignature',
  /** The maker is not a member of this node's federation. */
  'NotInFederation',
  /** The voters listed are not exactly the federation (an outsider, a duplicate, a member left out). */
  'InvalidVoters',
  /** A consensus plugin failed on the block with something other than a refusal. */
  'RuleViolation',
] as const;

export type BlockRejectionCode = (typeof blockRejectionCodes)[number];

/** A block-level refusal of the default rules (or a legacy plugin that extends them). */
export class BlockValidationError extends Error {
  constructor(
    readonly reason: BlockRejectionCode,
    message: string,
  ) {
    super(message);
    this.name = 'BlockValidationError';
  }
}
