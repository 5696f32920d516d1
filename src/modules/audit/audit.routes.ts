import type { FastifyReply } from 'fastify';
import { Type, type Static } from 'typebox';
import { Id, field, fieldError, formSchema, idParams, querySchema, readForm } from '../../views/forms.ts';
import { NotFoundError } from '../../errors.ts';
import { csvFromPages } from '../../views/csv.ts';
import { signedIn, type HubApp } from '../../routes.ts';
import { countAudit, listAudit, recordAudit, type AuditFilter } from './audit.service.ts';
import {
  chainExport,
  chainHolds,
  checkChain,
  exportChainHead,
  linkWaitingEntries,
  recordChainCheck,
} from './audit.chain.ts';
import { chainHeadText } from './audit.chain-text.ts';
import { chainOfficer, setChainOfficer } from './audit.officer.ts';

const ADMIN = { roles: ['administrator' as const] };
const PAGE_SIZE = 100;

const AuditQuery = querySchema({
  action: Type.Optional(Type.String({ maxLength: 60 })),
  actor: Type.Optional(Type.String({ maxLength: 254 })),
  from: Type.Optional(Type.String({ format: 'date' })),
  to: Type.Optional(Type.String({ format: 'date' })),
  page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100000 })),
});

const ACTION_PREFIXES = ['sign_in', 'sign_out', 'setup', 'account', 'group', 'document', 'audit_log', 'audit_chain'];
const ExportHeadForm = formSchema({});
const OfficerForm = formSchema({
  officerEmail: field.email(
    "Officer's email address",
    'Enter the email address of the officer who keeps the heads, like name@example.org',
  ),
});

/** A head kept outside the Hub (printed, signed), typed back in to see whether the chain still holds it. */
const HeldHeadQuery = querySchema({
  seq: Type.Optional(
    Id({ title: 'Place in the chain', errorMessage: 'Enter the place in the chain as a whole number, as printed' }),
  ),
  hash: Type.Optional(
    Type.String({
      title: 'Hash',
      errorMessage: 'Enter the hash as printed: 64 letters a to f and digits',
      pattern: '^[0-9a-fA-F]{64}$',
    }),
  ),
  /** After "Email the latest hash": the export that was emailed, to say so. */
  emailed: Type.Optional(Id()),
});

/** Both or neither: a place without its hash (or the other way round) checks nothing. */
function heldHeadErrors(values: Static<typeof HeldHeadQuery>) {
  if (values.seq && !values.hash) return fieldError('hash', 'Enter the hash printed beside the place in the chain');
  if (values.hash && !values.seq) return fieldError('seq', 'Enter the place in the chain printed beside the hash');
  return undefined;
}

/** Empty query values mean "no filter". */
function filterFrom(query: Static<typeof AuditQuery>): AuditFilter {
  const { action, actor, from, to } = query;
  return Object.fromEntries(Object.entries({ action, actor, from, to }).filter(([, v]) => v));
}

/**
 * How often the Hub links entries left waiting (written while another transaction held the chain):
 * writers link only their own entries, so this is what keeps an entry's wait to about a second.
 */
const LINK_WAITING_MS = 1000;

function linkWaitingNowAndThen(app: HubApp) {
  const timer = setInterval(() => {
    linkWaitingEntries(app.db).catch((error: unknown) =>
      app.log.warn({ err: error }, 'linking waiting audit entries into the chain failed'),
    );
  }, LINK_WAITING_MS);
  timer.unref();
  app.addHook('onClose', async () => clearInterval(timer));
}

export async function auditRoutes(app: HubApp) {
  linkWaitingNowAndThen(app);
  const renderChainPage = (reply: FastifyReply, context: Record<string, unknown>) =>
    reply.sensitive().page('audit/views/audit-chain.njk', {
      title: 'Audit log chain',
      mailing: Boolean(app.config.smtpUrl),
      ...context,
    });
  app.get('/audit-log', { config: ADMIN, schema: { querystring: AuditQuery } }, async (request, reply) => {
    const { query } = request;
    const filter = filterFrom(query);
    const page = query.page ?? 1;
    const [entries, total] = await Promise.all([
      listAudit(app.db, filter, PAGE_SIZE, (page - 1) * PAGE_SIZE),
      countAudit(app.db, filter),
    ]);
    const search = new URLSearchParams(filter as Record<string, string>);
    return reply.sensitive().page('audit/views/audit-log.njk', {
      title: 'Audit log',
      entries,
      total,
      page,
      pages: Math.max(1, Math.ceil(total / PAGE_SIZE)),
      filter,
      actions: ACTION_PREFIXES,
      query: search.toString(),
    });
  });

  // Streams, so an export of years of entries does not sit in memory.
  app.get('/audit-log.csv', { config: ADMIN, schema: { querystring: AuditQuery } }, async (request, reply) => {
    const filter = filterFrom(request.query);
    await recordAudit(app.db, { action: 'audit_log.exported', user: signedIn(request), detail: { ...filter } });
    // Actors are whatever a stranger typed at sign-in: the writer keeps a "=HYPERLINK(…)" as text.
    const batch = 1000;
    const csv = csvFromPages(
      ['id', 'at', 'actor', 'action', 'subject_type', 'subject_id', 'detail', 'ip'],
      batch,
      (index) => listAudit(app.db, filter, batch, index * batch),
      (e) => [
        e.id,
        e.at.toISOString(),
        e.actor ?? '',
        e.action,
        e.subjectType ?? '',
        e.subjectId ?? '',
        e.detail ? JSON.stringify(e.detail) : '',
        e.ip ?? '',
      ],
    );
    const date = new Date().toISOString().slice(0, 10);
    return reply
      .sensitive()
      .type('text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="audit-log-${date}.csv"`)
      .send(csv);
  });

  // The whole chain checked on every visit: the page is the check, and who looked is recorded.
  app.get(
    '/audit-log/chain',
    { config: ADMIN, schema: { querystring: HeldHeadQuery }, attachValidation: true },
    async (request, reply) => {
      const form = readForm(request, HeldHeadQuery, 'querystring');
      const errors = form.ok ? heldHeadErrors(form.values) : form.errors;
      const held = !errors && form.ok && form.values.seq ? { seq: form.values.seq, hash: form.values.hash! } : null;
      const check = await checkChain(app.db);
      const heldResult = held ? { ...held, held: await chainHolds(app.db, held) } : null;
      await recordChainCheck(app.db, signedIn(request), check, heldResult);
      const emailed = form.ok && form.values.emailed ? await chainExport(app.db, form.values.emailed) : undefined;
      return renderChainPage(reply.code(errors ? 400 : 200), {
        check,
        heldHead: heldResult,
        values: form.values,
        errors,
        emailed,
        officer: await chainOfficer(app.db),
      });
    },
  );

  // Who keeps the heads outside the Hub. Saved with or without a mail server: without one the
  // page says to print the head for them instead.
  app.post(
    '/audit-log/chain/officer',
    { config: ADMIN, schema: { body: OfficerForm }, attachValidation: true },
    async (request, reply) => {
      const form = readForm(request, OfficerForm);
      if (!form.ok) {
        const check = await checkChain(app.db);
        return renderChainPage(reply.code(400), {
          check,
          values: {},
          officerValues: form.values,
          errors: form.errors,
          officer: await chainOfficer(app.db),
        });
      }
      await setChainOfficer(app.db, signedIn(request), form.values.officerEmail);
      return reply.redirect('/audit-log/chain#officer', 303);
    },
  );

  app.post('/audit-log/chain/export', { config: ADMIN, schema: { body: ExportHeadForm } }, async (request, reply) => {
    const exportId = await exportChainHead(app.db, signedIn(request));
    return reply.redirect(`/audit-log/chain/exports/${exportId}`, 303);
  });

  // A head already handed out, as the text to print or keep; reading it changes nothing.
  app.get(
    '/audit-log/chain/exports/:exportId',
    { config: ADMIN, schema: { params: idParams('exportId') } },
    async (request, reply) => {
      const exported = await chainExport(app.db, request.params.exportId);
      if (!exported) throw new NotFoundError('exported head');
      return reply
        .type('text/plain; charset=utf-8')
        .header('content-disposition', `attachment; filename="audit-chain-head-${exported.seq}.txt"`)
        .send(chainHeadText(exported));
    },
  );
}
