import type { Worker } from 'node:worker_threads';

/** What a worker thread did next: answered, failed, ended, or nothing within the time given. */
export type ThreadEvent<Reply> =
  { reply: Reply } | { error: Error & { code?: string } } | { exit: number } | { timeout: true };

/** The thread's next message, error or exit, or a timeout: whichever comes first. */
export function nextThreadEvent<Reply>(worker: Worker, ms: number): Promise<ThreadEvent<Reply>> {
  return new Promise((resolve) => {
    const done = (event: ThreadEvent<Reply>) => {
      clearTimeout(timer);
      worker.off('message', onReply).off('error', onError).off('exit', onExit);
      resolve(event);
    };
    const onReply = (reply: Reply) => done({ reply });
    const onError = (error: Error) => done({ error });
    const onExit = (exit: number) => done({ exit });
    const timer = setTimeout(() => done({ timeout: true }), ms);
    worker.on('message', onReply).on('error', onError).on('exit', onExit);
  });
}
