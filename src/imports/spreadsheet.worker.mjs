/*
 * The worker thread that reads uploaded spreadsheets (started by spreadsheet.thread.ts). Plain
 * JavaScript because Node 20 does not pass `--import tsx` on to worker threads: it registers the
 * TypeScript loader itself, then loads the parser.
 */
import { parentPort } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
const { parseSpreadsheet, Refusal } = await import('./spreadsheet.parse.ts');

parentPort.on('message', async ({ kind, content }) => {
  try {
    parentPort.postMessage({
      sheet: await parseSpreadsheet(kind, Buffer.from(content.buffer, content.byteOffset, content.byteLength)),
    });
  } catch (error) {
    if (error instanceof Refusal) parentPort.postMessage({ refused: error.message });
    else parentPort.postMessage({ failed: error instanceof Error ? (error.stack ?? error.message) : String(error) });
  }
});
parentPort.postMessage({ ready: true });
