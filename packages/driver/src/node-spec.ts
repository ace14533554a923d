/** A node as given to a Connection: its URL alone, or with headers sent only to it (e.g. an API key). */
export type NodeSpec = string | { readonly url: string; readonly headers?: Readonly<Record<string, string>> };

/** A node as the connection uses it: the API root without a trailing slash, and its own headers. */
export interface NodeTarget {
  /** E.g. `http://localhost:9984/api/v1`. */
  readonly apiRoot: string;
  readonly headers: Readonly<Record<string, string>>;
}

const apiPath = '/api/v1';

/**
 * Accepts the node's origin (`http://host:9984`, as the seed's `temp_client` and `NodeProcess.url`
 * give it) or its API root (`http://host:9984/api/v1/`, as the official driver wants it): a path
 * that does not already end in `/api/v1` gets it appended, so a node behind a proxy prefix
 * (`https://gw/bdb`) works too. Query and fragment are not allowed; they would be lost.
 */
export function nodeTarget(spec: NodeSpec): NodeTarget {
  const raw = typeof spec === 'string' ? spec : spec.url;
  let url: URL;
  try {
    url = new URL(raw);
  } catch (cause) {
    throw new TypeError(`not a node URL: ${raw}`, { cause });
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new TypeError(`a node URL is http: or https:, got ${raw}`);
  }
  if (url.search !== '' || url.hash !== '')
    throw new TypeError(`a node URL has no query or fragment: ${raw}`);
  const path = url.pathname.replace(/\/+$/, '');
  const root = path.endsWith(apiPath) ? path : `${path}${apiPath}`;
  return { apiRoot: `${url.origin}${root}`, headers: typeof spec === 'string' ? {} : { ...spec.headers } };
}
