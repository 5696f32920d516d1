/**
 * The load generator for bench/live: a separate process (pinned to its own core) that holds
 * N live connections, sends questions and votes, and reports what every client received.
 * Driven by bench/live.ts: one JSON argument, then phases. Before each phase it prints
 * `phase <name>` and waits for a line on stdin (the driver measures the server in between);
 * at the end it prints one JSON line of results.
 */
import http from 'node:http';
import readline from 'node:readline';

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
  /** Vote phase (Hub only): this many delegates vote on these items for this long. */
  votes?: {
    seconds: number;
    voters: number;
    itemIds: number[];
    inFlight: number;
    rate: number;
    /** This share of the vote requests is invalid, spread evenly among these targets. */
    invalid?: { share: number; itemIds: number[] };
  };
}

const plan = JSON.parse(process.argv[2]!) as Plan;
const agent = new http.Agent({ keepAlive: true, maxSockets: Infinity });
const voteAgent = new http.Agent({ keepAlive: true, maxSockets: plan.votes?.inFlight ?? 64 });
const origin = new URL(plan.base);

const commands = readline.createInterface({ input: process.stdin });
const lines = commands[Symbol.asyncIterator]();
/** Tell the driver where we are and wait for its go-ahead. */
async function phase(name: string) {
  process.stdout.write(`phase ${name}\n`);
  await lines.next();
}

interface Client {
  received: Map<number, number>; // message seq → arrival time (ms, performance.now)
  duplicates: number;
}

/**
 * The room's phones come from many addresses (all on loopback), a hundred to an address: the
 * Hub gives one address only so many delegate tokens and so many lookups at once, as it would
 * a venue's router.
 */
const PHONES_PER_ADDRESS = 100;
const addressOf = (index: number) => {
  const n = Math.floor(index / PHONES_PER_ADDRESS);
  return `127.1.${Math.floor(n / 250)}.${(n % 250) + 1}`;
};

const MARK = /bench-(\d+)-/g;
const MARK_BYTES = Buffer.from('bench-');

function openClient(index: number): Promise<{ client: Client; joinMs: number }> {
  const started = performance.now();
  const client: Client = { received: new Map(), duplicates: 0 };
  return new Promise((resolve, reject) => {
    const request = http.get(
      `${plan.base}${plan.streamPath}`,
      { agent, localAddress: addressOf(index), headers: { accept: 'text/event-stream' } },
      (response) => {
        if (response.statusCode !== 200) return reject(new Error(`client ${index}: ${response.statusCode}`));
        let joined = false;
        response.on('data', (chunk: Buffer) => {
          if (!joined) {
            joined = true;
            resolve({ client, joinMs: performance.now() - started });
          }
          // Most frames (vote counts) carry no mark: a byte search skips them without decoding,
          // so the generator keeps up with what it measures. (A mark split across two chunks
          // would show as missing: the check errs towards failing.)
          if (chunk.indexOf(MARK_BYTES) < 0) return;
          const now = performance.now();
          for (const match of chunk.toString('utf8').matchAll(MARK)) {
            const seq = Number(match[1]);
            if (client.received.has(seq)) client.duplicates += 1;
            else client.received.set(seq, now);
          }
        });
      },
    );
    request.on('error', reject);
  });
}

/** One HTTP request with cookies; resolves with status, Set-Cookie headers and body. */
function call(
  method: string,
  path: string,
  cookie: string,
  form?: string,
  useAgent: http.Agent = agent,
  localAddress?: string,
) {
  return new Promise<{ status: number; setCookie: string[]; body: string }>((resolve, reject) => {
    const request = http.request(
      {
        host: origin.hostname,
        port: origin.port,
        localAddress,
        method,
        path,
        agent: useAgent,
        headers: {
          cookie,
          ...(form
            ? { 'content-type': 'application/x-www-form-urlencoded', 'content-length': Buffer.byteLength(form) }
            : {}),
        },
      },
      (response) => {
        let body = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (body += chunk));
        response.on('end', () =>
          resolve({ status: response.statusCode ?? 0, setCookie: response.headers['set-cookie'] ?? [], body }),
        );
      },
    );
    request.on('error', reject);
    request.end(form);
  });
}

/** A delegate session on the Hub (phone number `index`): joining the event page gives it its cookies and CSRF token. */
async function hubDelegate(index: number) {
  const localAddress = addressOf(index);
  const cookies = new Map<string, string>();
  const jar = () => [...cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  const keep = (setCookie: string[]) => {
    for (const header of setCookie) {
      const [pair] = header.split(';');
      const [name, ...value] = pair!.split('=');
      cookies.set(name!.trim(), value.join('='));
    }
  };
  const page = await call('GET', `/e/${plan.code}`, '', undefined, agent, localAddress);
  keep(page.setCookie);
  const csrf = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1] ?? '';
  return {
    csrf,
    post: async (path: string, form: Record<string, string>, useAgent?: http.Agent) => {
      const response = await call('POST', path, jar(), new URLSearchParams(form).toString(), useAgent, localAddress);
      keep(response.setCookie);
      return response;
    },
  };
}

const percentile = (values: number[], p: number) => {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
};

async function joinStorm() {
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
  const deadline = new Promise<never>((_, reject) =>
    setTimeout(() => reject(new Error('join timed out')), 30_000).unref(),
  );
  const settled = await Promise.allSettled(joins.map((join) => Promise.race([join, deadline])));
  const joined = settled
    .filter((s) => s.status === 'fulfilled')
    .map((s) => (s as PromiseFulfilledResult<{ client: Client; joinMs: number }>).value);
  return { joined, joinErrors: settled.length - joined.length, stormMs: performance.now() - stormStarted };
}

async function sendMessages() {
  const sentAt = new Map<number, number>();
  for (let seq = 0; seq < plan.messages; seq++) {
    // Each question from its own delegate, as in a room (and within the per-delegate limit).
    const delegate = plan.send === 'hub-question' ? await hubDelegate(seq) : undefined;
    sentAt.set(seq, performance.now());
    const text = `bench-${seq}-${Date.now()} question`;
    if (delegate) {
      const response = await delegate.post(`/e/${plan.code}/items`, {
        _csrf: delegate.csrf,
        kind: 'question',
        body: text,
      });
      if (response.status !== 303)
        throw new Error(`question ${seq}: ${response.status} ${response.body.slice(0, 200)}`);
    } else {
      await fetch(`${plan.base}/broadcast`, { method: 'POST', body: text });
    }
    await new Promise((r) => setTimeout(r, plan.messageGapMs));
  }
  await new Promise((r) => setTimeout(r, 2000));
  return sentAt;
}

/**
 * Votes for `seconds`, each delegate voting through the items in turn (one vote per delegate
 * per item). With a `rate`, votes are offered at that rate (open loop, as a room would send
 * them, at most `inFlight` waiting); without, `inFlight` at a time as fast as they are answered.
 * Counts the votes the Hub acknowledged (303).
 */
async function pourVotes(votes: NonNullable<Plan['votes']>) {
  const voters: Awaited<ReturnType<typeof hubDelegate>>[] = [];
  for (let i = 0; i < votes.voters; i++) voters.push(await hubDelegate(i));
  // Each delegate has taken part before the measure starts (its first action creates it, one
  // at a time): a first vote on the last item, not counted in the rate but checked with the rest.
  const warmItem = votes.itemIds.at(-1)!;
  let warmup = 0;
  for (let i = 0; i < voters.length; i += 50) {
    const statuses = await Promise.all(
      voters
        .slice(i, i + 50)
        .map((v) => v.post(`/e/${plan.code}/items/${warmItem}/vote`, { _csrf: v.csrf }, voteAgent)),
    );
    warmup += statuses.filter((r) => r.status === 303).length;
  }
  const itemIds = votes.itemIds.slice(0, -1);
  await phase('voting');
  const pairs = votes.voters * itemIds.length;
  let next = 0;
  let accepted = 0;
  let failed = 0;
  let skipped = 0;
  let inFlight = 0;
  let sentCount = 0;
  const latencies: number[] = [];
  // Invalid votes (an id out of range, another event's item, a hidden item) interleaved with the
  // valid ones: each must be refused on its own (400 or 404), and never fail a valid vote.
  const invalid = { sent: 0, refused: 0, wrong: 0 };
  const everyInvalid = votes.invalid && votes.invalid.share > 0 ? Math.round(1 / votes.invalid.share) : 0;
  const started = performance.now();
  const stopAt = started + votes.seconds * 1000;
  const sendInvalid = async () => {
    const targets = votes.invalid!.itemIds;
    const voter = voters[invalid.sent % votes.voters]!;
    const itemId = targets[invalid.sent % targets.length]!;
    invalid.sent += 1;
    inFlight += 1;
    const response = await voter.post(`/e/${plan.code}/items/${itemId}/vote`, { _csrf: voter.csrf }, voteAgent);
    inFlight -= 1;
    if (response.status === 400 || response.status === 404) invalid.refused += 1;
    else invalid.wrong += 1;
  };
  const sendOne = async () => {
    sentCount += 1;
    if (everyInvalid && sentCount % everyInvalid === 0) return sendInvalid();
    const n = next++;
    const voter = voters[n % votes.voters]!;
    const itemId = itemIds[Math.floor(n / votes.voters)]!;
    const sent = performance.now();
    inFlight += 1;
    const response = await voter.post(`/e/${plan.code}/items/${itemId}/vote`, { _csrf: voter.csrf }, voteAgent);
    inFlight -= 1;
    latencies.push(performance.now() - sent);
    if (response.status === 303) accepted += 1;
    else failed += 1;
  };
  const pending: Promise<void>[] = [];
  if (votes.rate > 0) {
    // Open loop: each millisecond, send what the rate says is due by now.
    while (performance.now() < stopAt && next < pairs) {
      const due = Math.floor(((performance.now() - started) / 1000) * votes.rate);
      while (sentCount + skipped < due && next < pairs) {
        if (inFlight >= votes.inFlight) skipped += 1;
        else pending.push(sendOne());
      }
      await new Promise((r) => setTimeout(r, 1));
    }
  } else {
    const worker = async () => {
      while (performance.now() < stopAt && next < pairs) await sendOne();
    };
    pending.push(...Array.from({ length: votes.inFlight }, worker));
  }
  await Promise.all(pending);
  const seconds = (performance.now() - started) / 1000;
  return {
    invalidVotes: invalid,
    votesWarmup: warmup,
    votesOffered: next + skipped,
    votesAccepted: accepted,
    votesFailed: failed,
    votesNotSent: skipped,
    voteSeconds: seconds,
    votesPerSecond: accepted / seconds,
    voteP50: percentile(latencies, 50),
    voteP99: percentile(latencies, 99),
  };
}

async function main() {
  await phase('ready');
  const { joined, joinErrors, stormMs } = await joinStorm();
  await new Promise((r) => setTimeout(r, 1000));
  await phase('joined');
  const sentAt = await sendMessages();
  const voting = plan.votes ? await pourVotes(plan.votes) : {};
  await phase('done');

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
      joinP50: percentile(
        joined.map((j) => j.joinMs),
        50,
      ),
      joinP99: percentile(
        joined.map((j) => j.joinMs),
        99,
      ),
      deliveries: latencies.length,
      missing,
      duplicates,
      p50: percentile(latencies, 50),
      p99: percentile(latencies, 99),
      ...voting,
    }),
  );
  process.exit(0);
}

void main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
