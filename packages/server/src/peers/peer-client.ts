import { peerAnswerBytesMax } from './constants.js';

/** A peer's answer that could not be had: unreachable, timed out, an error status or not JSON. */
export class PeerRequestError extends Error {
  constructor(
    readonly url: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(`${url}: ${message}`, options);
    this.name = 'PeerRequestError';
  }
}

/** What a peer says of itself and its chain (`GET /api/v1/peers/tip`). */
export interface PeerTip {
  readonly network_id: string;
  readonly node_key: string;
  readonly height: number;
  readonly hash: string;
}

/**
 * The calls one node makes to another, each with a timeout (F-C2: the seed had none, and one dead
 * neighbour killed a job for good). Every answer is checked for its shape before it is used.
 */
export class PeerClient {
  constructor(
    private readonly timeoutMs: number,
    /** This node's own URL, sent with pushes so the receiver may add it as a peer. */
    private readonly selfUrl: string,
    private readonly answerBytesMax: number = peerAnswerBytesMax,
  ) {}

  async tip(peer: string): Promise<PeerTip> {
    const body = await this.#json(peer, '/api/v1/peers/tip');
    const t = body as Partial<PeerTip>;
    if (
      typeof t.network_id !== 'string' ||
      typeof t.node_key !== 'string' ||
      !Number.isSafeInteger(t.height) ||
      typeof t.hash !== 'string'
    )
      throw new PeerRequestError(peer, 'a malformed tip');
    return t as PeerTip;
  }

  /** The peer's own peers, as base URLs. */
  async neighbours(peer: string): Promise<string[]> {
    const body = (await this.#json(peer, '/api/v1/peers')) as { peers?: unknown };
    if (!Array.isArray(body.peers)) throw new PeerRequestError(peer, 'a malformed peer list');
    return body.peers
      .map((p) => (typeof p === 'object' && p !== null ? (p as { url?: unknown }).url : undefined))
      .filter((u): u is string => typeof u === 'string');
  }

  async hashes(peer: string, from: number, limit: number): Promise<{ height: number; hash: string }[]> {
    const body = (await this.#json(peer, `/api/v1/peers/hashes?from=${from}&limit=${limit}`)) as {
      hashes?: unknown;
    };
    if (!Array.isArray(body.hashes)) throw new PeerRequestError(peer, 'a malformed hash list');
    return body.hashes.filter(
      (h): h is { height: number; hash: string } =>
        typeof h === 'object' &&
        h !== null &&
        Number.isSafeInteger((h as { height?: unknown }).height) &&
        typeof (h as { hash?: unknown }).hash === 'string',
    );
  }

  async blocks(peer: string, from: number, limit: number): Promise<unknown[]> {
    const body = (await this.#json(peer, `/api/v1/peers/blocks?from=${from}&limit=${limit}`)) as {
      blocks?: unknown;
    };
    if (!Array.isArray(body.blocks)) throw new PeerRequestError(peer, 'a malformed block list');
    return body.blocks as unknown[];
  }

  /** The peer's pending transactions (the seed's `GET /data`). */
  async pending(peer: string): Promise<unknown[]> {
    let res: Response;
    try {
      res = await fetch(`${peer}/data`, { signal: AbortSignal.timeout(this.timeoutMs) });
    } catch (err) {
      throw new PeerRequestError(peer, `unreachable (${(err as Error).message})`, { cause: err });
    }
    const body: unknown = await this.#read(peer, res).catch((err: unknown) => {
      if (err instanceof PeerRequestError) throw err;
      return undefined;
    });
    if (!res.ok || !Array.isArray(body)) throw new PeerRequestError(peer, 'a malformed /data answer');
    return body as unknown[];
  }

  async pushTransactions(peer: string, transactions: readonly unknown[]): Promise<void> {
    await this.#json(peer, '/api/v1/peers/transactions', { from: this.selfUrl, transactions });
  }

  async announce(peer: string, tip: { network_id: string; height: number; hash: string }): Promise<void> {
    await this.#json(peer, '/api/v1/peers/announce', { from: this.selfUrl, ...tip });
  }

  async #json(peer: string, path: string, post?: unknown): Promise<unknown> {
    let res: Response;
    try {
      res = await fetch(peer + path, {
        method: post === undefined ? 'GET' : 'POST',
        signal: AbortSignal.timeout(this.timeoutMs),
        ...(post === undefined
          ? {}
          : { body: JSON.stringify(post), headers: { 'content-type': 'application/json' } }),
      });
    } catch (err) {
      throw new PeerRequestError(peer, `unreachable (${(err as Error).message})`, { cause: err });
    }
    let body: unknown;
    try {
      body = await this.#read(peer, res);
    } catch (err) {
      if (err instanceof PeerRequestError) throw err;
      throw new PeerRequestError(peer, `answered ${res.status} with no JSON`, { cause: err });
    }
    if (!res.ok) throw new PeerRequestError(peer, `answered ${res.status}`);
    if (typeof body !== 'object' || body === null) throw new PeerRequestError(peer, 'answered no object');
    return body;
  }

  /** The answer's JSON, read up to `answerBytesMax` bytes: a longer answer is cut off and refused. */
  async #read(peer: string, res: Response): Promise<unknown> {
    const tooLong = () => new PeerRequestError(peer, `answered more than ${this.answerBytesMax} bytes`);
    const declared = Number(res.headers.get('content-length'));
    if (Number.isFinite(declared) && declared > this.answerBytesMax) {
      await res.body?.cancel();
      throw tooLong();
    }
    const chunks: Uint8Array[] = [];
    let size = 0;
    if (res.body !== null)
      for await (const chunk of res.body as AsyncIterable<Uint8Array>) {
        size += chunk.byteLength;
        if (size > this.answerBytesMax) throw tooLong(); // leaving the loop cancels the stream
        chunks.push(chunk);
      }
    return JSON.parse(Buffer.concat(chunks, size).toString('utf8')) as unknown;
  }
}
