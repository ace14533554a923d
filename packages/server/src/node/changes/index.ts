// How a node hears of changes written by others: one interface, the store's notifications as the
// default implementation.
export {
  mergedChangeSource,
  storeChangeSource,
  type ChangeSource,
  type ChangeSubscription,
} from './change-source.js';
