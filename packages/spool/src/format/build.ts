import {
  makeCreateTransaction,
  makeOwnerOutput,
  makeTransferTransaction,
  signTransaction,
  type Keypair,
  type SignedCreateTransaction,
  type SignedTransaction,
  type SignedTransferTransaction,
} from '@bigchaindb-ts/core';
import { editionAsset, editionsAsset, loanMetadata, pieceAsset, verbMetadata } from './transactions.js';

/**
 * Signed SPOOL steps, built offline (nothing here touches the network): the registrar signs the
 * registrations, the holder signs the moves. `spend` is the transaction holding the edition's
 * output now (the REGISTER, the PIECE for the master, or the last step).
 */
export const buildStep = {
  piece(args: {
    registrar: Keypair;
    artist: string;
    fileHash: string;
    fields?: Record<string, unknown>;
  }): SignedCreateTransaction {
    const draft = makeCreateTransaction(
      pieceAsset(args.fileHash, args.fields),
      verbMetadata({ action: 'PIECE' }),
      [makeOwnerOutput(args.artist, '1')],
      [args.registrar.publicKey],
    );
    return signTransaction(draft, args.registrar.privateKey);
  },

  editions(args: {
    registrar: Keypair;
    pieceId: string;
    numEditions: number;
    holder: string;
  }): SignedCreateTransaction {
    const draft = makeCreateTransaction(
      editionsAsset(args.pieceId, args.numEditions),
      verbMetadata({ action: 'EDITIONS', numEditions: args.numEditions }),
      [makeOwnerOutput(args.holder, '1')],
      [args.registrar.publicKey],
    );
    return signTransaction(draft, args.registrar.privateKey);
  },

  register(args: {
    registrar: Keypair;
    pieceId: string;
    edition: number;
    owner: string;
  }): SignedCreateTransaction {
    const draft = makeCreateTransaction(
      editionAsset(args.pieceId, args.edition),
      verbMetadata({ action: 'REGISTER', edition: args.edition }),
      [makeOwnerOutput(args.owner, '1')],
      [args.registrar.publicKey],
    );
    return signTransaction(draft, args.registrar.privateKey);
  },

  /** TRANSFER (to a buyer), CONSIGN (to a consignee) or UNCONSIGN (back to the consignor). */
  move(args: {
    action: 'TRANSFER' | 'CONSIGN' | 'UNCONSIGN';
    edition: number;
    holder: Keypair;
    spend: SignedTransaction;
    to: string;
  }): SignedTransferTransaction {
    const draft = makeTransferTransaction(
      [{ tx: args.spend, outputIndex: 0 }],
      [makeOwnerOutput(args.to, '1')],
      verbMetadata({ action: args.action, edition: args.edition }),
    );
    return signTransaction(draft, args.holder.privateKey);
  },

  /** A loan: the holder keeps the edition; the loanee and the dates (YYYY-MM-DD) are recorded. */
  loan(args: {
    edition: number;
    holder: Keypair;
    spend: SignedTransaction;
    loanee: string;
    start: string;
    end: string;
  }): SignedTransferTransaction {
    const draft = makeTransferTransaction(
      [{ tx: args.spend, outputIndex: 0 }],
      [makeOwnerOutput(args.holder.publicKey, '1')],
      loanMetadata(args.edition, args.loanee, args.start, args.end),
    );
    return signTransaction(draft, args.holder.privateKey);
  },
};
