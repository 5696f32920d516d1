import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The project's folder, found by walking up to package.json. The Hub runs from its sources (tests,
 * `npm run dev`) or from the compiled bundle in dist/ (`npm start`), so a file's own location
 * cannot say where the templates, migrations and public files are: this can.
 */
function findProjectRoot(from: string): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'package.json'))) return dir;
    if (path.dirname(dir) === dir) throw new Error(`no package.json above ${from}`);
  }
}

export const projectRoot = findProjectRoot(path.dirname(fileURLToPath(import.meta.url)));
export const sourceDir = path.join(projectRoot, 'src');
