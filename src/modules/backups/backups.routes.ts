import type { FastifyReply } from 'fastify';
import { listBackups } from '../../backup/manifest.ts';
import { readSchedule, startBackupSchedule } from '../../backup/schedule.ts';
import { backupSettingsOf } from '../../backup/settings.ts';
import { ownsDataFolder } from '../../backup/engines.ts';
import { serveBackupRequests } from '../../backup/socket.ts';
import { signedIn, type HubApp } from '../../routes.ts';
import { readForm, type FormErrors } from '../../views/forms.ts';
import { BackupsQuery, HOURS, ScheduleForm, TakeBackupForm } from './backups.forms.ts';
import { changeSchedule, takeBackupFor } from './backups.service.ts';
import { chainHeadMailRoutes } from './chain-head-mail.ts';

const ADMIN = { roles: ['administrator' as const] };
const MINUTE = 60_000;

const hourItems = (selected: string) => [
  { value: 'none', text: 'No scheduled backups', selected: selected === 'none' },
  ...HOURS.map((hour) => ({ value: hour, text: `${hour.padStart(2, '0')}:00`, selected: hour === selected })),
];

export async function backupsRoutes(app: HubApp) {
  const settings = backupSettingsOf(app.config);
  chainHeadMailRoutes(app);

  const renderPage = (reply: FastifyReply, options: { done?: string; errors?: FormErrors; hour?: string }) => {
    const saved = readSchedule(settings.backupDir).dailyAtHour;
    return reply
      .code(options.errors ? 400 : 200)
      .sensitive()
      .page('backups/views/backups.njk', {
        title: 'Backups',
        backups: listBackups(settings.backupDir),
        hourItems: hourItems(options.hour ?? (saved === null ? 'none' : String(saved))),
        encrypting: settings.key !== undefined,
        done: options.done,
        errors: options.errors,
      });
  };

  app.get('/admin/backups', { config: ADMIN, schema: { querystring: BackupsQuery } }, (request, reply) =>
    renderPage(reply, { done: request.query.done }),
  );

  let taking = false;
  app.post('/admin/backups', { config: ADMIN, schema: { body: TakeBackupForm } }, async (request, reply) => {
    const refusal = (text: string) => renderPage(reply, { errors: { summary: [{ text, href: '#take' }], fields: {} } });
    // A second press (or a second administrator) would only dump the same data again.
    if (taking) return refusal('A backup is being taken now: it will be in the list when it has been checked.');
    const latest = listBackups(settings.backupDir)[0]?.manifest.takenAt;
    if (latest && Date.now() - Date.parse(latest) < MINUTE) {
      return refusal('A backup was taken less than a minute ago: it is in the list below.');
    }
    taking = true;
    try {
      await takeBackupFor(app.db, settings, { user: signedIn(request) });
    } catch (error) {
      request.log.error({ err: error }, 'backup failed');
      return refusal(`The backup could not be taken: ${(error as Error).message}`);
    } finally {
      taking = false;
    }
    return reply.redirect('/admin/backups?done=taken', 303);
  });

  app.post(
    '/admin/backups/schedule',
    { config: ADMIN, schema: { body: ScheduleForm }, attachValidation: true },
    async (request, reply) => {
      const form = readForm(request, ScheduleForm);
      if (!form.ok) return renderPage(reply, { errors: form.errors });
      const hour = form.values.dailyAtHour;
      await changeSchedule(app.db, settings, signedIn(request), hour === 'none' ? null : Number(hour));
      return reply.redirect('/admin/backups?done=scheduled', 303);
    },
  );

  startInBackground(app);
}

/**
 * Once the Hub listens: the daily schedule, and on the embedded database the socket
 * `npm run backup` asks (this Hub owns the data folder, so it takes the backup itself).
 */
function startInBackground(app: HubApp) {
  const settings = backupSettingsOf(app.config);
  const stops: (() => unknown)[] = [];
  app.addHook('onListen', async () => {
    const log = (error: unknown) => app.log.error({ err: error }, 'scheduled backup failed');
    const take = (actor: 'backup schedule' | 'npm run backup') => () => takeBackupFor(app.db, settings, { actor });
    stops.push(startBackupSchedule(settings.backupDir, take('backup schedule'), log));
    if (ownsDataFolder(app.db)) stops.push(serveBackupRequests(app.config.dataDir, take('npm run backup')));
  });
  app.addHook('onClose', async () => {
    await Promise.all(stops.map((stop) => stop()));
  });
}
