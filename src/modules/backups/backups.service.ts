import type { CurrentUser } from '../../auth/sessions.ts';
import { takeVerifiedBackup, type BackupSettings, type RestoredCheck } from '../../backup/backups.ts';
import { writeSchedule } from '../../backup/schedule.ts';
import type { Database } from '../../db/client.ts';
import { checkChain, recordAudit } from '../audit/index.ts';

/** Who asked for a backup: an administrator on the page, the daily schedule, or `npm run backup`. */
export type BackupRequester = { user: CurrentUser } | { actor: 'backup schedule' | 'npm run backup' };

/** The restored audit log must hold its chain as the live one does: the first broken entry is named. */
export const auditChainOfBackup: RestoredCheck = {
  name: 'audit chain',
  problems: async (db) => {
    const check = await checkChain(db);
    if (check.ok) return [];
    const broken = check.broken;
    if (!broken) return ['audit chain: the last exported head is no longer held'];
    return [`audit chain broken at entry ${broken.id ?? `place ${broken.chainSeq}`}: ${broken.explanation}`];
  },
};

/** Takes a checked backup and records who asked for it and whether it restored cleanly. */
export async function takeBackupFor(db: Database, settings: BackupSettings, requester: BackupRequester) {
  const backup = await takeVerifiedBackup(db, settings, auditChainOfBackup);
  await recordAudit(db, {
    action: 'backup.taken',
    ...requester,
    subjectType: 'backup',
    subjectId: backup.name,
    detail: { verified: backup.manifest.verification?.ok ?? false, encrypted: backup.manifest.encrypted },
  });
  return backup;
}

export async function changeSchedule(
  db: Database,
  settings: BackupSettings,
  user: CurrentUser,
  dailyAtHour: number | null,
): Promise<void> {
  writeSchedule(settings.backupDir, { dailyAtHour });
  await recordAudit(db, { action: 'backup.schedule_changed', user, detail: { dailyAtHour } });
}
