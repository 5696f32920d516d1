/**
 * Requests per second for a signed-in group page (20 members, 12 meetings) against a bare
 * Fastify "hello world" route, in the same process and run, on PGlite. Prints the ratio.
 *   npm run bench:pages [-- --seconds 10 --connections 10]
 */
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import Fastify from 'fastify';
import { buildApp } from '../src/app.ts';
import { openPglite } from '../src/db/client.ts';
import { Browser, createUser, testConfig } from '../test/helpers.ts';
import { seedGroupWithMeetings } from './fixtures.ts';

const { values } = parseArgs({
  options: { seconds: { type: 'string', default: '10' }, connections: { type: 'string', default: '10' } },
});
const duration = Number(values.seconds);
const connections = Number(values.connections);

async function measure(url: string, headers: Record<string, string> = {}) {
  const result = await autocannon({ url, duration, connections, headers });
  if (result.non2xx > 0 || result.errors > 0)
    throw new Error(`${url}: ${result.non2xx} non-2xx, ${result.errors} errors`);
  return { rps: result.requests.average, p99: result.latency.p99 };
}

const database = await openPglite(undefined);
const config = testConfig({ logLevel: 'silent' });
const app = await buildApp({ config, db: database.db });
const hub = { app, database, config };
const { groupId } = await seedGroupWithMeetings(database.db, { members: 20, meetings: 12 });
const user = await createUser(hub, 'coordinator');
const browser = new Browser(app);
await browser.signIn(user.email);
const hubUrl = await app.listen({ port: 0, host: '127.0.0.1' });

const bare = Fastify();
bare.get('/', async () => 'hello world');
const bareUrl = await bare.listen({ port: 0, host: '127.0.0.1' });

// Warm both (template compilation, JIT) before measuring.
await autocannon({
  url: `${hubUrl}/groups/${groupId}`,
  duration: 2,
  connections,
  headers: { cookie: browser.cookieHeader },
});
await autocannon({ url: bareUrl, duration: 2, connections });

const hello = await measure(bareUrl);
const groupPage = await measure(`${hubUrl}/groups/${groupId}`, { cookie: browser.cookieHeader });
console.log(`bare hello world:  ${hello.rps.toFixed(0)} req/s (p99 ${hello.p99} ms)`);
console.log(`group page:        ${groupPage.rps.toFixed(0)} req/s (p99 ${groupPage.p99} ms)`);
console.log(
  `ratio:             ${((groupPage.rps / hello.rps) * 100).toFixed(1)}% of hello world (goal: at least 25%)`,
);
await app.close();
await bare.close();
await database.close();
