/*
 * Compiles the Hub into one bundle (dist/server.js), so `npm start` loads a few files of
 * JavaScript instead of compiling and resolving hundreds of TypeScript modules at every start.
 * Packages stay outside the bundle, loaded from node_modules as usual. `npm start` calls
 * buildIfStale() first; `npm run build` forces a build.
 */
import { readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
const outdir = path.join(root, 'dist');
const stamp = path.join(outdir, '.built');

/*
 * Packages written as hundreds of small ES modules load far faster bundled: TypeBox alone took a
 * quarter of a second to load file by file. The rest stay in node_modules (some find their own
 * files beside them, as PGlite does its WebAssembly).
 */
const BUNDLED = ['typebox', 'drizzle-orm'];
const bundled = (specifier) => BUNDLED.some((name) => specifier === name || specifier.startsWith(`${name}/`));
const otherPackagesOutside = {
  name: 'other-packages-outside',
  setup(build) {
    build.onResolve({ filter: /^[^./]/ }, (args) =>
      bundled(args.path) ? undefined : { path: args.path, external: true },
    );
  },
};

/** The newest change to anything the bundle is made from: the sources, the lock file, this script. */
function newestSource() {
  const files = readdirSync(path.join(root, 'src'), { recursive: true })
    .filter((name) => name.endsWith('.ts') && !name.endsWith('.test.ts'))
    .map((name) => path.join(root, 'src', name));
  files.push(path.join(root, 'package-lock.json'), fileURLToPath(import.meta.url));
  return Math.max(...files.map((file) => statSync(file).mtimeMs));
}

function builtAt() {
  try {
    return statSync(stamp).mtimeMs;
  } catch {
    return -Infinity;
  }
}

export async function build() {
  const started = performance.now();
  // Loaded only when a build is needed: the compiler is not part of a normal start.
  const esbuild = await import('esbuild');
  rmSync(outdir, { recursive: true, force: true });
  await esbuild.build({
    absWorkingDir: root,
    entryPoints: ['src/server.ts'],
    outdir,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    plugins: [otherPackagesOutside],
    sourcemap: true,
    logLevel: 'warning',
  });
  writeFileSync(stamp, new Date().toISOString());
  return performance.now() - started;
}

/** Builds when a source is newer than the last build; true if it built. */
export async function buildIfStale() {
  if (builtAt() >= newestSource()) return false;
  const ms = await build();
  console.log(`Compiled the Hub in ${(ms / 1000).toFixed(1)} s (done once, after each change to its sources)`);
  return true;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const ms = await build();
  console.log(`Compiled the Hub into dist/ in ${(ms / 1000).toFixed(1)} s`);
}
