export { Broadcaster, type BroadcastHooks } from './broadcaster.js';
export { changeKey, ledgerBalance } from './hot-keys.js';
