/** The benchmarks' processes: a free loopback port, a server pinned to core 0, and stopping it. */
import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import readline from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';

export const freePort = () =>
  new Promise<number>((resolve) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });

export interface Health {
  eventLoopDelayMs: { p50: number; p99: number; max: number };
  memory: NodeJS.MemoryUsage;
}

/** A server pinned to core 0, answering `health()` (SIGUSR2 → one JSON line on stderr). */
export async function startPinned(args: string[], env: Record<string, string>, ready: string) {
  const child = spawn('taskset', ['-c', '0', process.execPath, '--expose-gc', ...args], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const waiting: ((health: Health) => void)[] = [];
  readline.createInterface({ input: child.stderr }).on('line', (line) => {
    if (line.startsWith('hub-health ')) waiting.shift()?.(JSON.parse(line.slice('hub-health '.length)) as Health);
    else process.stderr.write(`${line}\n`);
  });
  const health = () =>
    new Promise<Health>((resolve) => {
      waiting.push(resolve);
      child.kill('SIGUSR2');
    });
  for (let i = 0; i < 600; i++) {
    try {
      if ((await fetch(ready)).status === 200) return { child, health };
    } catch {
      /* not yet */
    }
    await sleep(50);
  }
  throw new Error(`no answer from ${ready}`);
}

export async function stop(child: ChildProcess) {
  child.kill('SIGTERM');
  await new Promise((resolve) => child.on('exit', resolve));
}
