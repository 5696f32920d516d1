// `npm run demo`: the Hub on an illustrative partnership, in its own data folder.
//
//   npm run demo               fresh demo in ./data-demo (wiped and re-seeded at each run)
//   npm run demo -- --keep     reuse the existing demo folder (what you changed stays)
//   DEMO_DATA_DIR=/tmp/x npm run demo     another folder
//
// It never touches ./data or DATA_DIR: a demo must not be able to wipe or seed the real Hub.
// It refuses to run while DATABASE_URL is set (that would seed a real PostgreSQL database),
// unless DEMO_ALLOW_DATABASE_URL=1 says that database is meant for the demo.
//
// The demo's data (names, dates, texts) lives in src/demo/content/ as plain values; the files here
// write it. Like the test fixtures (test/factories.ts), the demo writes any module's tables
// directly, on purpose: it builds a whole partnership at once, with histories the services would
// date today. Modules themselves never do this: they use each other's index.ts.

import { existsSync, readdirSync, rmSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { openDatabase } from '../db/client.ts';
import { DataFolderInUseError, lockDataFolder } from '../db/lock.ts';
import { startServer } from '../server.ts';
import { startupAddresses } from '../views/join-address.ts';
import { DEMO_PASSWORD, DEMO_SIGN_INS, hasPartnership, seedDemoPartnership } from './demo-data.ts';
import { UPCOMING_JOIN_CODE } from './demo-events.ts';
import { seedDemoPapers } from './demo-papers.ts';

// Written into the folder when the demo creates it: the demo only ever wipes a folder it made.
const MARKER = 'DEMO-DATA-FOLDER';

class DemoRefusal extends Error {}

function demoFolder(env: NodeJS.ProcessEnv): string {
  const folder = path.resolve(env.DEMO_DATA_DIR || 'data-demo');
  const real = [path.resolve('data'), ...(env.DATA_DIR ? [path.resolve(env.DATA_DIR)] : [])];
  if (real.includes(folder)) {
    throw new DemoRefusal(
      `The demo will not use ${folder}: that is the Hub's own data folder. Choose another DEMO_DATA_DIR.`,
    );
  }
  return folder;
}

/** Empties (or creates) the demo folder, refusing any folder the demo did not create. */
function prepareFreshFolder(folder: string): void {
  if (existsSync(folder) && readdirSync(folder).length > 0) {
    if (!existsSync(path.join(folder, MARKER))) {
      throw new DemoRefusal(
        `${folder} is not empty and was not made by the demo, so the demo will not wipe it. Choose another DEMO_DATA_DIR.`,
      );
    }
    // Taking the lock proves no running Hub is using the folder before it is deleted.
    lockDataFolder(folder)();
    rmSync(folder, { recursive: true, force: true });
  }
  mkdirSync(folder, { recursive: true });
  writeFileSync(
    path.join(folder, MARKER),
    'Made by `npm run demo`. Deleted and re-created at each run unless --keep is given.\n',
  );
}

async function seedIfEmpty(options: { databaseUrl?: string; dataDir?: string }): Promise<void> {
  const database = await openDatabase(options);
  try {
    if (await hasPartnership(database.db)) {
      console.log('Using the demo partnership already in the database.');
      return;
    }
    const summary = await seedDemoPartnership(database.db);
    // The seeds' board papers go through the papers module's services, after the data they draw on.
    const { issued } = await seedDemoPapers(database.db);
    console.log(
      `Seeded the demo: ${summary.people} people, ${summary.groups} groups, ${summary.meetings} meetings ` +
        `(${summary.agendaItems} agenda items, ${summary.actions} actions, ${summary.attendance} attendance records), ${summary.documents} documents, ` +
        `${summary.plans} delivery plans (${summary.planActions} actions, ${summary.progressUpdates} progress updates, ${summary.suggestions} suggestions), ` +
        `${summary.events} events (${summary.eventItems} questions and comments), ${summary.publishedFigures} published referral figures, ` +
        `${summary.referrals} illustrative referrals in the register, ${issued} board papers issued.`,
    );
  } finally {
    await database.close();
  }
}

async function main(): Promise<void> {
  const env = process.env;
  const keep = process.argv.includes('--keep');
  const databaseUrl = env.DATABASE_URL || undefined;
  if (databaseUrl && env.DEMO_ALLOW_DATABASE_URL !== '1') {
    throw new DemoRefusal(
      'DATABASE_URL is set, and the demo would write its fictional partnership into that database. ' +
        'Unset DATABASE_URL to run the demo on its own embedded database, or set DEMO_ALLOW_DATABASE_URL=1 ' +
        'if that database is an empty one meant for the demo.',
    );
  }

  const folder = demoFolder(env);
  if (databaseUrl) {
    // PostgreSQL chosen on purpose: seed it if empty, never wipe it. The folder holds the session secret only.
    mkdirSync(folder, { recursive: true });
    await seedIfEmpty({ databaseUrl });
  } else {
    if (!keep || !existsSync(path.join(folder, MARKER))) prepareFreshFolder(folder);
    await seedIfEmpty({ dataDir: folder });
  }

  // DATABASE_URL is blanked unless the PostgreSQL demo was asked for, so the server opens the demo folder.
  const { app } = await startServer({ ...env, DATA_DIR: folder, DATABASE_URL: databaseUrl ?? '' });
  const port = (app.server.address() as AddressInfo).port;
  // Delegates join on their own phones: show the addresses those can reach, not localhost.
  const [address, ...others] = startupAddresses(app.config, port);
  const width = Math.max(...DEMO_SIGN_INS.map((s) => s.email.length));
  console.log(
    [
      '',
      `Demo Prevent Partnership Hub: ${address}`,
      ...(others.length > 0 ? [`Also at: ${others.join(', ')}`] : []),
      `Data: ${databaseUrl ? 'PostgreSQL (DATABASE_URL)' : folder}${keep ? ' (kept)' : ' (fresh; run with --keep to reuse it)'}`,
      '',
      `Sign in as (password "${DEMO_PASSWORD}"):`,
      ...DEMO_SIGN_INS.map((s) => `  ${s.email.padEnd(width)}  ${s.role}`),
      '',
      'member@example.org sits on the Stockton Silver Group and the LLR Channel Panel, so it sees their',
      'OFFICIAL-SENSITIVE papers; viewer@example.org does not. Everyone in the demo is fictional.',
      `An event is open now: take part as a delegate at ${address}/e/${UPCOMING_JOIN_CODE} (code ${UPCOMING_JOIN_CODE}).`,
      'Stop with Ctrl+C.',
      '',
    ].join('\n'),
  );
}

main().catch((error: unknown) => {
  if (error instanceof DemoRefusal) {
    console.error(`npm run demo: ${error.message}`);
  } else if (error instanceof DataFolderInUseError) {
    console.error(`npm run demo: ${error.message} (For the demo, the folder is set with DEMO_DATA_DIR.)`);
  } else {
    console.error(error);
  }
  process.exit(1);
});
