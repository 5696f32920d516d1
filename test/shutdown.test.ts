import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { TestContext } from 'node:test';
import { createScratchDatabase } from './helpers.ts';
import { startHubProcess, type HubProcess } from './process.ts';

// A container's stop waits 10 s before SIGKILL; browsers keep idle connections open for longer.

/** A fresh data folder, and on PostgreSQL a database of its own, dropped afterwards. */
async function env(t: TestContext) {
  const DATA_DIR = mkdtempSync(path.join(tmpdir(), 'hub-data-'));
  if (!process.env.DATABASE_URL) return { DATA_DIR, DATABASE_URL: '' };
  const scratch = await createScratchDatabase(process.env.DATABASE_URL);
  t.after(() => scratch.drop());
  return { DATA_DIR, DATABASE_URL: scratch.url };
}

/** A browser's idle keep-alive connection: one request answered, the socket left open. */
async function idleKeepAlive(url: string) {
  const agent = new http.Agent({ keepAlive: true, keepAliveMsecs: 60_000 });
  const status = await new Promise<number>((resolve, reject) => {
    http
      .get(`${url}/health`, { agent }, (response) => {
        response.resume();
        response.on('end', () => resolve(response.statusCode!));
      })
      .on('error', reject);
  });
  assert.equal(status, 200);
  assert.equal(Object.values(agent.freeSockets).flat().length, 1, 'the connection is kept open');
  return agent;
}

/** A form post whose body arrives slowly, on a keep-alive connection the client never closes. */
async function slowPost(url: string) {
  const setup = await fetch(`${url}/setup`);
  const cookie = setup.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  const csrf = /name="_csrf" value="([^"]+)"/.exec(await setup.text())![1]!;
  const body = new URLSearchParams({ _csrf: csrf, partnershipName: 'Slow partnership' }).toString();
  const { port } = new URL(url);
  const socket = net.connect(Number(port), '127.0.0.1');
  let received = '';
  socket.on('data', (chunk) => (received += chunk.toString()));
  const closed = new Promise<void>((resolve) => socket.on('close', () => resolve()));
  socket.write(
    `POST /setup HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nConnection: keep-alive\r\nCookie: ${cookie}\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: ${body.length}\r\n\r\n`,
  );
  socket.write(body.slice(0, 10));
  return {
    finish: () => socket.write(body.slice(10)),
    response: () => received,
    closed,
  };
}

async function exitAfterSigterm(hub: HubProcess) {
  const sent = Date.now();
  hub.child.kill('SIGTERM');
  const code = await hub.exited;
  return { code, seconds: (Date.now() - sent) / 1000 };
}

test('SIGTERM: a slow request in progress is answered, idle keep-alive connections are closed, and the Hub exits at once', async (t) => {
  const settings = await env(t);
  const hub = await startHubProcess(settings);
  const agent = await idleKeepAlive(hub.url);
  const slow = await slowPost(hub.url);
  await sleep(300);

  const exit = exitAfterSigterm(hub);
  await sleep(1_500);
  assert.equal(hub.child.exitCode, null, 'still draining the slow request');
  slow.finish();

  const { code, seconds } = await exit;
  assert.match(slow.response(), /^HTTP\/1\.1 400 /, 'the slow request was answered (its form has errors)');
  assert.match(slow.response(), /There is a problem/);
  await slow.closed;
  assert.equal(code, 0, hub.output());
  assert.ok(seconds < 5, `exited ${seconds.toFixed(1)} s after SIGTERM, not when keep-alive connections time out`);
  if (!process.env.DATABASE_URL)
    assert.equal(existsSync(path.join(settings.DATA_DIR, 'hub.lock')), false, 'data folder released');
  agent.destroy();
});

test('SIGTERM: a request that never finishes is cut off after 10 s and the Hub still exits cleanly', async (t) => {
  const settings = await env(t);
  const hub = await startHubProcess(settings);
  const stuck = await slowPost(hub.url);
  await sleep(300);

  const { code, seconds } = await exitAfterSigterm(hub);
  await stuck.closed;
  assert.equal(code, 0, hub.output());
  assert.ok(seconds >= 9.5 && seconds < 12, `exited ${seconds.toFixed(1)} s after SIGTERM`);
  assert.match(hub.output(), /cut off/);
  if (!process.env.DATABASE_URL)
    assert.equal(existsSync(path.join(settings.DATA_DIR, 'hub.lock')), false, 'data folder released');
});
