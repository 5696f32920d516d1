import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createScratchDatabase } from './helpers.ts';
import { HttpSession, setupCodeOf, startHubProcess, type HubProcess } from './process.ts';

const START = ['scripts/start.mjs'];

async function stopped(hub: HubProcess) {
  hub.child.kill('SIGTERM');
  assert.equal(await hub.exited, 0);
}

test('npm start runs the compiled Hub: it is set up, serves pages and files, and the next start reuses the build', async (t) => {
  const scripts = (JSON.parse(readFileSync('package.json', 'utf8')) as { scripts: Record<string, string> }).scripts;
  assert.equal(scripts.start, `node ${START.join(' ')}`, 'the test starts the Hub as npm start does');
  const scratch = process.env.DATABASE_URL ? await createScratchDatabase(process.env.DATABASE_URL) : undefined;
  t.after(() => scratch?.drop());
  const env: Record<string, string> = scratch
    ? { DATA_DIR: '', DATABASE_URL: scratch.url }
    : { DATA_DIR: mkdtempSync(path.join(tmpdir(), 'hub-start-')), DATABASE_URL: '' };

  const first = await startHubProcess(env, START);
  try {
    const session = new HttpSession(first.url);
    const setup = await session.request('GET', '/setup');
    assert.equal(setup.status, 200);
    assert.match(setup.body, /href="\/assets\/govuk-frontend\.min\.css"/);
    const done = await session.request('POST', '/setup', {
      setupCode: setupCodeOf(first),
      partnershipName: 'Start test partnership',
      name: 'Ada Example',
      email: 'ada@example.org',
      password: 'a long enough password',
    });
    assert.equal(done.status, 303);
    const home = await session.request('GET', '/');
    assert.equal(home.status, 200, 'templates and the database work from the bundle');
    assert.match(home.body, /Start test partnership/);
    const css = await fetch(`${first.url}/assets/hub.css`);
    assert.equal(css.status, 200, 'public files are found from the bundle');
    const govuk = await fetch(`${first.url}/assets/govuk-frontend.min.css`);
    assert.equal(govuk.status, 200);
  } finally {
    await stopped(first);
  }

  const second = await startHubProcess(env, START);
  try {
    assert.doesNotMatch(second.output(), /Compiled the Hub/, 'an unchanged Hub is not compiled again');
    assert.equal((await fetch(`${second.url}/health`)).status, 200);
  } finally {
    await stopped(second);
  }
});
