import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { UserError } from '../errors.ts';

/**
 * The embedded store belongs to one process: two PGlite instances on one folder corrupt it.
 * A pid file taken with O_EXCL guards it; a file left by a dead process is taken over.
 */
export function lockDataDir(dataDir: string): () => void {
  mkdirSync(dataDir, { recursive: true });
  const file = join(dataDir, 'newsbrief.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(file, String(process.pid), { flag: 'wx' });
      return () => rmSync(file, { force: true });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const holder = Number(readFileSync(file, 'utf8'));
      if (holder && holder !== process.pid && isAlive(holder)) {
        throw new UserError(
          'store-busy',
          `the embedded store in ${dataDir} is in use by another newsbrief process (pid ${holder}), and only one process may open it. ` +
            'Stop that process (Ctrl-C, or SIGTERM) and run this again; while the app runs, use `/brief feeds …` in Slack instead; ' +
            'or set DATABASE_URL to a PostgreSQL server, which several processes can share.',
        );
      }
      rmSync(file, { force: true });
    }
  }
  throw new UserError('store-busy', `could not lock the embedded store in ${dataDir}`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
