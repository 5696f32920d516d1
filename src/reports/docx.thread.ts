import os from 'node:os';
import { parentPort } from 'node:worker_threads';
import * as writers from './docx.ts';

/*
 * A Word writer's thread (started by worker.ts): it writes one document at a time, whichever of
 * docx.ts's writers it is asked for, and hands the bytes back rather than copying them.
 */

export interface WriteJob {
  writer: string;
  input: unknown;
}
export type WriteReply = { ready: true } | { docx: Uint8Array } | { failed: string };

/*
 * Where the thread shares a core with the Hub's main thread, the main thread comes first: on Linux
 * this lowers the priority of this thread alone, so a paper takes longer on a busy core rather than
 * live events waiting for it. (Where the system refuses, the thread runs as it is.)
 */
try {
  os.setPriority(os.constants.priority.PRIORITY_BELOW_NORMAL);
} catch {
  // Not allowed here: the paper is still written.
}

const port = parentPort;
if (!port) throw new Error('docx.thread.ts runs only as a worker thread');

const send = (reply: WriteReply, transfer: ArrayBuffer[] = []) => port.postMessage(reply, transfer);

/** The writer's bytes in an ArrayBuffer of their own, so they can be handed over whole. */
function ownBytes(buffer: Buffer): Uint8Array {
  if (buffer.byteOffset === 0 && buffer.byteLength === buffer.buffer.byteLength && buffer.buffer instanceof ArrayBuffer)
    return new Uint8Array(buffer.buffer);
  return Uint8Array.from(buffer);
}

async function write({ writer, input }: WriteJob) {
  try {
    const write = (writers as Record<string, unknown>)[writer];
    if (typeof write !== 'function') throw new Error(`docx.ts has no writer called ${writer}`);
    const bytes = ownBytes(await (write as (input: unknown) => Promise<Buffer>)(input));
    send({ docx: bytes }, [bytes.buffer as ArrayBuffer]);
  } catch (error) {
    send({ failed: error instanceof Error ? (error.stack ?? error.message) : String(error) });
  }
}

port.on('message', (job: WriteJob) => void write(job));
send({ ready: true });
