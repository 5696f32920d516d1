import { signedIn, type HubApp } from '../../routes.ts';
import { writePaperDocx } from '../../reports/worker.ts';
import { idParams } from '../../views/forms.ts';
import { contentDisposition } from '../documents/index.ts';
import { draftForReader } from './draft.reads.ts';

/*
 * A draft as a Word document: the same paper the preview prints, for the same readers. It is
 * written in a worker thread (src/reports/worker.ts), so writing it never holds up live events.
 */

const DOCX_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

export function downloadRoutes(app: HubApp): void {
  app.get('/papers/:paperId/paper.docx', { schema: { params: idParams('paperId') } }, async (request, reply) => {
    const { paper, sensitive } = await draftForReader(app.db, signedIn(request), request.params.paperId, 'docx');
    if (sensitive) reply.sensitive();
    return reply
      .type(DOCX_TYPE)
      .header('content-disposition', contentDisposition(`${paper.header.subject} (draft).docx`))
      .send(await writePaperDocx(paper));
  });
}
