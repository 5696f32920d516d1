/**
 * Requests per second for a signed-in group page (20 members, 12 meetings) against a bare
 * Fastify "hello world" route, in the same process and run, on PGlite. Prints the ratio.
 *   npm run bench:pages [-- --seconds 10 --connections 10]
 */
import Fastify from 'fastify';
import { Browser, createUser } from '../test/helpers.ts';
import { benchHub, seedGroupWithMeetings } from './fixtures.ts';
import { measure, warm } from './load.ts';

const hub = await benchHub();
const { app, database } = hub;
const { groupId } = await seedGroupWithMeetings(database.db, { members: 20, meetings: 12 });
const user = await createUser(hub, 'coordinator');
const browser = new Browser(app);
await browser.signIn(user.email);
const hubUrl = await app.listen({ port: 0, host: '127.0.0.1' });

const bare = Fastify();
bare.get('/', () => 'hello world');
const bareUrl = await bare.listen({ port: 0, host: '127.0.0.1' });

// Warm both (template compilation, JIT) before measuring.
await warm(`${hubUrl}/groups/${groupId}`, { cookie: browser.cookieHeader });
await warm(bareUrl);

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
