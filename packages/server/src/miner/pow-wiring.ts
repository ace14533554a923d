import { makeCreateTransaction, makeOwnerOutput, signTransaction, type Keypair } from '@bigchaindb-ts/core';
import type { Logger } from 'pino';
import type { RouteModule } from '../http/index.js';
import { proofOfWorkMode, type Bigchain, type PowMode } from '../node/index.js';
import { PeerNetwork, peerRouteModule, type PeerNetworkOptions } from '../peers/index.js';

/** The peers side of a proof-of-work node: its network jobs and its routes. */
export interface PowPeers {
  readonly network: PeerNetwork;
  readonly routes: RouteModule;
}

/** The proof-of-work mode for a node, from its settings. */
export function powMode(o: {
  network: string;
  difficulty: number;
  confirmations?: number;
  blockIntervalMs?: number;
}): PowMode {
  return proofOfWorkMode({
    network: { name: o.network, difficulty: o.difficulty },
    ...(o.confirmations === undefined ? {} : { confirmations: o.confirmations }),
    ...(o.blockIntervalMs === undefined ? {} : { blockIntervalMs: o.blockIntervalMs }),
  });
}

/**
 * Joins a started node in proof-of-work mode to its peers: the peer network (started by the
 * caller once the port listens) and the route module with the seed's endpoints, whose `PUT /add`
 * turns a message into a CREATE signed by `keypair`.
 */
export function powPeers(
  node: Bigchain,
  mode: PowMode,
  keypair: Keypair,
  options: Omit<PeerNetworkOptions, 'node' | 'chain'> & { logger: Logger },
): PowPeers {
  const network = new PeerNetwork({ ...options, node, chain: mode.chain });
  const routes = peerRouteModule({
    network,
    chain: mode.chain,
    addMessage: async (message, nonce) => {
      const tx = signTransaction(
        makeCreateTransaction(
          { message },
          { id: nonce },
          [makeOwnerOutput(keypair.publicKey, '1')],
          [keypair.publicKey],
        ),
        keypair.privateKey,
      );
      const r = await node.submit(JSON.stringify(tx), 'async');
      return r.ok ? { ok: true } : { ok: false, error: r.error.message };
    },
  });
  return { network, routes };
}
