/**
 * The load generator for bench/live: a separate process (pinned to its own core) that holds
 * N live connections, sends questions and votes, and reports what every client received.
 * Driven by bench/live.ts through one JSON argument; prints one JSON line of results.
 */
import http from 'node:http';

interface Plan {
  base: string; // the server's origin
  streamPath: string; // SSE path every client opens
  clients: number;
  joinWindowMs: number; // the join storm: all clients open within this window
  /** How to send a marked payload: the Hub (delegate question) or the bare SSE server. */
  send: 'hub-question' | 'bare-broadcast';
  code?: string;
  messages: number;
  messageGapMs: number;
}

const plan = JSON.parse(process.argv[2]!) as Plan;
const agent = new http.Agent({ keepAlive: true, maxSockets: Infinity });

interface Client {
  received: Map<number, number>; // message seq → arrival time (ms, performance.now)
  duplicates: number;
}

const MARK = /bench-(\d+)-/g;

function openClient(index: number): Promise<{ client: Client; joinMs: number }> {
  const started = performance.now();
  const client: Client = { received: new Map(), duplicates: 0 };
  return new Promise((resolve, reject) => {
    const request = http.get(`${plan.base}${plan.streamPath}`, { agent, headers: { accept: 'text/event-stream' } }, (response) => {
      if (response.statusCode !== 200) return reject(new Error(`client ${index}: ${response.statusCode}`));
      response.setEncoding('utf8');
      let joined = false;
      response.on('data', (chunk: string) => {
        if (!joined) {
          joined = true;
          resolve({ client, joinMs: performance.now() - started });
        }
        const now = performance.now();
        for (const match of chunk.matchAll(MARK)) {
          const seq = Number(match[1]);
          if (client.received.has(seq)) client.duplicates += 1;
          else client.received.set(seq, now);
        }
      });
    });
    request.on('error', reject);
  });
}

/** A delegate session on the Hub: its cookies and the CSRF token of the event page. */
async function hubDelegate() {
  const cookies = new Map<string, string>();
  const call = async (method: string, path: string, form?: Record<string, string>) => {
    const response = await fetch(`${plan.base}${path}`, {
      method,
      redirect: 'manual',
      headers: { cookie: [...cookies].map(([k, v]) => `${k}=${v}`).join('; '), ...(form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}) },
      body: form ? new URLSearchParams(form).toString() : undefined,
    });
    for (const header of response.headers.getSetCookie()) {
      const [pair] = header.split(';');
      const [name, ...value] = pair!.split('=');
      cookies.set(name!.trim(), value.join('='));
    }
    return { status: response.status, body: await response.text() };
  };
  const page = await call('GET', `/e/${plan.code}`);
  const csrf = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1] ?? '';
  return { call, csrf };
}

const percentile = (values: number[], p: number) => {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
};

async function main() {
  // Join storm: every client opens within the window.
  const joins: Promise<{ client: Client; joinMs: number }>[] = [];
  const stormStarted = performance.now();
  for (let i = 0; i < plan.clients; i++) {
    // Client i opens at i/N of the window: an even storm, not one burst.
    const due = stormStarted + (i * plan.joinWindowMs) / plan.clients;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    joins.push(openClient(i));
  }
  // A client that has not joined 30 s after the storm counts as a join error.
  const deadline = new Promise<never>((_, reject) => setTimeout(() => reject(new Error('join timed out')), 30_000).unref());
  const settled = await Promise.allSettled(joins.map((join) => Promise.race([join, deadline])));
  const joined = settled.filter((s) => s.status === 'fulfilled').map((s) => (s as PromiseFulfilledResult<{ client: Client; joinMs: number }>).value);
  const joinErrors = settled.length - joined.length;
  const stormMs = performance.now() - stormStarted;
  await new Promise((r) => setTimeout(r, 1000));

  const sentAt = new Map<number, number>();
  for (let seq = 0; seq < plan.messages; seq++) {
    // Each question from its own delegate, as in a room (and within the per-delegate limit).
    const delegate = plan.send === 'hub-question' ? await hubDelegate() : undefined;
    sentAt.set(seq, performance.now());
    const text = `bench-${seq}-${Date.now()} question`;
    if (delegate) {
      const response = await delegate.call('POST', `/e/${plan.code}/items`, { _csrf: delegate.csrf, kind: 'question', body: text });
      if (response.status !== 303) throw new Error(`question ${seq}: ${response.status} ${response.body.slice(0, 200)}`);
    } else {
      await fetch(`${plan.base}/broadcast`, { method: 'POST', body: text });
    }
    await new Promise((r) => setTimeout(r, plan.messageGapMs));
  }
  await new Promise((r) => setTimeout(r, 2000));

  const latencies: number[] = [];
  let missing = 0;
  let duplicates = 0;
  for (const { client } of joined) {
    duplicates += client.duplicates;
    for (const [seq, sent] of sentAt) {
      const arrived = client.received.get(seq);
      if (arrived === undefined) missing += 1;
      else latencies.push(arrived - sent);
    }
  }
  console.log(
    JSON.stringify({
      clients: joined.length,
      joinErrors,
      stormMs: Math.round(stormMs),
      joinP50: percentile(joined.map((j) => j.joinMs), 50),
      joinP99: percentile(joined.map((j) => j.joinMs), 99),
      deliveries: latencies.length,
      missing,
      duplicates,
      p50: percentile(latencies, 50),
      p99: percentile(latencies, 99),
    }),
  );
  process.exit(0);
}

void main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
