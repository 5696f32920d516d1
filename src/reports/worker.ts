import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { sourceDir } from '../paths.ts';
import { nextThreadEvent, type ThreadEvent } from '../threads.ts';
import type * as DocxWriters from './docx.ts';
import type { WriteJob, WriteReply } from './docx.thread.ts';
import type { Paper } from './paper.ts';

/*
 * Word documents are written in worker threads: drawing a paper's charts as PNG and packing the
 * document held the Hub's main thread for about 300 ms a paper, long enough to stall every live
 * event's stream and votes. A small pool (one thread less than the machine's cores, at least one,
 * at most two) takes the documents in turn from one queue; each gets a time budget, past which its
 * thread is ended and a fresh one started for the next. The input goes over as structured-clone data
 * and the document comes back handed over, not copied. Threads start on the first document (loading
 * the TypeScript loader and the DOCX library takes about a second), stay ready between documents,
 * and stop after a while with nothing to write or when the Hub closes.
 */

/** docx.ts's writers: its exports that take one input and give a document. */
type DocxModule = typeof DocxWriters;
export type DocxWriter = {
  [K in keyof DocxModule]: DocxModule[K] extends (input: never) => Promise<Buffer> ? K : never;
}[keyof DocxModule];
type InputOf<K extends DocxWriter> = Parameters<DocxModule[K]>[0];

export interface WriteLimits {
  /** The time one document may take once a thread has it. */
  seconds: number;
  /** Each thread's heap (V8's old generation). */
  memoryMb: number;
}

/** A paper with a 2,000-action plan as its appendix is written in a few seconds. */
export const WRITE_LIMITS: WriteLimits = { seconds: 60, memoryMb: 512 };
const START_SECONDS = 60;
const IDLE_MS = 5 * 60_000;

/**
 * How many threads write documents: one less than the cores (the main thread keeps one), one to
 * two. HUB_PAPER_WORKERS=0 writes on the main thread instead, for measuring what the threads save.
 */
function poolSize(): number {
  const asked = process.env.HUB_PAPER_WORKERS;
  if (asked !== undefined && /^\d+$/.test(asked)) return Math.min(Number(asked), 2);
  return Math.max(1, Math.min(2, os.availableParallelism() - 1));
}
const POOL_SIZE = poolSize();

interface Job {
  message: WriteJob;
  limits: WriteLimits;
  resolve: (docx: Buffer) => void;
  reject: (error: Error) => void;
}

interface Writer {
  worker: Worker;
  memoryMb: number;
  ready: Promise<void>;
  /** The document it is writing, if any. */
  writing?: Promise<unknown>;
  idleTimer?: NodeJS.Timeout;
}

const writers = new Set<Writer>();
const waiting: Job[] = [];

/*
 * The thread's first module, given by a data: URL: Node 20 does not pass `--import tsx` on to
 * worker threads, so it registers the TypeScript loader itself, then loads docx.thread.ts from the
 * sources. Both are named by absolute URL (a data: module has no folder to resolve from), which
 * works alike from the sources (tests, `npm run dev`) and from the compiled bundle (`npm start`).
 */
function threadScript(): URL {
  const loader = JSON.stringify(import.meta.resolve('tsx/esm/api'));
  const entry = JSON.stringify(pathToFileURL(path.join(sourceDir, 'reports', 'docx.thread.ts')).href);
  const source = `const { register } = await import(${loader}); register(); await import(${entry});`;
  return new URL(`data:text/javascript,${encodeURIComponent(source)}`);
}

type Event = ThreadEvent<WriteReply>;

const nextEvent = (worker: Worker, ms: number) => nextThreadEvent<WriteReply>(worker, ms);

function stop(writer: Writer) {
  clearTimeout(writer.idleTimer);
  writers.delete(writer);
  void writer.worker.terminate();
}

function startWriter(memoryMb: number): Writer {
  const worker = new Worker(threadScript(), {
    resourceLimits: { maxOldGenerationSizeMb: memoryMb, maxYoungGenerationSizeMb: Math.min(64, memoryMb / 4) },
  });
  const writer: Writer = { worker, memoryMb, ready: Promise.resolve() };
  // A thread that ends is never given another document; the listener also keeps an error between
  // documents from being thrown in the Hub.
  worker.on('error', () => stop(writer)).on('exit', () => stop(writer));
  writer.ready = nextEvent(worker, START_SECONDS * 1000).then((event) => {
    if ('reply' in event && 'ready' in event.reply) return;
    stop(writer);
    throw new Error(`The Word writer did not start: ${'error' in event ? event.error.stack : JSON.stringify(event)}`);
  });
  writers.add(writer);
  return writer;
}

/** Why a document came back without its bytes, in words for the log and the error page. */
function failure(event: Event, limits: WriteLimits): Error {
  if ('timeout' in event)
    return new Error(`Writing the Word document took longer than ${limits.seconds} s, so it was stopped`);
  if ('error' in event && event.error.code === 'ERR_WORKER_OUT_OF_MEMORY')
    return new Error(`Writing the Word document needed more than ${limits.memoryMb} MB, so it was stopped`);
  if ('reply' in event && 'failed' in event.reply)
    return new Error(`Writing the Word document failed: ${event.reply.failed}`);
  return new Error(`The Word writer stopped: ${'error' in event ? event.error.stack : JSON.stringify(event)}`);
}

async function write(writer: Writer, job: Job): Promise<Buffer> {
  await writer.ready;
  writer.worker.ref();
  writer.worker.postMessage(job.message);
  const event = await nextEvent(writer.worker, job.limits.seconds * 1000);
  if ('reply' in event && 'docx' in event.reply) {
    const bytes = event.reply.docx;
    return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }
  // A thread that failed to answer may be part-way through anything: it is not trusted again.
  if (!('reply' in event)) stop(writer);
  throw failure(event, job.limits);
}

/** A free thread for these limits: an idle one, or a new one while the pool has room. */
function freeWriter(limits: WriteLimits): Writer | undefined {
  const idle = [...writers].find((w) => !w.writing);
  if (idle && idle.memoryMb === limits.memoryMb) {
    clearTimeout(idle.idleTimer);
    return idle;
  }
  if (idle) stop(idle);
  return writers.size < POOL_SIZE ? startWriter(limits.memoryMb) : undefined;
}

/** Gives waiting documents to free threads, each taking the next when it is done. */
function dispatch() {
  while (waiting.length > 0) {
    const writer = freeWriter(waiting[0]!.limits);
    if (!writer) return;
    const job = waiting.shift()!;
    writer.writing = write(writer, job)
      .then(job.resolve, job.reject)
      .finally(() => {
        writer.writing = undefined;
        if (writers.has(writer)) {
          // An idle thread does not keep the process alive, and ends after a while unused.
          writer.worker.unref();
          writer.idleTimer = setTimeout(() => stop(writer), IDLE_MS).unref();
        }
        dispatch();
      });
  }
}

/**
 * A Word document from one of docx.ts's writers (`'paperDocx'`, …), written in a worker thread
 * after any already waiting. The same input gives the same document as calling the writer here.
 */
export async function writeDocx<K extends DocxWriter>(
  writer: K,
  input: InputOf<K>,
  limits: WriteLimits = WRITE_LIMITS,
): Promise<Buffer> {
  if (POOL_SIZE === 0) {
    const docx = (await import('./docx.ts')) as Record<DocxWriter, (input: InputOf<K>) => Promise<Buffer>>;
    return docx[writer](input);
  }
  return new Promise((resolve, reject) => {
    waiting.push({ message: { writer, input }, limits, resolve, reject });
    dispatch();
  });
}

/** A board paper as a Word document, written off the main thread. */
export const writePaperDocx = (paper: Paper): Promise<Buffer> => writeDocx('paperDocx', paper);

/** The threads now running (started or writing). */
export const writerThreads = (): number => writers.size;

/**
 * Ends the threads, as the Hub closes: idle ones at once, busy ones once their document is written.
 * A document asked for later starts a thread again.
 */
export async function closeDocxWriters(): Promise<void> {
  await Promise.all(
    [...writers].map(async (writer) => {
      // The writer may take the next waiting document as it finishes one: wait for all of them.
      while (writer.writing) await writer.writing;
      stop(writer);
      await writer.worker.terminate();
    }),
  );
}
