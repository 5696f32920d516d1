import path from 'node:path';
import type { Config } from '../config.ts';
import type { BackupSettings } from './backups.ts';

/** BACKUP_DIR, or the data folder's backups/ beside (never inside) the PGlite folder; BACKUP_KEY when set. */
export function backupSettingsOf(config: Pick<Config, 'dataDir' | 'backupDir' | 'backupKey'>): BackupSettings {
  return { backupDir: config.backupDir ?? path.join(config.dataDir, 'backups'), key: config.backupKey };
}
