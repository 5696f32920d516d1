/**
 * Cold start: `npm start` to the first 200 on an existing data folder. Prints each run and the median.
 *   npm run bench:cold-start [-- --runs 5]
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { setTimeout as sleep } from 'node:timers/promises';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '5' } } });
const dataDir = mkdtempSync(path.join(tmpdir(), 'hub-cold-start-'));
const port = 3900 + Math.floor(Math.random() * 90);

async function startAndTime(): Promise<number> {
  const started = performance.now();
  const child = spawn('npm', ['start', '--silent'], {
    env: { ...process.env, DATA_DIR: dataDir, PORT: String(port), DATABASE_URL: '', LOG_LEVEL: 'warn' },
    stdio: 'ignore',
    detached: true,
  });
  try {
    for (;;) {
      try {
        const response = await fetch(`http://127.0.0.1:${port}/health`);
        if (response.status === 200) return performance.now() - started;
      } catch {
        /* not listening yet */
      }
      if (performance.now() - started > 30_000) throw new Error('no answer within 30 s');
      await sleep(10);
    }
  } finally {
    process.kill(-child.pid!, 'SIGTERM');
    await stopped();
  }
}

/** npm exits before the Hub beneath it: wait until the Hub has released its data folder. */
async function stopped() {
  while (existsSync(path.join(dataDir, 'hub.lock'))) await sleep(20);
}

console.log(`first start (creates and migrates the database): ${(await startAndTime()).toFixed(0)} ms`);
const times: number[] = [];
for (let i = 0; i < Number(values.runs); i++) {
  const ms = await startAndTime();
  times.push(ms);
  console.log(`start on the existing data folder: ${ms.toFixed(0)} ms`);
}
times.sort((a, b) => a - b);
console.log(`median cold start: ${times[Math.floor(times.length / 2)]!.toFixed(0)} ms (goal: under 1500 ms)`);
