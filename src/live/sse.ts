import type { FastifyReply, FastifyRequest } from 'fastify';
import type { LiveHub, Subscriber } from './fanout.ts';

/** Over this many bytes waiting in the socket, a client is too slow: it is dropped, not buffered. */
export const SLOW_CLIENT_BYTES = 512 * 1024;
export const HEARTBEAT_MS = 15_000;

/** Where a (re)connecting client resumes: Last-Event-ID, or ?after=, or null (start from now). */
export function resumeAfter(request: FastifyRequest): number | null {
  const header = request.headers['last-event-id'];
  const query = (request.query as { after?: unknown } | undefined)?.after;
  for (const value of [Array.isArray(header) ? header[0] : header, query]) {
    if (value === undefined || value === null || value === '') continue;
    const n = Number(value);
    if (Number.isSafeInteger(n) && n >= 0) return n;
  }
  return null;
}

export interface StreamOptions {
  eventId: number;
  audience: Subscriber['audience'];
  after: number | null;
  /** The event has closed: send what was missed, then end. */
  closed?: boolean;
  /** The session the stream was opened in (signed in): it ends when that session ends. */
  sessionId?: string;
  onClose?: () => void;
}

/** Answers with text/event-stream and subscribes to the event's updates until either side ends. */
export async function openStream(
  hub: LiveHub,
  request: FastifyRequest,
  reply: FastifyReply,
  options: StreamOptions,
): Promise<void> {
  if (request.method === 'HEAD') {
    await reply.type('text/event-stream; charset=utf-8').header('cache-control', 'no-store').send();
    return;
  }
  const after = options.after ?? (await hub.latestId(options.eventId));
  reply.hijack();
  const raw = reply.raw;
  // Page headers (the content security policy and the rest) mean nothing to an event stream,
  // and Node keeps a response's header text for as long as it is open: per stream, that adds up.
  for (const name of raw.getHeaderNames()) raw.removeHeader(name);
  raw.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-store',
    'x-accel-buffering': 'no',
    'x-content-type-options': 'nosniff',
    connection: 'keep-alive',
  });
  raw.write('retry: 2000\n\n');

  let ended = false;
  let unsubscribe = () => {};
  const end = () => {
    if (ended) return;
    ended = true;
    clearInterval(heartbeat);
    unsubscribe();
    options.onClose?.();
    if (!raw.writableEnded) raw.end();
  };
  const write = (text: string) => {
    if (ended) return;
    if (raw.writableLength > SLOW_CLIENT_BYTES) {
      // A client that does not read is cut off; it resumes from its Last-Event-ID when it can.
      ended = true;
      clearInterval(heartbeat);
      unsubscribe();
      options.onClose?.();
      raw.destroy();
      return;
    }
    raw.write(text);
  };
  const heartbeat = setInterval(() => write(': heartbeat\n\n'), HEARTBEAT_MS);
  heartbeat.unref();
  // The response closes when the client goes (or the socket errors): unsubscribe then.
  raw.on('close', end);
  request.socket.on('error', end);

  const subscriber: Subscriber = {
    eventId: options.eventId,
    lastId: after,
    audience: options.audience,
    sessionId: options.sessionId,
    send: write,
    close: () => {
      write('event: closed\ndata: {}\n\n');
      end();
    },
    // Reconnecting without a session is refused by the guard, so the browser's EventSource stops.
    sessionEnded: () => {
      write('event: signed-out\ndata: {}\n\n');
      end();
    },
  };
  unsubscribe = hub.subscribe(subscriber);
  if (options.closed) {
    // Replay what was missed, then end.
    await hub.settled(options.eventId);
    subscriber.close();
  }
}
