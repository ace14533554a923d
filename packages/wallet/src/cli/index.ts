export { defineWalletCommands } from './define-wallet-commands.js';
