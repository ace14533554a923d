import { numEditionsMax } from '@bigchaindb-ts/spool';
import { ApiError, documented, type RouteModule } from '../http/index.js';
import { SpoolReads } from './reads.js';

const hex64 = { type: 'string', pattern: '^[0-9a-f]{64}$' } as const;
const key = {
  type: 'string',
  pattern: '^[1-9A-HJ-NP-Za-km-z]{32,44}$',
  description: 'A base58 Ed25519 public key.',
};
const keyList = { type: 'array', items: { type: 'string' } };
const nullableKey = { type: ['string', 'null'] };
const errorBody = {
  type: 'object',
  properties: { message: { type: 'string' }, status: { type: 'integer' }, code: { type: 'string' } },
};
const refusals = (...statuses: number[]) => Object.fromEntries(statuses.map((s) => [s, errorBody]));

const pieceSummary = {
  type: 'object',
  properties: {
    piece_id: { type: 'string' },
    file_hash: { type: 'string' },
    num_editions: { type: ['integer', 'null'] },
    block_height: { type: 'integer' },
  },
};
const historyEntry = {
  type: 'object',
  properties: {
    action: {
      type: 'string',
      enum: ['PIECE', 'EDITIONS', 'REGISTER', 'TRANSFER', 'CONSIGN', 'UNCONSIGN', 'LOAN'],
    },
    verb: { type: 'string' },
    from: { type: 'string' },
    to: { type: 'string' },
    transaction_id: { type: 'string' },
    block_height: { type: 'integer' },
  },
};
const loan = {
  type: 'object',
  properties: {
    loanee: { type: 'string' },
    start: { type: 'string' },
    end: { type: 'string' },
    transaction_id: { type: 'string' },
  },
};
const editionDetail = {
  type: 'object',
  properties: {
    piece_id: { type: 'string' },
    edition: { type: 'integer' },
    asset_id: { type: 'string' },
    num_editions: { type: ['integer', 'null'] },
    holder: nullableKey,
    consigned_to: nullableKey,
    consignor: nullableKey,
    loans: { type: 'array', items: loan },
    history: { type: 'array', items: historyEntry },
    allowed: { type: 'object', additionalProperties: keyList },
  },
};

/**
 * `GET /api/v1/spool/...`: the registry's pieces, editions with their chain of custody, and what a
 * key holds, from valid blocks in ledger order (docs/spool.md).
 */
export function spoolRoutes(options: { registrars?: readonly string[] } = {}): RouteModule {
  return {
    name: 'spool',
    register(app, ctx) {
      const configured = options.registrars ?? [];
      const reads = new SpoolReads(ctx.node.reads, () =>
        configured.length > 0 ? configured : ctx.node.federation,
      );
      const tags = ['spool'];

      app.get<{ Querystring: { file_hash: string } }>(
        '/api/v1/spool/pieces',
        {
          schema: documented({
            summary: 'SPOOL pieces registered for a file hash',
            description: 'The pieces whose file is the given SHA-256 (at most one), or an empty list.',
            tags,
            querystring: {
              type: 'object',
              required: ['file_hash'],
              additionalProperties: false,
              properties: { file_hash: { ...hex64, description: "The file's lowercase hex SHA-256." } },
            },
            response: { 200: { type: 'array', items: pieceSummary }, ...refusals(400) },
          }),
        },
        async (req) => reads.piecesByHash(req.query.file_hash),
      );

      app.get<{ Params: { piece_id: string } }>(
        '/api/v1/spool/pieces/:piece_id',
        {
          schema: documented({
            summary: 'A SPOOL piece and its editions',
            description:
              'The piece (its PIECE transaction id), its file hash, its number of editions (null until ' +
              'set) and every registered edition, the master (edition 0) first, with who holds it now.',
            tags,
            params: { type: 'object', required: ['piece_id'], properties: { piece_id: hex64 } },
            response: {
              200: {
                type: 'object',
                properties: {
                  ...pieceSummary.properties,
                  editions: {
                    type: 'array',
                    items: {
                      type: 'object',
                      properties: {
                        edition: { type: 'integer' },
                        asset_id: { type: 'string' },
                        holder: nullableKey,
                      },
                    },
                  },
                  fields: { type: 'object', additionalProperties: true },
                },
              },
              ...refusals(400, 404),
            },
          }),
        },
        async (req) => {
          const piece = await reads.piece(req.params.piece_id);
          if (!piece) throw new ApiError(404, 'NotFound', `no SPOOL piece ${req.params.piece_id}`);
          return piece;
        },
      );

      app.get<{ Params: { piece_id: string; n: string } }>(
        '/api/v1/spool/pieces/:piece_id/editions/:n',
        {
          schema: documented({
            summary: "A SPOOL edition's holder and chain of custody",
            description:
              'Who holds the edition (the consignee while it is consigned; a loan does not move it), ' +
              'its consignor, its loans, its history in ledger order (block height, then position), ' +
              'and who may take each step now. Edition 0 is the master: its history holds PIECE and EDITIONS.',
            tags,
            params: {
              type: 'object',
              required: ['piece_id', 'n'],
              properties: {
                piece_id: hex64,
                n: {
                  type: 'string',
                  pattern: '^(0|[1-9][0-9]{0,5})$',
                  description: 'The edition number, 0 for the master.',
                },
              },
            },
            response: { 200: editionDetail, ...refusals(400, 404) },
          }),
        },
        async (req) => {
          const n = Number(req.params.n);
          if (n > numEditionsMax)
            throw new ApiError(400, 'InvalidParameter', `an edition number is at most ${numEditionsMax}`);
          const edition = await reads.edition(req.params.piece_id, n);
          if (!edition)
            throw new ApiError(404, 'NotFound', `no edition ${n} of SPOOL piece ${req.params.piece_id}`);
          return edition;
        },
      );

      app.get<{ Params: { public_key: string } }>(
        '/api/v1/spool/owners/:public_key',
        {
          schema: documented({
            summary: 'The SPOOL editions a key holds now',
            description:
              'Every edition whose current output belongs to the key, in the order they reached it.',
            tags,
            params: { type: 'object', required: ['public_key'], properties: { public_key: key } },
            response: {
              200: {
                type: 'array',
                items: {
                  type: 'object',
                  properties: {
                    piece_id: { type: 'string' },
                    edition: { type: 'integer' },
                    asset_id: { type: 'string' },
                  },
                },
              },
              ...refusals(400),
            },
          }),
        },
        async (req) => reads.heldBy(req.params.public_key),
      );
    },
  };
}
