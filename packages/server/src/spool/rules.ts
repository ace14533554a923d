import { isPublicKey, type SignedTransaction, type SignedTransferTransaction } from '@bigchaindb-ts/core';
import {
  claimsSpool,
  isFileHash,
  isIsoDate,
  parseVerb,
  spoolAssetOf,
  spoolMetadataOf,
  VerbError,
  yymmdd,
  type Verb,
} from '@bigchaindb-ts/spool';
import type {
  ReferenceReads,
  RulePlugin,
  RuleReferences,
  RulesContext,
  RulesLedgerView,
} from '../consensus/index.js';
import { refuse, spoolCodes } from './codes.js';
import { spoolEditionsIndex, spoolIndexes, spoolStepsIndex } from './indexes.js';

export interface SpoolRulesOptions {
  /** Keys that may register; empty or absent: the federation's node keys. */
  readonly registrars?: readonly string[];
}

/** How many hints (an edition's head, or its last move, per transaction) are kept between reading and judging. */
const hintsMax = 4096;

/**
 * The SPOOL registry's rules (docs/spool.md): every step is checked at ingest, when a block is
 * made and when one is voted on, so an invalid step never reaches the ledger. Ordinary
 * transactions (no `spool` key, not spending a SPOOL asset) pass untouched.
 *
 * Besides the inputs, a step's rules read: the piece (EDITIONS, REGISTER), the piece's EDITIONS
 * through its claim (REGISTER), the edition's CREATE (a transfer's edition number), and from the
 * registry's indexes the transaction holding the master (EDITIONS) or the edition's last move
 * that was not a loan (UNCONSIGN). Each reference is loaded into the view in the usual layers.
 */
export function createSpoolRules(options: SpoolRulesOptions = {}): RulePlugin {
  const configured = options.registrars ?? [];
  // An index answer per transaction, from `references` to the judgment that follows it. The
  // oldest is forgotten first (a cache cleared wholesale could drop one between the two).
  const hintMap = new Map<string, string>();
  const hints = {
    get: (txId: string) => hintMap.get(txId),
    set(txId: string, id: string) {
      hintMap.delete(txId);
      hintMap.set(txId, id);
      if (hintMap.size > hintsMax) hintMap.delete(hintMap.keys().next().value!);
    },
  };

  async function indexHint(tx: SignedTransaction, reads: ReferenceReads, lookup: string, assetId: string) {
    const rows = await reads.queryIndex(spoolStepsIndex.name, lookup, [assetId]);
    const id = rows[0]?.tx_id;
    if (typeof id !== 'string') return undefined;
    hints.set(tx.id, id);
    return id;
  }

  /**
   * An UNCONSIGN walks back from its input over loans to the CONSIGN: its pending ancestors, and
   * from the index (valid blocks) the last move before the input that was not a loan with the
   * loans after it, bounded by the input's place when the input is in a valid block itself.
   */
  async function unconsignReferences(
    tx: SignedTransferTransaction,
    reads: ReferenceReads,
  ): Promise<RuleReferences> {
    const asset = tx.asset.id;
    const input = tx.inputs[0]?.fulfills?.transaction_id;
    if (input === undefined) return { transactions: [asset] };
    const steps = spoolStepsIndex.name;
    const [at] = await reads.queryIndex(steps, 'posOf', [asset, input]);
    const bound = at === undefined ? Number.MAX_SAFE_INTEGER : Number(at.pos) + 1;
    const [last] = await reads.queryIndex(steps, 'lastMoveBefore', [asset, bound]);
    if (last === undefined || typeof last.tx_id !== 'string')
      return { transactions: [asset], ancestorsOf: [input] };
    hints.set(tx.id, last.tx_id);
    const chain = await reads.queryIndex(steps, 'movesBetween', [asset, Number(last.pos), bound]);
    return {
      transactions: [asset, ...chain.map((r) => String(r.tx_id))],
      ancestorsOf: [input],
    };
  }

  return {
    name: 'spool',
    codes: spoolCodes,
    indexes: spoolIndexes,

    references(tx, reads): RuleReferences | undefined | Promise<RuleReferences | undefined> {
      if (tx.operation === 'TRANSFER') {
        const meta = spoolMetadataOf(tx);
        if (meta === undefined) return undefined;
        if (typeof meta.verb === 'string' && meta.verb.startsWith('ASCRIBESPOOL01UNCONSIGN'))
          return unconsignReferences(tx, reads);
        return { transactions: [tx.asset.id] };
      }
      const data = spoolAssetOf(tx);
      const piece = data?.piece;
      if (typeof piece !== 'string') return undefined;
      if (data?.type === 'edition')
        return { transactions: [piece], claims: [{ index: spoolEditionsIndex.name, key: piece }] };
      // The master's holder: the index's head (valid blocks), and whoever spent it since.
      if (data?.type === 'editions')
        return indexHint(tx, reads, 'head', piece).then((hint) => {
          const head = hint ?? piece;
          return { transactions: [piece, head], outputs: [{ transaction_id: head, output_index: 0 }] };
        });
      return undefined;
    },

    validateTransaction(ctx, tx, view) {
      if (tx.operation === 'CREATE') {
        if (!claimsSpool(tx)) return;
        checkRegistration(ctx, tx, view);
      } else {
        checkMove(tx, view);
      }
    },
  };

  function registrars(ctx: RulesContext): readonly string[] {
    return configured.length > 0 ? configured : ctx.federation;
  }

  function checkRegistration(ctx: RulesContext, tx: SignedTransaction, view: RulesLedgerView): void {
    const data = spoolAssetOf(tx);
    if (data === undefined)
      refuse('SpoolBadVerb', `${tx.id}: a SPOOL verb on a CREATE that registers nothing`);
    checkShape(tx);
    const signers = tx.inputs[0]!.owners_before ?? [];
    if (signers.length !== 1 || !registrars(ctx).includes(signers[0]!))
      refuse('SpoolNotRegistrar', `${tx.id}: a ${String(data.type)} is registered by a registrar alone`);
    switch (data.type) {
      case 'piece': {
        if (!isFileHash(data.file_hash))
          refuse('SpoolMalformed', `${tx.id}: file_hash must be the lowercase hex SHA-256 of the file`);
        expectVerb(tx, (v) => v.action === 'PIECE', 'ASCRIBESPOOL01PIECE');
        return;
      }
      case 'editions': {
        const n = data.num_editions;
        if (typeof data.piece !== 'string' || !Number.isSafeInteger(n))
          refuse('SpoolMalformed', `${tx.id}: EDITIONS names its piece and an integer num_editions`);
        expectVerb(
          tx,
          (v) => v.action === 'EDITIONS' && v.numEditions === n,
          `ASCRIBESPOOL01EDITIONS${String(n)}`,
        );
        const piece = pieceOf(view, data.piece, tx.id);
        const holder = masterHolder(view, piece, hints.get(tx.id));
        const to = tx.outputs[0]!.public_keys![0];
        if (to !== holder)
          refuse('SpoolNotHolder', `${tx.id}: EDITIONS goes to the master's holder ${holder}, not ${to}`);
        return;
      }
      case 'edition': {
        const n = data.edition;
        if (typeof data.piece !== 'string' || !Number.isSafeInteger(n))
          refuse('SpoolMalformed', `${tx.id}: REGISTER names its piece and an integer edition`);
        const edition = n as number;
        if (edition < 1) refuse('SpoolEditionOutOfRange', `${tx.id}: editions are numbered from 1`);
        expectVerb(
          tx,
          (v) => v.action === 'REGISTER' && v.edition === edition,
          `ASCRIBESPOOL01REGISTER${edition}`,
        );
        pieceOf(view, data.piece, tx.id);
        const editionsId = view.claimHolder(spoolEditionsIndex.name, data.piece);
        const editions = editionsId === undefined ? undefined : view.getTransaction(editionsId);
        const max = editions === undefined ? undefined : spoolAssetOf(editions)?.num_editions;
        if (typeof max !== 'number')
          refuse('SpoolEditionsNotSet', `${tx.id}: piece ${data.piece} has no number of editions yet`);
        if (edition > max)
          refuse(
            'SpoolEditionOutOfRange',
            `${tx.id}: piece ${data.piece} has ${max} editions, not ${edition}`,
          );
        // The edition's uniqueness (`SpoolEditionExists`) is its claim, checked by the chain.
        return;
      }
      default:
        refuse('SpoolMalformed', `${tx.id}: asset.data.spool.type must be piece, editions or edition`);
    }
  }

  function checkMove(tx: SignedTransferTransaction, view: RulesLedgerView): void {
    const meta = spoolMetadataOf(tx);
    const spendsSpool = tx.inputs.some((input) => {
      const spent = input.fulfills ? view.getTransaction(input.fulfills.transaction_id) : undefined;
      return spent !== undefined && claimsSpool(spent);
    });
    if (!spendsSpool) {
      if (tx.metadata !== null && 'spool' in tx.metadata)
        refuse('SpoolBadVerb', `${tx.id}: a SPOOL verb on a transfer of an asset outside the registry`);
      return;
    }
    if (meta === undefined) refuse('SpoolBadVerb', `${tx.id}: a SPOOL edition moves only with a SPOOL verb`);
    const verb = parse(tx);
    checkShape(tx);
    const create = view.getTransaction(tx.asset.id);
    const data = create === undefined ? undefined : spoolAssetOf(create);
    if (data === undefined || data.type === 'editions')
      refuse('SpoolBadVerb', `${tx.id}: asset ${tx.asset.id} is not a SPOOL edition that can move`);
    const edition = data.type === 'piece' ? 0 : (data.edition as number);
    if (verb.action === 'PIECE' || verb.action === 'EDITIONS' || verb.action === 'REGISTER')
      refuse('SpoolBadVerb', `${tx.id}: ${verb.action} does not move an edition`);
    if (verb.edition !== edition)
      refuse(
        'SpoolBadVerb',
        `${tx.id}: the verb names edition ${verb.edition}, the asset is edition ${edition}`,
      );
    const from = tx.inputs[0]!.owners_before![0]!;
    const to = tx.outputs[0]!.public_keys![0]!;
    if (verb.action === 'LOAN') checkLoan(tx, verb, meta, from, to);
    else if (verb.action === 'UNCONSIGN') checkUnconsign(tx, view, to);
  }

  function checkLoan(
    tx: SignedTransaction,
    verb: Extract<Verb, { action: 'LOAN' }>,
    meta: Record<string, unknown>,
    from: string,
    to: string,
  ): void {
    if (to !== from) refuse('SpoolBadLoan', `${tx.id}: a loan goes back to its holder ${from}, not ${to}`);
    const { loanee, start, end } = meta;
    if (typeof loanee !== 'string' || !isPublicKey(loanee) || loanee === from)
      refuse('SpoolBadLoan', `${tx.id}: loanee must be another public key than the holder's`);
    if (typeof start !== 'string' || typeof end !== 'string' || !isIsoDate(start) || !isIsoDate(end))
      refuse('SpoolBadLoan', `${tx.id}: start and end are YYYY-MM-DD calendar dates`);
    if (start > end) refuse('SpoolBadLoan', `${tx.id}: the loan ends (${end}) before it starts (${start})`);
    if (start.slice(0, 2) !== '20' || end.slice(0, 2) !== '20')
      refuse('SpoolBadLoan', `${tx.id}: loan dates are in 2000..2099 (the verb writes two-digit years)`);
    if (verb.start !== yymmdd(start) || verb.end !== yymmdd(end))
      refuse('SpoolBadLoan', `${tx.id}: the verb's dates differ from start ${start} and end ${end}`);
  }

  /** The last step that moved the edition and was not a loan must be a CONSIGN, and it goes back to its signer. */
  function checkUnconsign(tx: SignedTransaction, view: RulesLedgerView, to: string): void {
    let step = view.getTransaction(tx.inputs[0]!.fulfills!.transaction_id);
    for (let guard = 0; step !== undefined && actionOf(step) === 'LOAN' && guard < 1_000_000; guard++) {
      const prev = view.getTransaction(step.inputs[0]!.fulfills!.transaction_id);
      if (prev !== undefined) step = prev;
      else {
        // Beyond what the view holds: the index's last move (valid blocks) is that step.
        const hint = hints.get(tx.id);
        step = hint === undefined ? undefined : view.getTransaction(hint);
      }
    }
    if (step === undefined || actionOf(step) !== 'CONSIGN')
      refuse('SpoolNotConsigned', `${tx.id}: the edition is not consigned`);
    const consignor = step.inputs[0]!.owners_before![0];
    if (to !== consignor)
      refuse('SpoolUnconsignTarget', `${tx.id}: an unconsignment goes back to the consignor ${consignor}`);
  }
}

function parse(tx: SignedTransaction): Verb {
  try {
    return parseVerb(spoolMetadataOf(tx)?.verb);
  } catch (err) {
    if (err instanceof VerbError) refuse('SpoolBadVerb', `${tx.id}: ${err.message}`);
    throw err;
  }
}

function expectVerb(tx: SignedTransaction, ok: (v: Verb) => boolean, expected: string): void {
  if (!ok(parse(tx))) refuse('SpoolBadVerb', `${tx.id}: the verb must be ${expected}`);
}

/** What a step did: from its asset for a registration, from its verb for a move. */
function actionOf(tx: SignedTransaction): string | undefined {
  if (tx.operation === 'CREATE') {
    const type = spoolAssetOf(tx)?.type;
    return type === 'piece'
      ? 'PIECE'
      : type === 'edition'
        ? 'REGISTER'
        : type === 'editions'
          ? 'EDITIONS'
          : undefined;
  }
  try {
    return parseVerb(spoolMetadataOf(tx)?.verb).action;
  } catch {
    return undefined;
  }
}

/** One input, one output of amount 1 to one Ed25519 key: the only shape of a SPOOL step. */
function checkShape(tx: SignedTransaction): void {
  const out = tx.outputs[0];
  if (
    tx.inputs.length !== 1 ||
    tx.outputs.length !== 1 ||
    out === undefined ||
    out.amount !== '1' ||
    out.public_keys?.length !== 1 ||
    out.condition.details.type !== 'ed25519-sha-256' ||
    (tx.inputs[0]!.owners_before?.length ?? 0) < 1
  )
    refuse('SpoolMalformed', `${tx.id}: a SPOOL step has one input and one output of amount 1 to one key`);
}

function pieceOf(view: RulesLedgerView, pieceId: string, txId: string): SignedTransaction {
  const piece = view.getTransaction(pieceId);
  if (piece === undefined || spoolAssetOf(piece)?.type !== 'piece')
    refuse('SpoolUnknownPiece', `${txId}: piece ${pieceId} is not in the ledger`);
  return piece;
}

/**
 * Who holds the master (edition 0): from the index's answer (valid blocks) or the piece itself,
 * forward through the spends the view knows.
 */
function masterHolder(view: RulesLedgerView, piece: SignedTransaction, hint: string | undefined): string {
  let at = (hint === undefined ? undefined : view.getTransaction(hint)) ?? piece;
  for (let guard = 0; guard < 1_000_000; guard++) {
    const spender = view.getSpender(at.id, 0);
    const next = spender === undefined ? undefined : view.getTransaction(spender);
    if (next === undefined) break;
    at = next;
  }
  return at.outputs[0]!.public_keys![0]!;
}
