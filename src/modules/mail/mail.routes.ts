import { Type } from 'typebox';
import { querySchema } from '../../views/forms.ts';
import type { HubApp } from '../../routes.ts';
import { outboxPage } from './mail.service.ts';
import { DEFAULT_SENDING, smtpTransport, startMailSender } from './sender.ts';

const ADMIN = { roles: ['administrator' as const] };
const PAGE_SIZE = 50;

const OutboxQuery = querySchema({ page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100000 })) });

export async function mailRoutes(app: HubApp) {
  app.get('/admin/outbox', { config: ADMIN, schema: { querystring: OutboxQuery } }, async (request, reply) => {
    const page = request.query.page ?? 1;
    const { rows, total } = await outboxPage(app.db, PAGE_SIZE, (page - 1) * PAGE_SIZE);
    return reply.page('mail/views/outbox.njk', {
      messages: rows,
      total,
      page,
      pages: Math.max(1, Math.ceil(total / PAGE_SIZE)),
      sending: Boolean(app.config.smtpUrl),
    });
  });
}

/**
 * With SMTP_URL set, the Hub sends its outbox until it closes. Several Hubs on one database may
 * all do so: each claims different messages.
 */
export function sendOutboxWhileOpen(app: HubApp): void {
  const { smtpUrl, mailFrom } = app.config;
  if (!smtpUrl || !mailFrom) return;
  const sender = startMailSender(
    app.db,
    smtpTransport(smtpUrl),
    mailFrom,
    app.config.mailSending ?? DEFAULT_SENDING,
    (error) => app.log.error({ err: error }, 'sending the outbox failed'),
  );
  app.addHook('onClose', () => sender.stop());
}
