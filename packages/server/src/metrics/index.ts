// The only public door of metrics: one registry fed by the node's events, the timed store and the
// HTTP edge; Prometheus text for `GET /metrics` and a StatsD push; the node's health status.
export {
  instrumentStore,
  timedStoreWrites,
  type StoreWriteObserver,
  type TimedStoreWrite,
} from './instrumented-store.js';
export { NodeMetrics, type MeteredNode, type NodeMetricsOptions } from './node-metrics.js';
export {
  NodeStatusProbe,
  nodeStatusCodes,
  type NodeStatus,
  type NodeStatusName,
  type NodeStatusOptions,
} from './node-status.js';
export { StatsdClient, type StatsdCounts, type StatsdOptions } from './statsd-client.js';
export { statsdFromConfig } from './statsd-config.js';
