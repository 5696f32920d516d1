import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { FastifyBaseLogger } from 'fastify';
import { loadConfig } from './config.ts';
import { openDatabase } from './db/client.ts';
import { DataFolderInUseError } from './db/lock.ts';
import { buildApp } from './app.ts';
import { startupAddresses } from './views/join-address.ts';

/** Starts the Hub: opens (and migrates) the database, listens, and drains cleanly on SIGTERM/SIGINT. */
export async function startServer(env: NodeJS.ProcessEnv = process.env) {
  const config = loadConfig(env);
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  const app = await buildApp({ config, db: database.db, pool: database.pool, logger: { level: config.logLevel } });
  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, 'shutting down: finishing requests in progress');
    const drained = drainConnections(app.server, app.log);
    await app.close();
    drained.done();
    await database.close();
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
  reportHealthOnSignal();
  await app.listen({ port: config.port, host: config.host });
  const port = (app.server.address() as AddressInfo).port;
  // Delegates' phones need an address on the network (or PUBLIC_URL), never localhost.
  const [first, ...others] = startupAddresses(config, port);
  const where = database.kind === 'pglite' ? `embedded database in ${config.dataDir}` : 'PostgreSQL';
  app.log.info(`Prevent Partnership Hub on ${first} (${where})`);
  if (others.length > 0) app.log.info(`Also at ${others.join(', ')}`);
  return { app, database };
}

/** How long requests in progress get to finish after SIGTERM: a container's stop allows 10 s. */
const DRAIN_MS = 10_000;

/**
 * While the Hub closes: a keep-alive connection is closed as soon as its last request is answered
 * (the server closes idle ones only once, when closing starts, and browsers keep them open for
 * 72 s), and whatever is still running after DRAIN_MS is cut off, so the process exits in time.
 */
function drainConnections(server: Server, log: FastifyBaseLogger) {
  const closeIdle = setInterval(() => server.closeIdleConnections(), 200);
  const cutOff = setTimeout(() => {
    log.warn(`requests still running after ${DRAIN_MS / 1000} s were cut off`);
    server.closeAllConnections();
  }, DRAIN_MS);
  return {
    done: () => {
      clearInterval(closeIdle);
      clearTimeout(cutOff);
    },
  };
}

/*
 * For operators and benchmarks: `kill -USR2 <pid>` prints one JSON line to stderr with the
 * event-loop delay since the last report (PGlite shares the main thread, so this is where a
 * slow query shows) and the memory in use, then starts a new measuring window.
 */
function reportHealthOnSignal() {
  const resolutionMs = 10;
  const delay = monitorEventLoopDelay({ resolution: resolutionMs });
  delay.enable();
  process.on('SIGUSR2', () => {
    // The histogram holds the whole interval between its timer's runs: the delay is what exceeds the resolution.
    const ms = (ns: number) => Math.max(0, Math.round((ns / 1e6 - resolutionMs) * 100) / 100);
    const eventLoopDelayMs = { p50: ms(delay.percentile(50)), p99: ms(delay.percentile(99)), max: ms(delay.max) };
    // With --expose-gc, collect first: memory is then what is held, not what awaits collection.
    // The next window starts after the collection's own pause has been recorded, so it is not counted.
    (globalThis as { gc?: () => void }).gc?.();
    setTimeout(() => {
      delay.reset();
      process.stderr.write(`hub-health ${JSON.stringify({ eventLoopDelayMs, memory: process.memoryUsage() })}\n`);
    }, 25);
  });
}

/** Starts the Hub as a program: a failure to start is printed and ends the process. */
export function runFromCommandLine(): void {
  startServer().catch((error: unknown) => {
    if (error instanceof DataFolderInUseError) {
      console.error(error.message);
    } else {
      console.error(error);
    }
    process.exit(1);
  });
}

// `node --import tsx src/server.ts` (tests, benchmarks); `npm start` runs the compiled bundle.
if (import.meta.url === `file://${process.argv[1]}`) runFromCommandLine();
