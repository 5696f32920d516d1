/*
 * Reading server-sent events in tests: over a real listening socket, as browsers do
 * (`hub.app.listen({ port: 0, host: '127.0.0.1' })`, then `openSse(url)`).
 */

/** One frame of a stream: `data` is the parsed JSON (or the text, if it is not JSON). */
export interface SseFrame {
  id?: number;
  event: string;
  data: unknown;
  text: string;
}

/** A stream being read: the frames so far, whether (and when) the server ended it. */
export interface SseStream {
  readonly response: Response;
  readonly frames: SseFrame[];
  readonly state: { ended: boolean; endedAt: number };
  /** Resolves the first frame matching `match`; throws after `timeoutMs`, naming `what` and the frames seen. */
  waitFor(match: (frame: SseFrame) => boolean, what: string, timeoutMs?: number): Promise<SseFrame>;
  /** The frames once `enough(frames)` holds, or when the stream ends or the time runs out (whichever first). */
  collect(enough: (frames: SseFrame[]) => boolean, timeoutMs?: number): Promise<SseFrame[]>;
  /** True once the server ends the stream, false if it is still open after `ms`. */
  endsWithin(ms: number): Promise<boolean>;
  /** Stops reading (the server sees the client go). */
  close(): Promise<void>;
}

/** Parses one block (the text between blank lines); null for a comment, heartbeat or `retry:` block. */
export function parseFrame(block: string): SseFrame | null {
  let id: number | undefined;
  let event = '';
  const data: string[] = [];
  for (const line of block.split('\n')) {
    if (line.startsWith(':')) continue;
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
    if (field === 'id') id = Number(value);
    else if (field === 'event') event = value;
    else if (field === 'data') data.push(value);
  }
  if (!event && data.length === 0) return null;
  const text = data.join('\n');
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // Not JSON: the text itself.
  }
  return { ...(id === undefined ? {} : { id }), event: event || 'message', data: parsed, text };
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Starts reading a fetch response as a stream of server-sent events. */
export function readSse(response: Response): SseStream {
  if (!response.body) throw new Error(`no body to read (status ${response.status})`);
  const frames: SseFrame[] = [];
  const state = { ended: false, endedAt: 0 };
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let wake: () => void = () => {};
  let changed = new Promise<void>((resolve) => (wake = resolve));
  const notify = () => {
    wake();
    changed = new Promise<void>((resolve) => (wake = resolve));
  };
  const done = (async () => {
    let buffer = '';
    for (;;) {
      const chunk = await reader.read().catch(() => ({ done: true as const, value: undefined }));
      if (chunk.done) break;
      buffer += decoder.decode(chunk.value, { stream: true }).replace(/\r\n?/g, '\n');
      let at: number;
      while ((at = buffer.indexOf('\n\n')) >= 0) {
        const frame = parseFrame(buffer.slice(0, at));
        buffer = buffer.slice(at + 2);
        if (frame) frames.push(frame);
      }
      notify();
    }
    state.ended = true;
    state.endedAt = performance.now();
    notify();
  })();

  /** Waits until `check()` holds, the stream ends or the deadline passes; returns whether it held. */
  const until = async (check: () => boolean, timeoutMs: number) => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (check()) return true;
      if (state.ended || Date.now() >= deadline) return false;
      await Promise.race([changed, sleep(deadline - Date.now())]);
    }
  };

  return {
    response,
    frames,
    state,
    async waitFor(match, what, timeoutMs = 5000) {
      if (await until(() => frames.some(match), timeoutMs)) return frames.find(match)!;
      const why = state.ended ? 'the stream ended' : `timed out after ${timeoutMs} ms`;
      throw new Error(`${why} waiting for ${what}; frames: ${JSON.stringify(frames)}`);
    },
    async collect(enough, timeoutMs = 5000) {
      await until(() => enough(frames), timeoutMs);
      return [...frames];
    },
    endsWithin: (ms) => Promise.race([done.then(() => true), sleep(ms).then(() => false)]),
    close: () => reader.cancel().catch(() => {}),
  };
}

/** Opens a stream over a real socket (`url` on a listening Hub) and starts reading it. */
export async function openSse(url: string, headers: Record<string, string> = {}): Promise<SseStream> {
  const response = await fetch(url, { headers: { accept: 'text/event-stream', ...headers } });
  return readSse(response);
}

/** The `update` frames of a stream. */
export const updatesOf = (frames: SseFrame[]) => frames.filter((frame) => frame.event === 'update');
