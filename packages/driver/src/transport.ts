import { BadResponseError, HttpError, NetworkError, TimeoutError } from './errors.js';
import { errorTextCharsMax } from './limits.js';

/** One HTTP exchange, already aimed at a node. */
export interface Exchange {
  readonly method: 'GET' | 'POST';
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  /** Sent as JSON text. */
  readonly body?: unknown;
  /** For the whole exchange: connecting, sending, and reading the answer to its last byte. */
  readonly timeoutMs: number;
}

/** `fetch` as the driver uses it; injectable for environments that wrap it (auth, tracing). */
export type FetchLike = (url: string, init: RequestInit) => Promise<Response>;

/** A 2xx answer: its JSON body, and its headers (e.g. the next page's cursor). */
export interface Reply {
  readonly json: unknown;
  readonly headers: { get(name: string): string | null };
}

/**
 * Sends one request and returns the parsed JSON of a 2xx answer, with its headers. Throws HttpError for any other
 * status (with the server's message and code), BadResponseError for a 2xx that is not JSON,
 * TimeoutError when `timeoutMs` runs out first, and NetworkError when the connection fails.
 * Uses only `fetch`, `AbortController` and `setTimeout`, so it runs in Node 20 and browsers alike.
 */
export async function exchange(fetchFn: FetchLike, ex: Exchange): Promise<Reply> {
  const headers: Record<string, string> = { Accept: 'application/json', ...ex.headers };
  if (ex.body !== undefined) headers['Content-Type'] = 'application/json';
  // Serialized before anything is sent: a body that cannot be JSON is the caller's error, not the network's.
  const body = ex.body === undefined ? null : JSON.stringify(ex.body);
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, ex.timeoutMs);
  let status: number;
  let text: string;
  let statusText: string;
  let resHeaders: Reply['headers'];
  try {
    // The body is read inside the timer too: a server that sends headers and then stalls is as
    // slow as one that never answers.
    const res = await fetchFn(ex.url, {
      method: ex.method,
      headers,
      body,
      signal: controller.signal,
    });
    status = res.status;
    statusText = res.statusText;
    resHeaders = res.headers;
    text = await res.text();
  } catch (cause) {
    if (timedOut) {
      throw new TimeoutError(`${ex.method} ${ex.url}: no complete answer within ${ex.timeoutMs} ms`, {
        url: ex.url,
        timeoutMs: ex.timeoutMs,
        cause,
      });
    }
    throw new NetworkError(`${ex.method} ${ex.url}: ${describeNetworkFailure(cause)}`, {
      url: ex.url,
      cause,
    });
  } finally {
    clearTimeout(timer);
  }

  const json = parseJson(text);
  if (status >= 200 && status < 300) {
    if (json.ok) return { json: json.value, headers: resHeaders };
    throw new BadResponseError(
      `${ex.method} ${ex.url}: answered ${status} without a JSON body (${text.length === 0 ? 'empty' : 'not JSON'})`,
      { url: ex.url, status },
    );
  }
  const { message, code } = json.ok ? errorFields(json.value) : { message: undefined, code: undefined };
  throw new HttpError({
    message: message ?? `${status} ${statusText}${text ? `: ${text.slice(0, errorTextCharsMax)}` : ''}`,
    status,
    code,
    method: ex.method,
    url: ex.url,
    body: json.ok ? json.value : text,
  });
}

function parseJson(text: string): { ok: true; value: unknown } | { ok: false } {
  if (text.trim() === '') return { ok: false };
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false };
  }
}

/**
 * The server's reason from an error body. BigchainDB's is `{"message": "...", "status": N}` (ours
 * adds `code`); its parameter errors put an object in `message` (`{"asset_id": "Invalid hash"}`),
 * which becomes `asset_id: Invalid hash`.
 */
function errorFields(body: unknown): { message: string | undefined; code: string | undefined } {
  if (typeof body !== 'object' || body === null) return { message: undefined, code: undefined };
  const { message, code } = body as { message?: unknown; code?: unknown };
  let text: string | undefined;
  if (typeof message === 'string') text = message;
  else if (typeof message === 'object' && message !== null) {
    text = Object.entries(message)
      .map(([k, v]) => `${k}: ${typeof v === 'string' ? v : JSON.stringify(v)}`)
      .join('; ');
  }
  return { message: text, code: typeof code === 'string' ? code : undefined };
}

// Node's fetch says only "fetch failed"; the useful part (ECONNREFUSED, ECONNRESET, ...) is in the
// cause chain.
function describeNetworkFailure(err: unknown): string {
  const parts: string[] = [];
  for (let e: unknown = err, depth = 0; e instanceof Error && depth < 4; e = e.cause, depth++) {
    const code = (e as { code?: unknown }).code;
    parts.push(typeof code === 'string' && !e.message.includes(code) ? `${e.message} (${code})` : e.message);
  }
  return parts.length === 0 ? String(err) : parts.join(': ');
}
