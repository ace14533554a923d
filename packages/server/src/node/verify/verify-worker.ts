import { parentPort, workerData } from 'node:worker_threads';
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
}

/** What the pool gives each worker once, at start (not cloned into every message). */
export interface VerifyWorkerData {
  readonly limits: Limits;
}

export type VerifyResult =
  | { readonly ok: true; readonly checked: CheckedTransaction }
  | { readonly ok: false; readonly code: ValidationError['code']; readonly message: string };

export function verifyOne(req: VerifyRequest, limits: Limits): VerifyResult {
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
        limits,
        sizeBytes: Buffer.byteLength(req.text),
        ctx: { nowMs: req.nowMs },
      }),
    };
  } catch (err) {
    if (err instanceof ValidationError) return { ok: false, code: err.code, message: err.message };
    throw err;
  }
}

/**
 * A worker's answer leaves the transaction out: the main thread parses the text it sent, which is
 * cheaper than receiving a structured clone of the object (both give the same plain object).
 */
export type WorkerVerifyResult =
  | { readonly ok: true; readonly inputConditionUris: readonly string[]; readonly clockDependent: boolean }
  | Extract<VerifyResult, { ok: false }>;

function withoutTx(r: VerifyResult): WorkerVerifyResult {
  if (!r.ok) return r;
  return {
    ok: true,
    inputConditionUris: r.checked.inputConditionUris,
    clockDependent: r.checked.clockDependent,
  };
}

const port = parentPort;
if (port) {
  const { limits } = workerData as VerifyWorkerData;
  port.on('message', (msg: { items: VerifyRequest[] }) => {
    port.postMessage({ results: msg.items.map((req) => withoutTx(verifyOne(req, limits))) });
  });
}
