import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, existsSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { HttpSession, setupCodeOf, signInThroughPages, startHubProcess, type HubProcess } from './process.ts';

// These tests are about the embedded database folder; on PostgreSQL the server owns durability.
const skip = process.env.DATABASE_URL ? 'embedded database only' : false;
const freshDataDir = () => mkdtempSync(path.join(tmpdir(), 'hub-data-'));
const env = (dataDir: string) => ({ DATA_DIR: dataDir, DATABASE_URL: '' });

async function setUp(hub: HubProcess) {
  const { url } = hub;
  const session = new HttpSession(url);
  await session.request('GET', '/setup');
  const done = await session.request('POST', '/setup', {
    setupCode: setupCodeOf(hub),
    partnershipName: 'Durability test partnership',
    name: 'Ada Example',
    email: 'ada@example.org',
    password: 'a long enough password',
  });
  assert.equal(done.status, 303);
  return signIn(url);
}

async function signIn(url: string) {
  const session = new HttpSession(url);
  const signedIn = await signInThroughPages(session, 'ada@example.org', 'a long enough password');
  assert.equal(signedIn.status, 303);
  await session.request('GET', '/areas');
  return session;
}

test(
  'a second Hub on the same data folder refuses with a clear message; SIGTERM closes cleanly',
  { skip },
  async () => {
    const dataDir = freshDataDir();
    const first = await startHubProcess(env(dataDir));
    try {
      await assert.rejects(startHubProcess(env(dataDir)), /in use by another Hub/);
    } finally {
      first.child.kill('SIGTERM');
    }
    assert.equal(await first.exited, 0, 'exits 0 after draining');
    assert.equal(existsSync(path.join(dataDir, 'hub.lock')), false, 'lock released');
  },
);

test('a stale lock left by a dead process is taken over', { skip }, async () => {
  const dataDir = freshDataDir();
  writeFileSync(path.join(dataDir, 'hub.lock'), '999999999');
  const hub = await startHubProcess(env(dataDir));
  hub.child.kill('SIGTERM');
  assert.equal(await hub.exited, 0);
});

test('SIGKILL in the middle of a burst of writes loses no acknowledged write', { skip }, async () => {
  const dataDir = freshDataDir();
  const hub = await startHubProcess(env(dataDir));
  const session = await setUp(hub);

  const acknowledged: string[] = [];
  let sent = 0;
  const writer = async (worker: number) => {
    for (let i = 0; i < 100; i++) {
      const name = `Area ${worker}-${i}`;
      sent += 1;
      try {
        const response = await session.request('POST', '/areas', { name, kind: 'district' });
        if (response.status === 303) acknowledged.push(name);
      } catch {
        return; // the server is gone
      }
      if (acknowledged.length === 60) hub.child.kill('SIGKILL');
    }
  };
  await Promise.all([0, 1, 2, 3, 4, 5].map(writer));
  await hub.exited;
  assert.ok(acknowledged.length >= 60, `the burst was under way (${acknowledged.length} acknowledged of ${sent} sent)`);

  const restarted = await startHubProcess(env(dataDir));
  try {
    const after = await signIn(restarted.url);
    const page = await after.request('GET', '/areas');
    const missing = acknowledged.filter((name) => !page.body.includes(`>${name}<`));
    assert.deepEqual(missing, [], 'every acknowledged area survived');
  } finally {
    restarted.child.kill('SIGTERM');
    await restarted.exited;
  }
});
