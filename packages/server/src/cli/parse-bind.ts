/** Splits `server.bind` (`host:port`, `[v6]:port`) into what `listen` takes. */
export function parseBind(bind: string): { host: string; port: number } {
  const m = /^(?:\[([^\]]+)\]|([^:]*)):(\d{1,5})$/.exec(bind.trim());
  const port = m ? Number(m[3]) : NaN;
  if (!m || !(port >= 0 && port <= 65535)) throw new Error(`server.bind must be host:port, got "${bind}"`);
  return { host: m[1] ?? (m[2] || '0.0.0.0'), port };
}
