import type { FastifyReply } from 'fastify';
import { packHtml } from '../../reports/html.ts';
import { writeDocx } from '../../reports/worker.ts';
import { signedIn, type HubApp } from '../../routes.ts';
import { idParams } from '../../views/forms.ts';
import { contentDisposition } from '../documents/index.ts';
import { DOCX_TYPE } from './issue.service.ts';
import { readPack, type ReadPack } from './pack.service.ts';
import { allowPaperStyle } from './preview.routes.ts';

/*
 * A meeting's agenda pack, as a printable page and as a Word document, for the meeting's group and
 * coordinators. Until a paper is issued both say so, and point to the agenda items papers are
 * written from. An OFFICIAL-SENSITIVE pack is not stored by the browser. The Word document is
 * written in a worker thread (src/reports/worker.ts).
 */

export const PackParams = idParams('meetingId');

/**
 * The page saying there is no pack yet, or null when there is one; marks a sensitive pack not to be
 * stored. Asked for as a Word document, the page comes with 404: there is no document to save.
 */
function noPackYet(reply: FastifyReply, read: ReadPack, as: 'page' | 'docx') {
  if (read.empty) {
    if (as === 'docx') reply.code(404);
    return reply.page('papers/views/pack-empty.njk', { meeting: read.meeting, items: read.items });
  }
  if (read.sensitive) reply.sensitive();
  return null;
}

export function packRoutes(app: HubApp): void {
  app.get('/meetings/:meetingId/pack', { schema: { params: PackParams } }, async (request, reply) => {
    const read = await readPack(app.db, signedIn(request), request.params.meetingId, 'pack');
    const empty = noPackYet(reply, read, 'page');
    if (empty) return empty;
    allowPaperStyle(reply);
    return reply.type('text/html; charset=utf-8').send(packHtml(read.pack));
  });

  app.get('/meetings/:meetingId/pack.docx', { schema: { params: PackParams } }, async (request, reply) => {
    const read = await readPack(app.db, signedIn(request), request.params.meetingId, 'pack.docx');
    const empty = noPackYet(reply, read, 'docx');
    if (empty) return empty;
    const { body, date } = read.pack.meeting;
    return (
      reply
        .type(DOCX_TYPE)
        .header('content-disposition', contentDisposition(`Agenda pack – ${body}, ${date}.docx`))
        // Written off the main thread, as a paper is: a pack's charts and packing would stall live events.
        .send(await writeDocx('packDocx', read.pack))
    );
  });
}
