/*
 * `npm start`: compiles the Hub when its sources changed since the last build (see build.mjs),
 * then starts it from the bundle. Stack traces name the TypeScript sources (source maps).
 */
import { buildIfStale } from './build.mjs';

await buildIfStale();
process.setSourceMapsEnabled(true);
const { runFromCommandLine } = await import('../dist/server.js');
runFromCommandLine();
