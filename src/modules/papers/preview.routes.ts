import type { FastifyReply } from 'fastify';
import { paperHtml, PAPER_STYLE_SOURCES } from '../../reports/html.ts';
import { signedIn, type HubApp } from '../../routes.ts';
import { idParams } from '../../views/forms.ts';
import { draftForReader } from './draft.reads.ts';

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
    const { paper, sensitive } = await draftForReader(app.db, signedIn(request), request.params.paperId);
    if (sensitive) reply.sensitive();
    allowPaperStyle(reply);
    return reply.type('text/html; charset=utf-8').send(paperHtml(paper));
  });
}
