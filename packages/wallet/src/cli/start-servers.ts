import { buildApi } from '../api/index.js';
import { isLoopback } from '../config/index.js';
import { WalletConfigError } from '../errors.js';
import type { WalletService } from '../service/index.js';
import { startStatusServer } from '../status/index.js';

/**
 * Starts the status server and the JSON API of a helper service, as its config says. The API has
 * no default token: without `api.token` it starts only on a loopback address.
 */
export async function startServers(service: WalletService): Promise<void> {
  const { statusServer, api } = service.config;
  if (statusServer.enabled) {
    const status = await startStatusServer(service, statusServer.ip, statusServer.port);
    service.addServer(status);
    service.log.info('status server listening', { url: `http://${statusServer.ip}:${statusServer.port}/` });
  }
  if (api.enabled) {
    if (api.token === undefined && !isLoopback(api.host))
      throw new WalletConfigError(
        `api.token: the API on ${api.host} needs a token (only a loopback address may go without)`,
      );
    const app = buildApi(service.book, { token: api.token });
    await app.listen({ host: api.host, port: api.port });
    service.addServer({ close: () => app.close() });
    service.log.info('JSON API listening', {
      url: `http://${api.host}:${api.port}/api/v1/`,
      token: api.token === undefined ? 'none (loopback)' : 'required',
    });
  }
}
