// A node running the SPOOL rules with the registry's routes, driven over in-process HTTP: what the
// registry's tests share.
import assert from 'node:assert/strict';
import { generateKeypair, type Keypair, type SignedTransaction } from '@bigchaindb-ts/core';
import type { FastifyInstance } from 'fastify';
import { RulesChain } from '../../consensus/index.js';
import { buildApp } from '../../http/index.js';
import type { Bigchain } from '../../node/index.js';
import { makeBigchain } from '../../node/test/node-harness.js';
import type { Store } from '../../store/index.js';
import { createSpoolRules, spoolRoutes } from '../index.js';

export const spoolRules = (registrars?: readonly string[]) =>
  new RulesChain([createSpoolRules(registrars === undefined ? {} : { registrars })]);

/** An error body (or any other answer, read no further than this). */
export interface Refusal {
  readonly code?: string;
  readonly message?: string;
}

export interface SpoolNode {
  readonly node: Bigchain;
  readonly app: FastifyInstance;
  /** The node's own key: the default registrar. */
  readonly registrar: Keypair;
  post(tx: SignedTransaction, mode?: 'async' | 'sync' | 'commit'): Promise<{ status: number; body: Refusal }>;
  /** Posts with `mode=commit` and expects it valid. */
  commit(tx: SignedTransaction): Promise<void>;
  /** Posts and expects a 400 with `code`. */
  refused(tx: SignedTransaction, code: string): Promise<void>;
  get<T = Refusal>(path: string): Promise<{ status: number; body: T }>;
}

export function spoolNode(
  store: Store,
  rules: RulesChain,
  keypair = generateKeypair(),
  keyring: string[] = [],
): SpoolNode {
  const node = makeBigchain(store, keypair, { rules, keyring });
  const app = buildApp({ node, bodySizeBytesMax: 1 << 20, routeModules: [spoolRoutes()] });
  const post = async (tx: SignedTransaction, mode = 'async') => {
    const res = await app.inject({
      method: 'POST',
      url: `/api/v1/transactions?mode=${mode}`,
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify(tx),
    });
    return { status: res.statusCode, body: res.json<Refusal>() };
  };
  return {
    node,
    app,
    registrar: keypair,
    post,
    async commit(tx) {
      const res = await post(tx, 'commit');
      assert.equal(res.status, 202, JSON.stringify(res.body));
      assert.equal((await node.reads.getStatus(tx.id))?.status, 'valid');
    },
    async refused(tx, code) {
      const res = await post(tx, 'async');
      assert.equal(res.status, 400, `expected ${code}, got ${res.status} ${JSON.stringify(res.body)}`);
      assert.equal(res.body.code, code, res.body.message);
    },
    async get<T>(path: string) {
      const res = await app.inject({ url: path });
      return { status: res.statusCode, body: res.json<T>() };
    },
  };
}
