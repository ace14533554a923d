import { defaultPeerPort } from './constants.js';

/**
 * A peer's base URL from what an operator writes (the seed's forms: `host:port`, `host`,
 * `http://host:port`): the port defaults to 12345 and must be 1–65535; `localhost` and `0.0.0.0`
 * mean 127.0.0.1, as in the seed. Throws a RangeError naming the bad address.
 */
export function peerUrl(address: string): string {
  const text = address.trim();
  if (text === '') throw new RangeError('an empty peer address');
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `http://${text}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    throw new RangeError(`not a peer address: ${address}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new RangeError(`a peer address is http or https: ${address}`);
  const explicit = /:(\d+)(\/|$)/.exec(text.replace(/^[a-z]+:\/\//i, ''));
  const port = url.port === '' ? (explicit ? Number(explicit[1]) : defaultPeerPort) : Number(url.port);
  if (!Number.isInteger(port) || port < 1 || port > 65535)
    throw new RangeError(`port out of range in ${address}`);
  const host = url.hostname === 'localhost' || url.hostname === '0.0.0.0' ? '127.0.0.1' : url.hostname;
  return `${url.protocol}//${host}:${port}`;
}

/** Parses a comma-separated list (`BIGCHAINDB_PEERS`, `--neighbours`), dropping duplicates. */
export function peerUrls(list: string | readonly string[]): string[] {
  const items = typeof list === 'string' ? list.split(',') : list;
  return [
    ...new Set(
      items
        .map((s) => s.trim())
        .filter((s) => s !== '')
        .map(peerUrl),
    ),
  ];
}

/** The seed's `[host, port]` pair of a base URL (`GET /neighbours`). */
export function hostPort(url: string): [string, number] {
  const u = new URL(url);
  return [u.hostname, Number(u.port)];
}
