export { Bigchain, type BigchainOptions, type BlockEvent, type TxEvent } from './bigchain.js';
export { createNode } from './open-node.js';
export { StatelessValidator } from './stateless-validator.js';
export { BigchainApi } from './library-api.js';
