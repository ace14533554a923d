import { parentPort } from 'node:worker_threads';
import {
  validateStateless,
  ValidationError,
  type CheckedTransaction,
  type Limits,
} from '@bigchaindb-ts/core';

/**
 * Worker thread: phase 1 of validation (parse, schema, id, every signature) for batches of
 * transactions received as JSON text. See worker-pool.ts for the batching protocol.
 */
export interface VerifyRequest {
  readonly text: string;
  readonly nowMs: number;
  readonly limits: Limits;
}

export type VerifyResult =
  | { readonly ok: true; readonly checked: CheckedTransaction }
  | { readonly ok: false; readonly code: ValidationError['code']; readonly message: string };

export function verifyOne(req: VerifyRequest): VerifyResult {
  let json: unknown;
  try {
    json = JSON.parse(req.text);
  } catch (err) {
    return { ok: false, code: 'SchemaValidationError', message: `Invalid JSON: ${(err as Error).message}` };
  }
  try {
    return {
      ok: true,
      checked: validateStateless(json, {
        limits: req.limits,
        sizeBytes: Buffer.byteLength(req.text),
        ctx: { nowMs: req.nowMs },
      }),
    };
  } catch (err) {
    if (err instanceof ValidationError) return { ok: false, code: err.code, message: err.message };
    throw err;
  }
}

parentPort?.on('message', (msg: { items: VerifyRequest[] }) => {
  parentPort?.postMessage({ results: msg.items.map(verifyOne) });
});
