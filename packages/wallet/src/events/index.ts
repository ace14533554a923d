export { EventDispatcher, type DispatcherOptions } from './dispatcher.js';
export {
  httpEventHandler,
  inProcessEventHandler,
  loadCallback,
  scriptEventHandler,
  type EventCallback,
  type EventHandler,
} from './handlers.js';
