// Calls the API in process (`app.inject`) and holds every answer to the contract the API documents:
// a 2xx carries a JSON body, every error has the error body, and each answer's status and body are
// the ones the route's OpenAPI entry declares. Every answer is recorded, so a suite can check at
// its end that none was a 5xx.
import assert from 'node:assert/strict';
import type { SignedTransaction } from '@bigchaindb-ts/core';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { schemaErrors } from './check-schema.js';

interface Operation {
  readonly responses: Record<
    string,
    { content?: { 'application/json'?: { schema?: Record<string, unknown> } } }
  >;
}

export class ApiClient {
  /** Every answer so far: what was asked and the status. */
  readonly answers: { readonly what: string; readonly status: number }[] = [];
  #routes: { method: string; pattern: RegExp; path: string; operation: Operation }[] = [];

  constructor(readonly app: FastifyInstance) {}

  /** Loads the OpenAPI document the answers are checked against. */
  async init(): Promise<this> {
    const res = await this.app.inject({ method: 'GET', url: '/api/v1/openapi.json' });
    const doc = res.json<{ paths: Record<string, Record<string, Operation>> }>();
    for (const [path, methods] of Object.entries(doc.paths)) {
      const pattern = new RegExp(`^${path.replace(/\{[^}]+\}/g, '[^/]+')}/?$`);
      for (const [method, operation] of Object.entries(methods))
        this.#routes.push({ method: method.toUpperCase(), pattern, path, operation });
    }
    return this;
  }

  async call(options: InjectOptions & { url: string }): Promise<LightMyRequestResponse> {
    const res = await this.app.inject(options);
    const method = options.method ?? 'GET';
    const what = `${method} ${options.url.slice(0, 160)}`;
    this.answers.push({ what, status: res.statusCode });
    if (res.statusCode >= 500) return res; // reported by `assertNo5xx`, with the rest
    assert.match(String(res.headers['content-type']), /^application\/json/, `${what}: not JSON`);
    const body: unknown = JSON.parse(res.body);
    if (res.statusCode >= 400) {
      assert.equal((body as { status?: unknown }).status, res.statusCode, `${what}: error body ${res.body}`);
      assert.equal(typeof (body as { message?: unknown }).message, 'string', `${what}: error body`);
    }
    if (method === 'OPTIONS') return res;
    // A URL that does not decode is refused by the router, before any route: possible for every route.
    if (res.statusCode === 400 && (body as { code?: unknown }).code === 'BadRequest') return res;
    const path = new URL(options.url, 'http://localhost').pathname;
    const route = this.#routes.find((r) => r.method === method && r.pattern.test(path));
    if (route === undefined) {
      assert.equal(res.statusCode, 404, `${what}: no documented route, yet ${res.statusCode}`);
      return res;
    }
    const documented = route.operation.responses[String(res.statusCode)];
    assert.ok(
      documented,
      `${what}: status ${res.statusCode} is not documented for ${route.path}: ${res.body}`,
    );
    const schema = documented.content?.['application/json']?.schema;
    assert.ok(schema, `${what}: no schema documented for ${res.statusCode}`);
    const errors = schemaErrors(schema, body);
    assert.deepEqual(errors, [], `${what}: the answer breaks its documented schema`);
    return res;
  }

  get(url: string): Promise<LightMyRequestResponse> {
    return this.call({ method: 'GET', url });
  }

  post(tx: SignedTransaction | string, mode?: 'async' | 'sync' | 'commit'): Promise<LightMyRequestResponse> {
    return this.call({
      method: 'POST',
      url: `/api/v1/transactions${mode === undefined ? '' : `?mode=${mode}`}`,
      headers: { 'content-type': 'application/json' },
      payload: typeof tx === 'string' ? tx : JSON.stringify(tx),
    });
  }

  /** Posts with mode=commit and checks the transaction is valid. */
  async commit(tx: SignedTransaction): Promise<SignedTransaction> {
    const res = await this.post(tx, 'commit');
    assert.equal(res.statusCode, 202, res.body);
    assert.equal(res.headers['x-transaction-status'], 'valid', `${tx.id} not valid after commit`);
    return tx;
  }

  assertNo5xx(): void {
    assert.deepEqual(
      this.answers.filter((a) => a.status >= 500),
      [],
    );
  }
}
