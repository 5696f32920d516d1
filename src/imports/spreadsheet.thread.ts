import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { sourceDir } from '../paths.ts';
import { nextThreadEvent } from '../threads.ts';
import type { Sheet, SpreadsheetRules } from './spreadsheet.parse.ts';

/*
 * Spreadsheets are read in a worker thread, so a workbook that takes seconds to parse never stops
 * the Hub's pages or live events. The worker has a memory ceiling of its own and a time budget
 * per file: past either it is ended, and the file refused. One worker reads one file at a time;
 * it stays ready between files (starting it loads the TypeScript loader and ExcelJS, about a
 * second) and stops after a minute with nothing to read.
 */

export interface ReadLimits {
  /** The time one file may take, once the worker is ready. */
  seconds: number;
  /** The worker's heap (V8's old generation). */
  memoryMb: number;
}

export const READ_LIMITS: ReadLimits = { seconds: 20, memoryMb: 512 };
const START_SECONDS = 60;
const IDLE_MS = 60_000;

export type ReadOutcome = { sheet: Sheet } | { refused: string } | { over: 'time' | 'memory' };
type Reply = { ready: true } | { sheet: Sheet } | { refused: string } | { failed: string };

interface Reader {
  worker: Worker;
  memoryMb: number;
  ready: Promise<void>;
}

let reader: Reader | undefined;
let queue: Promise<unknown> = Promise.resolve();
let idleTimer: NodeJS.Timeout | undefined;

const nextEvent = (worker: Worker, ms: number) => nextThreadEvent<Reply>(worker, ms);

function stop(worker: Worker) {
  if (reader?.worker === worker) reader = undefined;
  void worker.terminate();
}

/*
 * The worker's own code, as a module of its own given by a data: URL (a separate .mjs file would
 * sit among the TypeScript the linter checks as such). Node 20 does not pass `--import tsx` on to
 * worker threads: the worker registers the TypeScript loader itself, then loads the parser. Both
 * are named by absolute URL, since a data: module has no folder to resolve from.
 */
function workerScript(): URL {
  const loader = JSON.stringify(import.meta.resolve('tsx/esm/api'));
  const parser = JSON.stringify(pathToFileURL(path.join(sourceDir, 'imports', 'spreadsheet.parse.ts')).href);
  const source = `
    import { parentPort } from 'node:worker_threads';
    const { register } = await import(${loader});
    register();
    const { parseSpreadsheet, Refusal } = await import(${parser});
    parentPort.on('message', async ({ kind, content, rules }) => {
      try {
        const file = Buffer.from(content.buffer, content.byteOffset, content.byteLength);
        parentPort.postMessage({ sheet: await parseSpreadsheet(kind, file, rules) });
      } catch (error) {
        if (error instanceof Refusal) parentPort.postMessage({ refused: error.message });
        else parentPort.postMessage({ failed: error instanceof Error ? (error.stack ?? error.message) : String(error) });
      }
    });
    parentPort.postMessage({ ready: true });`;
  return new URL(`data:text/javascript,${encodeURIComponent(source)}`);
}

function startReader(memoryMb: number): Reader {
  const worker = new Worker(workerScript(), {
    resourceLimits: { maxOldGenerationSizeMb: memoryMb, maxYoungGenerationSizeMb: Math.min(64, memoryMb / 4) },
  });
  // A worker that ends (out of memory, terminated) is never given another file; the listener also
  // keeps an error between files from being thrown in the Hub.
  worker.on('error', () => stop(worker)).on('exit', () => stop(worker));
  const ready = nextEvent(worker, START_SECONDS * 1000).then((event) => {
    if ('reply' in event && 'ready' in event.reply) return;
    stop(worker);
    throw new Error(
      `The spreadsheet reader did not start: ${JSON.stringify('error' in event ? event.error.stack : event)}`,
    );
  });
  return { worker, memoryMb, ready };
}

async function readyWorker(memoryMb: number): Promise<Worker> {
  if (reader && reader.memoryMb !== memoryMb) stop(reader.worker);
  reader ??= startReader(memoryMb);
  const { worker, ready } = reader;
  await ready;
  return worker;
}

async function read(
  kind: 'csv' | 'xlsx',
  content: Buffer,
  rules: SpreadsheetRules,
  limits: ReadLimits,
): Promise<ReadOutcome> {
  clearTimeout(idleTimer);
  const worker = await readyWorker(limits.memoryMb);
  worker.ref();
  // A copy of its own, handed over rather than cloned: an upload or a database row may be a view
  // of a larger buffer, which cloning would copy whole.
  const copy = Uint8Array.from(content);
  worker.postMessage({ kind, content: copy, rules }, [copy.buffer]);
  const event = await nextEvent(worker, limits.seconds * 1000);
  if ('reply' in event) {
    worker.unref();
    idleTimer = setTimeout(() => stop(worker), IDLE_MS).unref();
    if ('sheet' in event.reply) return { sheet: event.reply.sheet };
    if ('refused' in event.reply) return { refused: event.reply.refused };
    throw new Error(`Reading a spreadsheet failed: ${'failed' in event.reply ? event.reply.failed : 'no answer'}`);
  }
  stop(worker);
  if ('timeout' in event) return { over: 'time' };
  if ('error' in event && event.error.code === 'ERR_WORKER_OUT_OF_MEMORY') return { over: 'memory' };
  throw new Error(`The spreadsheet reader stopped: ${'error' in event ? event.error.stack : JSON.stringify(event)}`);
}

/** Read a file in the worker, after any file already waiting. */
export function readInWorker(
  kind: 'csv' | 'xlsx',
  content: Buffer,
  rules: SpreadsheetRules,
  limits: ReadLimits = READ_LIMITS,
): Promise<ReadOutcome> {
  const job = queue.then(() => read(kind, content, rules, limits));
  queue = job.catch(() => undefined);
  return job;
}
