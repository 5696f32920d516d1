import type { FastifyReply } from 'fastify';
import { contentMarking, higherMarking } from '../../reports/paper.ts';
import { paperHtml, PAPER_STYLE_SOURCES } from '../../reports/html.ts';
import { signedIn, type HubApp } from '../../routes.ts';
import { idParams } from '../../views/forms.ts';
import { recordAudit } from '../audit/index.ts';
import { buildPaper, readablePaper } from './build.ts';

/*
 * A draft's preview: the paper built live, as at now, for the reader, as the printable page it
 * will be (src/reports/html.ts). Who may read it: its author, coordinators and members of the
 * meeting's group; anyone else gets the same 404 as for no paper.
 */

/**
 * The Hub allows no inline style; the paper page carries its print style sheet inline (it must
 * print the same when saved), so its policy allows exactly that sheet by its hash.
 */
export function allowPaperStyle(reply: FastifyReply): void {
  const policy = reply.raw.getHeader('content-security-policy');
  if (typeof policy !== 'string') return;
  reply.header(
    'content-security-policy',
    policy.replace("style-src 'self'", `style-src 'self' ${PAPER_STYLE_SOURCES.join(' ')}`),
  );
}

export function previewRoutes(app: HubApp): void {
  app.get('/papers/:paperId/preview', { schema: { params: idParams('paperId') } }, async (request, reply) => {
    const user = signedIn(request);
    const loaded = await readablePaper(app.db, user, request.params.paperId);
    const built = await buildPaper({ db: app.db, user, asAt: new Date() }, loaded);
    // Printed at the higher of the chosen marking and its content's: a preview never bears less than it shows.
    const marking = higherMarking(built.header.marking, contentMarking(built).marking);
    if (marking === 'OFFICIAL-SENSITIVE') {
      await recordAudit(app.db, {
        action: 'paper.previewed',
        user,
        subjectType: 'paper',
        subjectId: loaded.paper.id,
        detail: { revision: loaded.paper.revision },
      });
      reply.sensitive();
    }
    allowPaperStyle(reply);
    return reply.type('text/html; charset=utf-8').send(paperHtml({ ...built, header: { ...built.header, marking } }));
  });
}
