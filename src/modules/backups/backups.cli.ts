// `npm run backup`: a checked backup (rows and audit chain) of the Hub's database into BACKUP_DIR. On the embedded
// database it asks the running Hub (which owns the data folder) over its socket; when no Hub runs,
// it opens the folder itself. On PostgreSQL it runs pg_dump itself.
//
// `npm run restore -- <backup folder>`: restores into an empty data folder (DATA_DIR) or an empty
// database (DATABASE_URL), after checking the checksums; an encrypted backup needs BACKUP_KEY.

import path from 'node:path';
import { loadConfig } from '../../config.ts';
import { openDatabase } from '../../db/client.ts';
import { restoreBackup } from '../../backup/backups.ts';
import { BackupRefusal, parseBackupKey, type BackupListing } from '../../backup/manifest.ts';
import { backupSettingsOf } from '../../backup/settings.ts';
import { askRunningHub } from '../../backup/socket.ts';
import { auditChainOfBackup, takeBackupFor } from './backups.service.ts';

const megabytes = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

function describe(backup: BackupListing): string {
  const check = backup.manifest.verification;
  const verified = check?.ok ? 'restored and checked' : `NOT verified: ${check?.problems.join('; ') ?? 'not checked'}`;
  return `${backup.dir} (${megabytes(backup.bytes)}, ${backup.manifest.encrypted ? 'encrypted, ' : ''}${verified})`;
}

async function backup(): Promise<BackupListing> {
  const config = loadConfig();
  if (!config.databaseUrl) {
    const answer = await askRunningHub(config.dataDir);
    if (answer) return answer;
  }
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  try {
    return await takeBackupFor(database.db, backupSettingsOf(config), { actor: 'npm run backup' });
  } finally {
    await database.close();
  }
}

/** Restoring needs no configuration beyond where to restore to: no session secret is written into the folder. */
async function restore(dir: string | undefined) {
  if (!dir) throw new BackupRefusal('Say which backup to restore: npm run restore -- <backup folder>');
  const env = process.env;
  const target = env.DATABASE_URL
    ? { databaseUrl: env.DATABASE_URL }
    : { dataDir: path.resolve(env.DATA_DIR || 'data') };
  const key = env.BACKUP_KEY ? parseBackupKey(env.BACKUP_KEY) : undefined;
  const { manifest, problems } = await restoreBackup(path.resolve(dir), target, key);
  if (problems.length > 0) throw new Error(`Restored, but the rows differ from the manifest:\n${problems.join('\n')}`);
  const chain = await restoredAuditChain(target);
  if (chain.length > 0) throw new Error(`Restored, but the audit log does not hold its chain:\n${chain.join('\n')}`);
  const rows = Object.values(manifest.rowCounts).reduce((sum, n) => sum + n, 0);
  const where = 'dataDir' in target ? target.dataDir : 'the database at DATABASE_URL';
  return `Restored the backup of ${manifest.takenAt} (schema ${manifest.schemaVersion}) into ${where}: ${rows} rows, as the manifest counts, and an unbroken audit chain.`;
}

/** Opened as the Hub would open it (which brings an older backup to today's schema), and its chain verified. */
async function restoredAuditChain(target: { dataDir: string } | { databaseUrl: string }): Promise<string[]> {
  const database = await openDatabase('dataDir' in target ? { dataDir: target.dataDir } : target);
  try {
    return await auditChainOfBackup.problems(database.db);
  } finally {
    await database.close();
  }
}

async function main(command: string | undefined, argument: string | undefined) {
  if (command === 'backup') {
    const taken = await backup();
    console.log(`Backup taken: ${describe(taken)}`);
    // A backup that did not restore cleanly is a failure for whatever scheduled the command.
    if (!taken.manifest.verification?.ok) process.exitCode = 1;
  } else if (command === 'restore') console.log(await restore(argument));
  else throw new BackupRefusal('Usage: cli.ts backup | cli.ts restore <backup folder>');
}

main(process.argv[2], process.argv[3]).catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
