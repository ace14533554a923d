import type { OutputLink } from '@bigchaindb-ts/core';

/** The key of an output in the maps the pipelines build: `txid:index`. */
export function outputKey(txId: string, outputIndex: number): string {
  return `${txId}:${outputIndex}`;
}

export function linkKey(link: OutputLink): string {
  return outputKey(link.transaction_id, link.output_index);
}
