import { signedIn, type HubApp } from '../../routes.ts';
import { idParams } from '../../views/forms.ts';
import { contentDisposition } from '../documents/index.ts';
import { draftForReader } from './draft.reads.ts';

/*
 * A draft as a Word document: the same paper the preview prints, for the same readers. The DOCX
 * writer is loaded when a document is asked for, not at every start.
 */

const DOCX_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

export function downloadRoutes(app: HubApp): void {
  app.get('/papers/:paperId/paper.docx', { schema: { params: idParams('paperId') } }, async (request, reply) => {
    const { paper, sensitive } = await draftForReader(app.db, signedIn(request), request.params.paperId, 'docx');
    if (sensitive) reply.sensitive();
    const { paperDocx } = await import('../../reports/docx.ts');
    return reply
      .type(DOCX_TYPE)
      .header('content-disposition', contentDisposition(`${paper.header.subject} (draft).docx`))
      .send(await paperDocx(paper));
  });
}
