export { Keystore, passphraseVariable, type SealedKey } from './keystore.js';
