import { openSync, writeSync, closeSync, readFileSync, renameSync, rmSync, mkdirSync } from 'node:fs';
import path from 'node:path';

export class DataFolderInUseError extends Error {}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * One writer per data folder: PGlite has no server to arbitrate, and two processes
 * writing the same files would corrupt them. The lock file holds the owner's pid; a lock
 * whose process is gone (killed, crashed) is moved aside and taken over.
 */
export function lockDataFolder(dir: string): () => void {
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, 'hub.lock');
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fd = openSync(file, 'wx', 0o600);
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return () => rmSync(file, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const owner = Number(readFileSync(file, 'utf8').trim());
    if (Number.isInteger(owner) && owner > 0 && owner !== process.pid && isRunning(owner)) {
      throw new DataFolderInUseError(
        `The data folder ${dir} is in use by another Hub (process ${owner}). ` +
          'Stop that Hub first, or start this one with another DATA_DIR.',
      );
    }
    // Stale: rename is atomic, so of two processes taking over only one succeeds with 'wx' next.
    try {
      renameSync(file, `${file}.stale-${process.pid}`);
      rmSync(`${file}.stale-${process.pid}`, { force: true });
    } catch {
      /* another process moved it first; try again */
    }
  }
  throw new DataFolderInUseError(`Could not lock the data folder ${dir}; try again.`);
}
