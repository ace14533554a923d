import { spawn } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import { isAbsolute, resolve } from 'node:path';
import { eventDeliveryTimeoutMs } from '../constants.js';
import type { Logger } from '../log/index.js';

/** Delivers one event; throws when it was not delivered (so it is retried later). */
export interface EventHandler {
  readonly name: string;
  deliver(eventName: string, data: string): Promise<void>;
}

export type EventCallback = (eventName: string, data: Record<string, unknown>) => unknown;

/**
 * The seed's HTTPEventHandler: a form-encoded POST with `event_name` and `data` (the JSON payload;
 * amounts are strings), plus the seed's duplicate `xdata`, as its `simple_http_event_listener`
 * reads them. Anything but a 2xx answer is a failed delivery.
 */
export function httpEventHandler(name: string, url: string): EventHandler {
  return {
    name,
    async deliver(eventName, data) {
      const body = new URLSearchParams({ event_name: eventName, data, xdata: data });
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body,
        signal: AbortSignal.timeout(eventDeliveryTimeoutMs),
      });
      await res.arrayBuffer().catch(() => undefined);
      if (res.status < 200 || res.status > 299) throw new Error(`${url} answered ${res.status}`);
    },
  };
}

/** The seed's InProcessEventHandler: a function in the helper service's process; a throw (or a rejection) is a failed delivery. */
export function inProcessEventHandler(name: string, callback: EventCallback): EventHandler {
  return {
    name,
    async deliver(eventName, data) {
      await callback(eventName, JSON.parse(data) as Record<string, unknown>);
    },
  };
}

/**
 * Loads the callback a config names: `path/to/module.mjs#exportName` (relative to the config
 * file's folder) or `package-name#exportName`; without `#name`, the module's default export.
 * The seed's dotted Python names have no meaning here.
 */
export async function loadCallback(spec: string, baseDir: string): Promise<EventCallback> {
  const [modulePart, exportName = 'default'] = spec.split('#');
  const target = modulePart ?? '';
  const url =
    target.startsWith('.') || isAbsolute(target) ? pathToFileURL(resolve(baseDir, target)).href : target;
  const module = (await import(url)) as Record<string, unknown>;
  const fn = module[exportName];
  if (typeof fn !== 'function') throw new Error(`${spec}: ${exportName} is not a function`);
  return fn as EventCallback;
}

/**
 * The seed's ScriptEventHandler: runs a shell command with `CRYPTOASSETS_EVENT_NAME` and
 * `CRYPTOASSETS_EVENT_DATA` in its environment; a non-zero exit is a failed delivery
 * (ScriptNotificationFailed), retried like any other. With `logOutput`, its output is logged.
 */
export function scriptEventHandler(
  name: string,
  script: string,
  logOutput: boolean,
  log: Logger,
): EventHandler {
  return {
    name,
    deliver: (eventName, data) =>
      new Promise((resolveDelivery, reject) => {
        const child = spawn('/bin/sh', ['-c', script], {
          env: { ...process.env, CRYPTOASSETS_EVENT_NAME: eventName, CRYPTOASSETS_EVENT_DATA: data },
          stdio: ['ignore', 'pipe', 'pipe'],
          timeout: eventDeliveryTimeoutMs,
        });
        let output = '';
        child.stdout.on('data', (d: Buffer) => (output += d.toString()));
        child.stderr.on('data', (d: Buffer) => (output += d.toString()));
        child.on('error', reject);
        child.on('close', (code, signal) => {
          if (logOutput && output !== '')
            log.info('event script output', { handler: name, output: output.trim() });
          if (code === 0) resolveDelivery();
          else reject(new Error(`ScriptNotificationFailed: ${script} exited ${code ?? signal}`));
        });
      }),
  };
}
