/** The JSON API's OpenAPI document, served at `/api/v1/openapi.json` (kept beside the routes it describes). */
const error = { $ref: '#/components/schemas/Error' };
const id = { type: 'string', pattern: '^[1-9][0-9]*$' };
const units = { type: 'string', pattern: '^[0-9]+$', description: 'base units, as a decimal string' };
const param = (name: string) => ({ name, in: 'path', required: true, schema: id });
const json = (schema: unknown) => ({ content: { 'application/json': { schema } } });
const answers = (ok: unknown, codes: number[] = [400, 401, 404]) => ({
  200: { description: 'OK', ...json(ok) },
  ...Object.fromEntries(codes.map((c) => [c, { description: String(c), ...json(error) }])),
});

export const openApiDocument = {
  openapi: '3.0.3',
  info: {
    title: 'bigchaindb-ts wallet API',
    version: '1',
    description:
      'Wallets, accounts, addresses and sends of the wallet service (cryptoassets.core over token assets). Every request needs `Authorization: Bearer <api.token>`. Errors are `{"message","status","code"}` with the seed\'s exception names as codes.',
  },
  components: {
    securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } },
    schemas: {
      Error: {
        type: 'object',
        required: ['message', 'status', 'code'],
        properties: { message: { type: 'string' }, status: { type: 'integer' }, code: { type: 'string' } },
      },
      Wallet: {
        type: 'object',
        properties: { id, name: { type: 'string' }, coin: { type: 'string' }, balance: units },
      },
      Account: {
        type: 'object',
        properties: {
          id,
          wallet: id,
          name: { type: 'string' },
          balance: units,
          unconfirmed_balance: units,
          addresses: { type: 'array', items: { $ref: '#/components/schemas/Address' } },
        },
      },
      Address: {
        type: 'object',
        properties: {
          id,
          address: { type: 'string' },
          label: { type: 'string', nullable: true },
          balance: units,
        },
      },
      Transaction: {
        type: 'object',
        properties: {
          id,
          state: {
            type: 'string',
            enum: [
              'pending',
              'broadcasted',
              'incoming',
              'processed',
              'internal',
              'network_fee',
              'balance_import',
            ],
          },
          amount: units,
          label: { type: 'string', nullable: true },
          address: { type: 'string', nullable: true },
          sending_account: { ...id, nullable: true },
          receiving_account: { ...id, nullable: true },
          txid: {
            type: 'string',
            nullable: true,
            description: 'the ledger transaction id; null until broadcast',
          },
          confirmations: { type: 'integer' },
          credited_at: { type: 'string', format: 'date-time', nullable: true },
          processed_at: { type: 'string', format: 'date-time', nullable: true },
        },
      },
    },
  },
  security: [{ bearer: [] }],
  paths: {
    '/api/v1/wallets': {
      post: {
        summary: 'Get or create a wallet by name and coin',
        requestBody: json({
          type: 'object',
          required: ['name', 'coin'],
          properties: { name: { type: 'string' }, coin: { type: 'string' } },
        }),
        responses: answers({ $ref: '#/components/schemas/Wallet' }, [400, 401]),
      },
    },
    '/api/v1/wallets/{id}': {
      get: {
        summary: 'A wallet',
        parameters: [param('id')],
        responses: answers({ $ref: '#/components/schemas/Wallet' }),
      },
    },
    '/api/v1/wallets/{id}/accounts': {
      post: {
        summary: 'Create an account',
        parameters: [param('id')],
        requestBody: json({ type: 'object', required: ['name'], properties: { name: { type: 'string' } } }),
        responses: answers({ $ref: '#/components/schemas/Account' }),
      },
    },
    '/api/v1/wallets/{id}/accounts/{account_id}': {
      get: {
        summary: 'An account: balance, unconfirmed balance, addresses',
        parameters: [param('id'), param('account_id')],
        responses: answers({ $ref: '#/components/schemas/Account' }),
      },
    },
    '/api/v1/wallets/{id}/accounts/{account_id}/addresses': {
      post: {
        summary: 'Create a receiving address',
        parameters: [param('id'), param('account_id')],
        requestBody: json({ type: 'object', properties: { label: { type: 'string' } } }),
        responses: answers({ $ref: '#/components/schemas/Address' }),
      },
    },
    '/api/v1/wallets/{id}/send': {
      post: {
        summary:
          'Send: internal to an address of the wallet, else queued for the broadcaster (the same idempotency key returns the first result)',
        parameters: [param('id')],
        requestBody: json({
          type: 'object',
          required: ['from_account', 'to', 'amount'],
          properties: {
            from_account: id,
            to: { type: 'string' },
            amount: units,
            label: { type: 'string' },
            force_external: { type: 'boolean' },
            idempotency_key: { type: 'string' },
          },
        }),
        responses: answers({ $ref: '#/components/schemas/Transaction' }),
      },
    },
    '/api/v1/wallets/{id}/transactions': {
      get: {
        summary: 'Transactions, newest first',
        parameters: [
          param('id'),
          { name: 'state', in: 'query', schema: { type: 'string' } },
          { name: 'account', in: 'query', schema: id },
        ],
        responses: answers({ type: 'array', items: { $ref: '#/components/schemas/Transaction' } }),
      },
    },
    '/api/v1/wallets/{id}/transactions/{transaction_id}': {
      get: {
        summary: 'A transaction',
        parameters: [param('id'), param('transaction_id')],
        responses: answers({ $ref: '#/components/schemas/Transaction' }),
      },
    },
    '/api/v1/wallets/{id}/transactions/{transaction_id}/processed': {
      post: {
        summary: 'Mark a deposit processed by the application',
        parameters: [param('id'), param('transaction_id')],
        responses: answers({ $ref: '#/components/schemas/Transaction' }),
      },
    },
  },
} as const;
