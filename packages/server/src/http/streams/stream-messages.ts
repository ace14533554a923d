import type { FeedBlock, TxStatusEvent } from '../../node/index.js';

/** The streams, by the last segment of their path under `/api/v1/streams/`. */
export const streamNames = ['valid_transactions', 'blocks', 'invalid_transactions'] as const;
export type StreamName = (typeof streamNames)[number];

/**
 * `valid_transactions`: one message per transaction of each valid block, in block order. The keys
 * are BigchainDB 1.x's (`transaction_id`, `asset_id`, `block_id`) plus 2.x's `height`; ours,
 * `tx_index` and `tx_count`, say where the message sits among those this stream sends for the
 * block, so a client knows when it has a block's every message (and can resume after it).
 */
export function validTransactionMessages(block: FeedBlock, assetId?: string): string[] {
  if (block.status !== 'valid') return [];
  const txs = assetId === undefined ? block.txs : block.txs.filter((t) => t.assetId === assetId);
  return txs.map((tx, i) =>
    JSON.stringify({
      transaction_id: tx.id,
      asset_id: tx.assetId,
      block_id: block.id,
      height: block.height,
      tx_index: i,
      tx_count: txs.length,
    }),
  );
}

/** `blocks`: one message per decided block, valid or invalid, in height order. */
export function blockMessages(block: FeedBlock): string[] {
  return [
    JSON.stringify({
      height: block.height,
      block_id: block.id,
      status: block.status,
      timestamp: block.timestamp,
      node_pubkey: block.nodePubkey,
      transaction_ids: block.txs.map((t) => t.id),
    }),
  ];
}

/** `invalid_transactions`: a transaction this node accepted and then rejected, with the reason. */
export function invalidTransactionMessage(event: TxStatusEvent): string {
  return JSON.stringify({
    transaction_id: event.id,
    status: 'invalid',
    reason_code: event.reasonCode ?? null,
    reason: event.reason ?? null,
  });
}

/** Message schemas, for the OpenAPI document. */
export const streamMessageSchemas: Record<StreamName, Record<string, unknown>> = {
  valid_transactions: {
    type: 'object',
    required: ['transaction_id', 'asset_id', 'block_id', 'height', 'tx_index', 'tx_count'],
    properties: {
      transaction_id: { type: 'string' },
      asset_id: { type: 'string' },
      block_id: { type: 'string' },
      height: { type: 'integer' },
      tx_index: {
        type: 'integer',
        description: 'Position among the messages this stream sends for the block.',
      },
      tx_count: { type: 'integer', description: 'How many messages this stream sends for the block.' },
    },
  },
  blocks: {
    type: 'object',
    required: ['height', 'block_id', 'status', 'timestamp', 'node_pubkey', 'transaction_ids'],
    properties: {
      height: { type: 'integer' },
      block_id: { type: 'string' },
      status: { type: 'string', enum: ['valid', 'invalid'] },
      timestamp: { type: 'string' },
      node_pubkey: { type: 'string' },
      transaction_ids: { type: 'array', items: { type: 'string' } },
    },
  },
  invalid_transactions: {
    type: 'object',
    required: ['transaction_id', 'status', 'reason_code', 'reason'],
    properties: {
      transaction_id: { type: 'string' },
      status: { type: 'string', enum: ['invalid'] },
      reason_code: { type: ['string', 'null'] },
      reason: { type: ['string', 'null'] },
    },
  },
};
