/**
 * Everything the driver throws is one of these: real `Error`s with a stack and a `name`, so
 * `instanceof`, `err.message` and `err.cause` work (the official driver rejects with plain objects
 * and loses the cause and the server's reason).
 */

/** The base class: catch this to catch anything the driver throws about a request. */
export class DriverError extends Error {
  override readonly name: string = 'DriverError';
  /** The URL of the last request, when there was one. */
  readonly url: string | undefined;
  constructor(message: string, options: { url?: string; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.url = options.url;
  }
}

/**
 * The server answered with a non-2xx status. `message`, `status` and `code` are the server's own,
 * read from its `{"message", "status", "code"}` body; `body` is that body as parsed (or its text).
 */
export class HttpError extends DriverError {
  override readonly name = 'HttpError';
  readonly status: number;
  /** The machine-readable reason (e.g. `DoubleSpend`), when the server sent one. */
  readonly code: string | undefined;
  readonly method: string;
  readonly body: unknown;
  constructor(args: {
    message: string;
    status: number;
    code?: string | undefined;
    method: string;
    url: string;
    body: unknown;
  }) {
    super(args.message, { url: args.url });
    this.status = args.status;
    this.code = args.code;
    this.method = args.method;
    this.body = args.body;
  }
}

/** No complete answer came within the time allowed (one request's, or a whole call's). */
export class TimeoutError extends DriverError {
  override readonly name = 'TimeoutError';
  readonly timeoutMs: number;
  constructor(message: string, options: { url?: string; timeoutMs: number; cause?: unknown }) {
    super(message, options);
    this.timeoutMs = options.timeoutMs;
  }
}

/** The request did not reach the server or its answer was cut off (refused, reset, DNS...). `cause` says why. */
export class NetworkError extends DriverError {
  override readonly name = 'NetworkError';
}

/**
 * A 2xx answer that is not JSON. Never retried: for a POST, the server did act on the request, and
 * re-sending it (as the official driver does) only hides a broken server or proxy.
 */
export class BadResponseError extends DriverError {
  override readonly name = 'BadResponseError';
  readonly status: number;
  constructor(message: string, options: { url: string; status: number; cause?: unknown }) {
    super(message, options);
    this.status = options.status;
  }
}

/** A transaction the caller waited for was decided invalid; `reasonCode` and `reason` are the node's. */
export class TransactionInvalidError extends DriverError {
  override readonly name = 'TransactionInvalidError';
  readonly transactionId: string;
  readonly reasonCode: string | null;
  readonly reason: string | null;
  constructor(transactionId: string, reasonCode: string | null, reason: string | null) {
    super(
      `transaction ${transactionId} is invalid${reasonCode ? ` (${reasonCode})` : ''}: ${reason ?? 'no reason given'}`,
    );
    this.transactionId = transactionId;
    this.reasonCode = reasonCode;
    this.reason = reason;
  }
}

/**
 * Whether another attempt (on this node after its backoff, or on another node) may succeed: the node
 * was unreachable, too slow, overloaded or broken. A 4xx is the request's fault and is final.
 */
export function isRetryable(err: unknown): boolean {
  if (err instanceof NetworkError || err instanceof TimeoutError) return true;
  if (err instanceof HttpError) return err.status >= 500 || err.status === 408 || err.status === 429;
  return false;
}
