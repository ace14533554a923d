import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { WalletService } from '../service/index.js';

const esc = (v: unknown) =>
  (typeof v === 'string'
    ? v
    : typeof v === 'number' || typeof v === 'bigint'
      ? v.toString()
      : v == null
        ? ''
        : JSON.stringify(v)
  ).replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  );
const time = (v: unknown) => (v === null || v === undefined ? '' : new Date(Number(v)).toISOString());

function table(headers: readonly string[], rows: readonly (readonly unknown[])[]): string {
  return `<table border="1"><tr>${headers.map((h) => `<th>${esc(h)}</th>`).join('')}</tr>${rows
    .map((r) => `<tr>${r.map((c) => `<td>${esc(c)}</td>`).join('')}</tr>`)
    .join('')}</table>`;
}

/**
 * The seed's status server (diagnostics only; on loopback by default, never to be exposed): HTML
 * pages of the helper service and its tables. `X-Status-Server-Location` prefixes every link, for
 * use behind a reverse proxy.
 */
export function startStatusServer(
  service: WalletService,
  host: string,
  port: number,
): Promise<{ server: Server; close(): Promise<void> }> {
  const pages: Record<string, () => Promise<string>> = {
    '/': async () => {
      const loops = service.loops.map((l) => [
        l.name,
        l.alive ? 'running' : 'dead',
        time(l.lastRunAt),
        l.lastError ?? '',
      ]);
      const coins = [];
      for (const [name, coin] of service.coins) {
        const state = await service.book.read((b) =>
          b.s.get(`SELECT height, valid_count FROM follow_state WHERE coin = ?`, [name]),
        );
        coins.push([
          name,
          coin.rules.assetId,
          coin.backend.urls.join(' '),
          state?.height ?? '-',
          String(service.lastScan.get(name)?.missed ?? '-'),
        ]);
      }
      const last = await service.book.read((b) =>
        b.s.get(`SELECT MAX(closed_at) AS t FROM network_transactions WHERE transaction_type = 'broadcast'`),
      );
      return `<h2>Coins</h2>${table(['coin', 'asset', 'backend', 'followed to height', 'missed at last rescan'], coins)}
<h2>Jobs</h2>${table(['job', 'state', 'last run (UTC)', 'last error'], loops)}
<p>Events waiting for delivery: ${await service.dispatcher.backlog()}</p>
<p>Last transaction broadcast (UTC): ${esc(time(last?.t))}</p><p>Database: ${esc(service.db.description)}</p>`;
    },
    '/accounts': async () =>
      table(
        ['currency', 'id', 'name', 'balance', 'address count', 'received tx count', 'sent tx count'],
        (
          await service.book.read((b) =>
            b.s.all(`SELECT w.coin, a.id, a.name, a.balance,
              (SELECT COUNT(*) FROM addresses d WHERE d.account_id = a.id) AS addresses,
              (SELECT COUNT(*) FROM transactions t WHERE t.receiving_account_id = a.id) AS received,
              (SELECT COUNT(*) FROM transactions t WHERE t.sending_account_id = a.id) AS sent
              FROM accounts a JOIN wallets w ON w.id = a.wallet_id ORDER BY a.id`),
          )
        ).map((r) => [r.coin, r.id, r.name, r.balance, r.addresses, r.received, r.sent]),
      ),
    '/addresses': async () =>
      table(
        ['currency', 'id', 'address', 'account', 'name', 'balance'],
        (
          await service.book.read((b) =>
            b.s.all(
              `SELECT w.coin, d.id, d.address, d.account_id, d.label, d.balance FROM addresses d JOIN wallets w ON w.id = d.wallet_id ORDER BY d.id DESC LIMIT 1000`,
            ),
          )
        ).map((r) => [r.coin, r.id, r.address, r.account_id ?? '(external)', r.label, r.balance]),
      ),
    '/transactions': async () =>
      table(
        [
          'currency',
          'id',
          'txid',
          'state',
          'amount',
          'label',
          'confirmations',
          'created_at',
          'credited_at',
          'processed_at',
          'wallet',
          'sending account',
          'receiving account',
        ],
        (
          await service.book.read((b) =>
            b.s
              .all(`SELECT w.coin, t.*, n.txid, n.confirmations FROM transactions t JOIN wallets w ON w.id = t.wallet_id
              LEFT JOIN network_transactions n ON n.id = t.network_transaction_id ORDER BY t.id DESC LIMIT 1000`),
          )
        ).map((r) => [
          r.coin,
          r.id,
          r.txid,
          r.state,
          r.amount,
          r.label,
          r.confirmations ?? -1,
          time(r.created_at),
          time(r.credited_at),
          time(r.processed_at),
          r.wallet_id,
          r.sending_account_id,
          r.receiving_account_id,
        ]),
      ),
    '/wallets': async () =>
      table(
        ['currency', 'id', 'name', 'accounts', 'balance'],
        (
          await service.book.read((b) =>
            b.s.all(
              `SELECT w.coin, w.id, w.name, w.balance, (SELECT COUNT(*) FROM accounts a WHERE a.wallet_id = w.id) AS accounts FROM wallets w ORDER BY w.id`,
            ),
          )
        ).map((r) => [r.coin, r.id, r.name, r.accounts, r.balance]),
      ),
    '/network_transactions': async () =>
      table(
        [
          'currency',
          'id',
          'transaction_type',
          'state',
          'txid',
          'confirmations',
          'created_at',
          'opened_at',
          'closed_at',
        ],
        (
          await service.book.read((b) =>
            b.s.all(`SELECT * FROM network_transactions ORDER BY id DESC LIMIT 1000`),
          )
        ).map((r) => [
          r.coin,
          r.id,
          r.transaction_type,
          r.state,
          r.txid,
          r.confirmations,
          time(r.created_at),
          time(r.opened_at),
          time(r.closed_at),
        ]),
      ),
  };
  const nav = ['/', '/accounts', '/addresses', '/transactions', '/wallets', '/network_transactions'];
  const names = ['Main', 'Accounts', 'Addresses', 'Transactions', 'Wallets', 'Network transactions'];
  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const prefix = String(req.headers['x-status-server-location'] ?? '').replace(/\/$/, '');
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    const page = pages[path];
    if (page === undefined) {
      res.writeHead(404, { 'content-type': 'text/html; charset=utf-8' }).end('<h1>Not found</h1>');
      return;
    }
    const links = nav.map((p, i) => `<a href="${esc(prefix + p)}">${names[i]}</a>`).join(' | ');
    const body = await page();
    res
      .writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
      .end(
        `<!doctype html><html><head><title>Wallet helper service status</title></head><body><nav>${links}</nav>${body}</body></html>`,
      );
  };
  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      res.writeHead(500, { 'content-type': 'text/plain' }).end(`error: ${(err as Error).message}`);
    });
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () =>
      resolve({ server, close: () => new Promise<void>((done) => server.close(() => done())) }),
    );
  });
}
