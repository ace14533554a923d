// Peers of the proof-of-work network: addresses, the peer set with eviction, the HTTP client,
// gossip, transaction relay, block announcements, catch-up, and the routes on the node's port.
export * as peerLimits from './constants.js';
export {
  defaultPeerPort,
  gossipIntervalMsDefault,
  peersMaxDefault,
  syncIntervalMsDefault,
} from './constants.js';
export { hostPort, peerUrl, peerUrls } from './peer-address.js';
export { PeerClient, PeerRequestError, type PeerTip } from './peer-client.js';
export {
  BacklogFullError,
  PeerNetwork,
  type PeerNetworkOptions,
  type PeerNode,
  type PeerReport,
  type PeersReport,
} from './peer-network.js';
export { PeerSet, type PeerState, type PeerStateName } from './peer-set.js';
export { peerRouteModule, type PeerRoutesOptions } from './peer-routes.js';
