import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { listBackups } from './manifest.ts';

/** A backup every day at this hour (the server's local time), or none: kept beside the backups. */
export interface BackupSchedule {
  dailyAtHour: number | null;
}

const scheduleFile = (backupDir: string) => path.join(backupDir, 'schedule.json');

export function readSchedule(backupDir: string): BackupSchedule {
  try {
    const saved = JSON.parse(readFileSync(scheduleFile(backupDir), 'utf8')) as BackupSchedule;
    return { dailyAtHour: Number.isInteger(saved.dailyAtHour) ? saved.dailyAtHour : null };
  } catch {
    return { dailyAtHour: null };
  }
}

export function writeSchedule(backupDir: string, schedule: BackupSchedule): void {
  mkdirSync(backupDir, { recursive: true, mode: 0o700 });
  writeFileSync(scheduleFile(backupDir), JSON.stringify(schedule) + '\n', { mode: 0o600 });
}

/**
 * Due when today's hour has come and no backup was taken since: a Hub that was down at that
 * hour takes the day's backup when it is back.
 */
export function backupDue(schedule: BackupSchedule, latestTakenAt: Date | undefined, now: Date): boolean {
  if (schedule.dailyAtHour === null) return false;
  const slot = new Date(now);
  slot.setHours(schedule.dailyAtHour, 0, 0, 0);
  return now >= slot && (!latestTakenAt || latestTakenAt < slot);
}

const CHECK_EVERY_MS = 60_000;

/** Checks each minute whether the schedule wants a backup; returns the way to stop. */
export function startBackupSchedule(
  backupDir: string,
  take: () => Promise<unknown>,
  onError: (error: unknown) => void,
) {
  let running = false;
  // A failed attempt counts as the day's: it is logged, and not retried every minute.
  let lastAttempt: Date | undefined;
  const check = () => {
    if (running) return;
    const latest = listBackups(backupDir)[0]?.manifest.takenAt;
    const since = [latest ? new Date(latest) : undefined, lastAttempt]
      .filter((d) => d !== undefined)
      .sort()
      .at(-1);
    if (!backupDue(readSchedule(backupDir), since, new Date())) return;
    running = true;
    lastAttempt = new Date();
    take()
      .catch(onError)
      .finally(() => (running = false));
  };
  const timer = setInterval(check, CHECK_EVERY_MS);
  timer.unref();
  return () => clearInterval(timer);
}
