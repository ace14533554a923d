import type { Config } from '../config/index.js';
import { StatsdClient } from './statsd-client.js';

/**
 * The StatsD client the seed's `statsd` settings describe, or none when `statsd.host` is empty
 * (the switch-off). The seed's example host was a URL (`http://monitor.example`): its host name
 * is what is meant, so a scheme and path are dropped.
 */
export function statsdFromConfig(config: Pick<Config, 'statsd'>): StatsdClient | undefined {
  const host = hostOf(config.statsd.host.trim());
  if (host === '') return undefined;
  return new StatsdClient({ host, port: config.statsd.port, rate: config.statsd.rate });
}

function hostOf(text: string): string {
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(text)) return text;
  try {
    return new URL(text).hostname.replace(/^\[(.*)\]$/, '$1');
  } catch {
    return text;
  }
}
