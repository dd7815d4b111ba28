import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/**
 * The project's folder (the one holding package.json), found by walking up from this module. The
 * sources (src/…) and the bundled build (dist/…, whose chunks sit at another depth) both reach the
 * prompts, migrations and samples through it, so no path depends on where a module was bundled.
 */
function findProjectRoot(from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    if (dirname(dir) === dir) throw new Error(`no package.json above ${from}`);
  }
}

export const PROJECT_ROOT = findProjectRoot(dirname(fileURLToPath(import.meta.url)));

/** A path inside the project: projectPath('prompts', 'brief.md'). */
export const projectPath = (...parts: string[]): string => join(PROJECT_ROOT, ...parts);

/** The same as a file: URL, with a trailing slash for a folder ('src/store/migrations/'). */
export const projectUrl = (relative: string): URL => new URL(relative, pathToFileURL(`${PROJECT_ROOT}/`));
