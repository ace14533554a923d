import type { WalletService } from '../service/index.js';

/** Starts the status server and the JSON API of a helper service, as its config says. */
export async function startServers(_service: WalletService): Promise<void> {
  // Filled in by the status server and the API.
}
