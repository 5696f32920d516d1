import { Type, type Static } from 'typebox';
import { querySchema } from '../../views/forms.ts';
import { csvStream } from '../../views/csv.ts';
import { signedIn, type HubApp } from '../../routes.ts';
import { countAudit, listAudit, recordAudit, type AuditFilter } from './audit.service.ts';

const ADMIN = { roles: ['administrator' as const] };
const PAGE_SIZE = 100;

const AuditQuery = querySchema({
  action: Type.Optional(Type.String({ maxLength: 60 })),
  actor: Type.Optional(Type.String({ maxLength: 254 })),
  from: Type.Optional(Type.String({ format: 'date' })),
  to: Type.Optional(Type.String({ format: 'date' })),
  page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100000 })),
});

const ACTION_PREFIXES = ['sign_in', 'sign_out', 'setup', 'account', 'group', 'document', 'audit_log'];

/** Empty query values mean "no filter". */
function filterFrom(query: Static<typeof AuditQuery>): AuditFilter {
  const { action, actor, from, to } = query;
  return Object.fromEntries(Object.entries({ action, actor, from, to }).filter(([, v]) => v));
}

export async function auditRoutes(app: HubApp) {
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
    const csv = csvStream(['id', 'at', 'actor', 'action', 'subject_type', 'subject_id', 'detail', 'ip']);
    void (async () => {
      const batch = 1000;
      for (let offset = 0; ; offset += batch) {
        const rows = await listAudit(app.db, filter, batch, offset);
        for (const e of rows) {
          csv.write([
            e.id,
            e.at.toISOString(),
            e.actor ?? '',
            e.action,
            e.subjectType ?? '',
            e.subjectId ?? '',
            e.detail ? JSON.stringify(e.detail) : '',
            e.ip ?? '',
          ]);
        }
        if (rows.length < batch) break;
      }
      csv.end();
    })().catch((error: unknown) => csv.destroy(error as Error));
    const date = new Date().toISOString().slice(0, 10);
    return reply
      .sensitive()
      .type('text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="audit-log-${date}.csv"`)
      .send(csv);
  });
}
