import type { CurrentUser } from '../../auth/sessions.ts';
import type { Queryable } from '../../db/client.ts';
import { HubError } from '../../errors.ts';
import { formSchema } from '../../views/forms.ts';
import { signedIn, type HubApp } from '../../routes.ts';
import { chainExport, chainOfficer, exportChainHead } from '../audit/index.ts';
import { queueMail } from '../mail/index.ts';

/*
 * "Email the latest hash" on the audit log chain page: the head goes to the officer an
 * administrator named there, so a rewrite of the whole log would have to get past a record the Hub
 * cannot reach. Here rather than in the audit module, which sits below mail.
 */

/** The head as the officer receives it: where it is, its hash and the time, never a word of the log. */
export function headMail(head: { seq: number; hash: string; exportedAt: Date }, officer: string) {
  const text = [
    'The latest head of the Prevent Partnership Hub audit log chain:',
    '',
    `Place in the chain:  ${head.seq}`,
    `Hash (SHA-256):      ${head.hash}`,
    `Time:                ${head.exportedAt.toISOString()}`,
    '',
    'Please keep this message where the Hub cannot reach it. If the Hub later shows a different hash',
    'at this place, or none, its audit log was changed from this entry on.',
    '',
  ].join('\n');
  return { to: officer, subject: `Audit log chain head: place ${head.seq}`, text, kind: 'audit_chain_head' };
}

/** The export, its record in the log and the message stand or fall together. Returns the export's id. */
export async function emailChainHead(db: Queryable, user: CurrentUser, officer: string): Promise<number> {
  return db.transaction(async (tx) => {
    const exportId = await exportChainHead(tx, user, 'audit_chain.emailed', { officer });
    const head = (await chainExport(tx, exportId))!;
    await queueMail(tx, headMail(head, officer));
    return exportId;
  });
}

const EmailHeadForm = formSchema({});

export function chainHeadMailRoutes(app: HubApp) {
  app.post(
    '/audit-log/chain/email',
    { config: { roles: ['administrator' as const] }, schema: { body: EmailHeadForm } },
    async (request, reply) => {
      const officer = await chainOfficer(app.db);
      if (!officer) throw new HubError(400, 'no-officer', "Enter the officer's email address first");
      if (!app.config.smtpUrl) {
        const text =
          'The Hub has no mail server (SMTP_URL), so it cannot email: export the head and print it for the officer';
        throw new HubError(400, 'no-mail', text);
      }
      const exportId = await emailChainHead(app.db, signedIn(request), officer);
      return reply.redirect(`/audit-log/chain?emailed=${exportId}#officer`, 303);
    },
  );
}
