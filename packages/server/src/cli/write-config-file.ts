import { chmod, mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';

/**
 * Writes a config file readable by its owner only (it holds the node's private key). The text
 * goes to a temporary file first and is renamed over the target, so a crash never leaves a
 * half-written config, and the mode is set before the key is on disk under the real name.
 */
export async function writeConfigFile(path: string, text: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  const temporary = `${path}.${process.pid}.tmp`;
  try {
    await writeFile(temporary, text, { mode: 0o600, flag: 'wx' });
    // The mode given to writeFile is filtered by the umask; 0600 must hold regardless.
    await chmod(temporary, 0o600);
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}
