import { loadConfig } from './config.ts';
import { openDatabase } from './db/client.ts';
import { DataFolderInUseError } from './db/lock.ts';
import { buildApp } from './app.ts';

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
    await app.close();
    await database.close();
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
  const address = await app.listen({ port: config.port, host: config.host });
  app.log.info(`Prevent Partnership Hub on ${address.replace('0.0.0.0', 'localhost')} (${database.kind === 'pglite' ? `embedded database in ${config.dataDir}` : 'PostgreSQL'})`);
  return { app, database };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  startServer().catch((error: unknown) => {
    if (error instanceof DataFolderInUseError) {
      console.error(error.message);
    } else {
      console.error(error);
    }
    process.exit(1);
  });
}
