import { contentMarking, higherMarking } from '../../reports/paper.ts';
import { signedIn, type HubApp } from '../../routes.ts';
import { idParams } from '../../views/forms.ts';
import { recordAudit } from '../audit/index.ts';
import { contentDisposition } from '../documents/index.ts';
import { buildPaper, readablePaper } from './build.ts';

/*
 * A draft as a Word document: the same paper the preview prints, built live as at now, for the
 * same readers (its author, coordinators, members of the meeting's group; anyone else gets the
 * preview's 404). The DOCX writer is loaded when a document is asked for, not at every start.
 */

const DOCX_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

export function downloadRoutes(app: HubApp): void {
  app.get('/papers/:paperId/paper.docx', { schema: { params: idParams('paperId') } }, async (request, reply) => {
    const user = signedIn(request);
    const loaded = await readablePaper(app.db, user, request.params.paperId);
    const built = await buildPaper({ db: app.db, user, asAt: new Date() }, loaded);
    // As the preview: never bearing less than the highest marking of what it contains.
    const marking = higherMarking(built.header.marking, contentMarking(built).marking);
    if (marking === 'OFFICIAL-SENSITIVE') {
      // A restricted read, recorded as the preview's is; "as" says it left the Hub as a file.
      await recordAudit(app.db, {
        action: 'paper.previewed',
        user,
        subjectType: 'paper',
        subjectId: loaded.paper.id,
        detail: { revision: loaded.paper.revision, as: 'docx' },
      });
      reply.sensitive();
    }
    const { paperDocx } = await import('../../reports/docx.ts');
    const docx = await paperDocx({ ...built, header: { ...built.header, marking } });
    return reply
      .type(DOCX_TYPE)
      .header('content-disposition', contentDisposition(`${built.header.subject} (draft).docx`))
      .send(docx);
  });
}
