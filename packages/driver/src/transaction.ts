/**
 * One-call helpers over the core's builders, for the common shapes: a CREATE signed by its issuers,
 * a TRANSFER of whole outputs to a key or to given outputs, signing in turns, hash-locks, timeouts
 * and escrow. Everything here is plain data in and out; nothing touches the network. The core's
 * builders (`makeCreateTransaction`, `makeThresholdOutput`, `partiallySign`, ...) are re-exported
 * by the driver for anything these do not cover.
 */
import {
  finalizeTransaction,
  fulfillHashLock,
  isKeypair,
  makeAllOwnersOutput,
  makeCreateTransaction,
  makeOwnerOutput,
  makeTransferTransaction,
  parseAmount,
  partiallySign,
  publicKeyOf,
  type AmountLike,
  type CreateTransaction,
  type Draft,
  type Keypair,
  type Metadata,
  type Output,
  type SignedCreateTransaction,
  type SignedTransferTransaction,
  type Transaction,
  type TransferTransaction,
  type Unspent,
} from '@bigchaindb-ts/core';

/** Who signs: a keypair, or a base58 private key (its public key is derived). */
export type Signer = Keypair | string;

/** Where a transfer goes: a public key (it gets the whole spent amount), or explicit outputs. */
export type Recipients = string | Output | readonly Output[];

export interface CreateArgs {
  /** The issuer(s). Several issuers all sign (an n-of-n input) and, by default, own the outputs jointly. */
  readonly issuers: Signer | readonly Signer[];
  readonly asset?: Record<string, unknown> | null;
  readonly metadata?: Metadata;
  /** Default: one output owned by all issuers, of `amount`. */
  readonly outputs?: readonly Output[];
  /** Default `'1'`; used only without `outputs`. */
  readonly amount?: AmountLike;
}

export interface DraftCreateArgs {
  /** Public keys of the issuers; each signs in turn with `sign`. */
  readonly issuers: readonly string[];
  readonly asset?: Record<string, unknown> | null;
  readonly metadata?: Metadata;
  /** Default: one output owned by all issuers, of `amount`. */
  readonly outputs?: readonly Output[];
  readonly amount?: AmountLike;
}

export interface TransferArgs {
  /** The outputs to spend: a transaction and an output index, or several of them (same asset). */
  readonly spend: Unspent | readonly Unspent[];
  readonly to: Recipients;
  readonly metadata?: Metadata;
}

export interface SignedTransferArgs extends TransferArgs {
  /**
   * Keys that sign every input they can. None are needed to spend a bare timeout; for a threshold,
   * enough owners; for an escrow, the execute key (before the expiry) or the abort key (after it).
   */
  readonly signers?: Signer | readonly Signer[];
  /**
   * The expected validation time (Unix ms). Needed only when both branches of a condition are
   * signable, e.g. an escrow signed with both keys, to present the branch that holds then.
   */
  readonly nowMs?: number;
}

function list<T>(x: T | readonly T[]): readonly T[] {
  return Array.isArray(x) ? (x as readonly T[]) : [x as T];
}

function privateKeyOf(signer: Signer): string {
  if (typeof signer === 'string') return signer;
  if (!isKeypair(signer)) throw new TypeError('a signer keypair must hold a private key and its public key');
  return signer.privateKey;
}

function publicKeyOfSigner(signer: Signer): string {
  return typeof signer === 'string' ? publicKeyOf(signer) : signer.publicKey;
}

/** The amounts of the spent outputs added up: what a transfer to one key hands over. */
function spentTotal(spend: readonly Unspent[]): bigint {
  let total = 0n;
  for (const { tx, outputIndex } of spend) {
    const output = tx.outputs[outputIndex];
    if (output === undefined) throw new RangeError(`transaction ${tx.id} has no output ${outputIndex}`);
    total += parseAmount(output.amount);
  }
  return total;
}

function outputsFor(to: Recipients, spend: readonly Unspent[]): readonly Output[] {
  if (typeof to === 'string') return [makeOwnerOutput(to, spentTotal(spend))];
  return list(to);
}

/** An unsigned CREATE, for issuers who sign in turns (`sign`, then `finalize`). */
function draftCreate(args: DraftCreateArgs): Draft<CreateTransaction> {
  const outputs = args.outputs ?? [makeAllOwnersOutput(args.issuers, args.amount ?? '1')];
  return makeCreateTransaction(args.asset ?? null, args.metadata ?? null, outputs, args.issuers);
}

/** A CREATE signed by all its issuers, ready to post. */
function create(args: CreateArgs): SignedCreateTransaction {
  const signers = list(args.issuers);
  const draft = draftCreate({
    issuers: signers.map(publicKeyOfSigner),
    asset: args.asset ?? null,
    metadata: args.metadata ?? null,
    ...(args.outputs === undefined ? {} : { outputs: args.outputs }),
    ...(args.amount === undefined ? {} : { amount: args.amount }),
  });
  return finalizeTransaction(partiallySign(draft, signers.map(privateKeyOf)));
}

/** An unsigned TRANSFER, for owners who sign in turns (`sign`, then `finalize`). */
function draftTransfer(args: TransferArgs): Draft<TransferTransaction> {
  const spend = list(args.spend);
  return makeTransferTransaction(spend, outputsFor(args.to, spend), args.metadata ?? null);
}

/** A TRANSFER signed with `signers`, ready to post. */
function transfer(args: SignedTransferArgs): SignedTransferTransaction {
  const draft = draftTransfer(args);
  const keys = args.signers === undefined ? [] : list(args.signers).map(privateKeyOf);
  const signed = keys.length === 0 ? draft : partiallySign(draft, keys);
  return finalizeTransaction(signed, args.nowMs === undefined ? {} : { ctx: { nowMs: args.nowMs } });
}

/**
 * One signer's turn: adds their signatures to every input their key appears in. The draft is
 * plain JSON; send it to the next signer (`JSON.stringify`/`JSON.parse`) and finish with `finalize`.
 */
function sign<T extends Transaction>(draft: Draft<T>, ...signers: Signer[]): Draft<T> {
  return partiallySign(draft, signers.map(privateKeyOf));
}

/** Spends hash-locked outputs (vouchers): every input gets the preimage; no signature is needed. */
function redeemHashLock(
  args: TransferArgs & { readonly preimage: Uint8Array | string },
): SignedTransferTransaction {
  let draft = draftTransfer(args);
  for (let i = 0; i < draft.tx.inputs.length; i++) draft = fulfillHashLock(draft, i, args.preimage);
  return finalizeTransaction(draft);
}

export const transaction = {
  create,
  draftCreate,
  transfer,
  draftTransfer,
  sign,
  /** Ends signing in turns: the signed transaction, or InvalidSignature if signatures are missing. */
  finalize: finalizeTransaction,
  fulfillHashLock,
  redeemHashLock,
} as const;
