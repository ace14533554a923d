import { loadWalletConfig } from '../config/index.js';
import { createLogger } from '../log/index.js';
import { WalletService, type WalletServiceOptions } from '../service/index.js';

/**
 * `bigchaindb wallet helper-service CONFIG`. SIGTERM or the first SIGINT: clean shutdown, exit 0
 * (a second SIGINT kills at once, as the seed's does); a dead subsystem: shutdown, exit 2.
 *
 * `BIGCHAINDB_WALLET_CRASH_AT=after-open|after-post` kills the process with SIGKILL at that point
 * of its first broadcast: a fault injection for the crash tests, never set in production.
 */
export async function runHelperService(path: string): Promise<void> {
  const config = loadWalletConfig(path);
  const log = createLogger();
  const crashAt = process.env.BIGCHAINDB_WALLET_CRASH_AT;
  const die = () => process.kill(process.pid, 'SIGKILL');
  const hooks: WalletServiceOptions['hooks'] =
    crashAt === 'after-open' ? { afterOpen: die } : crashAt === 'after-post' ? { afterPost: die } : {};
  const service = await WalletService.open(config, { log, hooks });
  const { startServers } = await import('./start-servers.js');
  let stopping: Promise<void> | undefined;
  const shutdown = (code: number, why: string) => {
    if (stopping !== undefined) return stopping;
    log.info(`shutting down: ${why}`);
    stopping = service.stop().then(
      () => {
        log.info('stopped');
        process.exit(code);
      },
      (err: unknown) => {
        log.error('shutdown failed', { error: err });
        process.exit(code === 0 ? 1 : code);
      },
    );
    return stopping;
  };
  process.once('SIGTERM', () => void shutdown(0, 'SIGTERM'));
  process.once('SIGINT', () => {
    process.once('SIGINT', () => process.exit(130));
    void shutdown(0, 'SIGINT');
  });
  try {
    await startServers(service);
    await service.start((subsystem, err) => {
      log.error(`subsystem ${subsystem} died`, { error: err });
      void shutdown(2, `subsystem ${subsystem} died`);
    });
  } catch (err) {
    await service.stop().catch(() => undefined);
    throw err;
  }
  log.info('helper service running', {
    coins: [...service.coins.keys()],
    database: service.db.description,
    events: config.events.map((e) => e.name),
  });
}
