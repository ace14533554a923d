import { DriverError } from './errors.js';

/** The part of the WebSocket API the driver uses; both the browser's and the `ws` package's have it. */
export interface WebSocketLike {
  onopen: ((event: unknown) => void) | null;
  onmessage: ((event: { data: unknown }) => void) | null;
  onclose: ((event: { code: number; reason: string }) => void) | null;
  onerror: ((event: unknown) => void) | null;
  close(code?: number, reason?: string): void;
}

/**
 * A WebSocket class. The third argument is the `ws` package's options (request headers); browsers
 * cannot set headers on a WebSocket and ignore it.
 */
export type WebSocketConstructor = new (
  url: string,
  protocols?: string | string[],
  options?: { headers?: Record<string, string> },
) => WebSocketLike;

/**
 * The WebSocket class to use: the one given, else the global one (browsers, Node ≥ 22), else the
 * `ws` package, loaded only now so that the driver neither depends on it nor loads it unless a
 * stream is used.
 */
export async function resolveWebSocket(
  given: WebSocketConstructor | undefined,
): Promise<WebSocketConstructor> {
  if (given !== undefined) return given;
  const global = (globalThis as { WebSocket?: WebSocketConstructor }).WebSocket;
  if (global !== undefined) return global;
  // A computed specifier keeps bundlers and TypeScript from resolving `ws` at build time.
  const specifier = 'ws';
  try {
    const mod = (await import(specifier)) as {
      WebSocket?: WebSocketConstructor;
      default?: WebSocketConstructor;
    };
    const ctor = mod.WebSocket ?? mod.default;
    if (typeof ctor === 'function') return ctor;
  } catch (cause) {
    throw new DriverError(noWebSocket, { cause });
  }
  throw new DriverError(noWebSocket);
}

const noWebSocket =
  'no WebSocket implementation: this runtime has no global WebSocket and the "ws" package could not be ' +
  'loaded; install "ws" or pass the WebSocket class as the Connection option `WebSocket`';
