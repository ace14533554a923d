export {
  explorerFilesDir,
  explorerPrefix,
  explorerRoutes,
  registerExplorerFiles,
  type ExplorerFilesOptions,
} from './explorer-routes.js';
