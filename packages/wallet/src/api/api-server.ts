import { timingSafeEqual } from 'node:crypto';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { parseUnits } from '../amount.js';
import { httpStatusOf, isWalletError, WalletError, type WalletErrorCode } from '../errors.js';
import { transactionStates, type TransactionState, type WalletBook } from '../model/index.js';
import { accountBody, addressBody, transactionBody, walletBody } from './bodies.js';
import { openApiDocument } from './openapi.js';

export interface ApiOptions {
  /** Every request must carry `Authorization: Bearer <token>`; undefined only on loopback (checked by the caller). */
  readonly token: string | undefined;
  readonly bodyLimitBytes?: number;
}

type Params = { id: string; account_id?: string; transaction_id?: string };
type Body = Record<string, unknown>;

const errorBody = (code: WalletErrorCode | 'Unauthorized', message: string, status: number) => ({
  message,
  status,
  code,
});

function field(body: Body, name: string, kind: 'string' | 'boolean', required: boolean): unknown {
  const v = body[name];
  if (v === undefined || v === null) {
    if (required) throw new WalletError('BadRequest', `${name} is required`);
    return undefined;
  }
  if (typeof v !== kind && !(name === 'amount' && typeof v === 'number'))
    throw new WalletError('BadRequest', `${name} must be a ${kind}`);
  return v;
}

function bodyOf(req: FastifyRequest): Body {
  const b = req.body;
  if (b === undefined || b === null) return {};
  if (typeof b !== 'object' || Array.isArray(b))
    throw new WalletError('BadRequest', 'the body must be a JSON object');
  return b as Body;
}

/**
 * The JSON API for applications in any language (issue 12): wallets, accounts, addresses, sends,
 * transactions. Every request, whatever its path, needs the bearer token (401 otherwise); business
 * refusals are 400 with the seed's exception name as `code`, unknown ids 404; no input gives a 5xx.
 */
export function buildApi(book: WalletBook, options: ApiOptions): FastifyInstance {
  const app = Fastify({ logger: false, bodyLimit: options.bodyLimitBytes ?? 64 * 1024 });
  const expected = options.token === undefined ? undefined : Buffer.from(`Bearer ${options.token}`);

  app.addHook('onRequest', async (req: FastifyRequest, reply: FastifyReply) => {
    if (expected === undefined) return;
    const given = Buffer.from(req.headers.authorization ?? '');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      await reply
        .code(401)
        .header('www-authenticate', 'Bearer')
        .send(errorBody('Unauthorized', 'this API needs Authorization: Bearer <api.token>', 401));
    }
  });

  app.setErrorHandler((err: Error & { statusCode?: number; validation?: unknown }, _req, reply) => {
    if (isWalletError(err)) {
      const status = httpStatusOf(err.code);
      return reply.code(status).send(errorBody(err.code, err.message, status));
    }
    // Fastify's own refusals of the request (bad JSON, too large, wrong content type) are 4xx.
    const status = err.statusCode;
    if (status !== undefined && status >= 400 && status < 500)
      return reply.code(400).send(errorBody('BadRequest', err.message, 400));
    return reply.code(500).send({ message: 'internal error', status: 500, code: 'InternalError' });
  });
  app.setNotFoundHandler((req, reply) =>
    reply.code(404).send(errorBody('NotFound', `no route ${req.method} ${req.url.split('?')[0]}`, 404)),
  );

  app.get('/api/v1/openapi.json', () => openApiDocument);

  app.post('/api/v1/wallets', async (req) => {
    const body = bodyOf(req);
    const name = field(body, 'name', 'string', true) as string;
    const coin = field(body, 'coin', 'string', true) as string;
    return walletBody(await book.transaction((b) => b.getOrCreateWalletByName(name, coin)));
  });

  app.get<{ Params: Params }>('/api/v1/wallets/:id', async (req) =>
    walletBody(await book.read((b) => b.wallet(req.params.id))),
  );

  app.post<{ Params: Params }>('/api/v1/wallets/:id/accounts', async (req) => {
    const name = field(bodyOf(req), 'name', 'string', true) as string;
    return accountBody(await book.transaction((b) => b.createAccount(req.params.id, name)));
  });

  app.get<{ Params: Params }>('/api/v1/wallets/:id/accounts/:account_id', async (req) =>
    book.read(async (b) => {
      const account = await b.accountOfWallet(req.params.id, req.params.account_id ?? '');
      return accountBody(account, {
        unconfirmed: await b.unconfirmedBalance(account.id),
        addresses: await b.addressesOfAccount(account.id),
      });
    }),
  );

  app.post<{ Params: Params }>('/api/v1/wallets/:id/accounts/:account_id/addresses', async (req) => {
    const label = field(bodyOf(req), 'label', 'string', false) as string | undefined;
    return addressBody(
      await book.transaction(async (b) => {
        const account = await b.accountOfWallet(req.params.id, req.params.account_id ?? '');
        return b.createReceivingAddress(
          account.id,
          label === undefined ? { automaticLabel: true } : { label },
        );
      }),
    );
  });

  app.post<{ Params: Params }>('/api/v1/wallets/:id/send', async (req) => {
    const body = bodyOf(req);
    const from = field(body, 'from_account', 'string', true) as string;
    const to = field(body, 'to', 'string', true) as string;
    const amount = parseUnits(field(body, 'amount', 'string', true));
    const label = (field(body, 'label', 'string', false) as string | undefined) ?? null;
    const forceExternal = field(body, 'force_external', 'boolean', false) === true;
    const key = field(body, 'idempotency_key', 'string', false) as string | undefined;
    const tx = await book.transaction((b) =>
      b.send(req.params.id, from, to, amount, label, { forceExternal, idempotencyKey: key }),
    );
    return transactionBody(tx);
  });

  app.get<{ Params: Params; Querystring: Record<string, unknown> }>(
    '/api/v1/wallets/:id/transactions',
    async (req) => {
      const { state, account } = req.query;
      if (state !== undefined && !(transactionStates as readonly unknown[]).includes(state))
        throw new WalletError('BadRequest', `state must be one of ${transactionStates.join(', ')}`);
      if (account !== undefined && typeof account !== 'string')
        throw new WalletError('BadRequest', 'account must be an id');
      return book.read(async (b) => {
        await b.wallet(req.params.id);
        const txs = await b.listTransactions(req.params.id, {
          state: state as TransactionState | undefined,
          accountId: account,
          limit: 500,
        });
        return txs.map(transactionBody);
      });
    },
  );

  const transactionOfWallet = async (walletId: string, transactionId: string) =>
    book.read(async (b) => {
      const tx = await b.transaction(transactionId);
      if (tx.walletId !== walletId)
        throw new WalletError('NotFound', `no transaction ${transactionId} in wallet ${walletId}`);
      return tx;
    });

  app.get<{ Params: Params }>('/api/v1/wallets/:id/transactions/:transaction_id', async (req) =>
    transactionBody(await transactionOfWallet(req.params.id, req.params.transaction_id ?? '')),
  );

  app.post<{ Params: Params }>('/api/v1/wallets/:id/transactions/:transaction_id/processed', async (req) => {
    const tx = await transactionOfWallet(req.params.id, req.params.transaction_id ?? '');
    return transactionBody(await book.transaction((b) => b.markTransactionProcessed(tx.id)));
  });

  return app;
}
