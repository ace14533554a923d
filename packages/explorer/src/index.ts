import { fileURLToPath } from 'node:url';

/**
 * The built explorer (`index.html` and `static/`), made by `npm run bundle` (part of the root
 * build). Servers read it from here: `bigchaindb start` at `/explorer/`, and `bigchaindb ui`.
 */
export const explorerFilesDir: string = fileURLToPath(new URL('./public/', import.meta.url));
