import type { CurrentUser } from '../../auth/sessions.ts';
import type { Queryable } from '../../db/client.ts';
import { contentMarking, higherMarking, type Paper } from '../../reports/paper.ts';
import { recordAudit } from '../audit/index.ts';
import { buildPaper, readablePaper } from './build.ts';

/**
 * A draft built live, as at now, for a reader who may read it (the preview and the Word download
 * both print this), bearing the higher of its chosen marking and its content's: a draft never
 * bears less than it shows. An OFFICIAL-SENSITIVE one is a restricted read, recorded; `as` says
 * when it left the Hub as a file. The caller marks the response not to be stored when `sensitive`.
 */
export async function draftForReader(
  db: Queryable,
  user: CurrentUser,
  paperId: number,
  as?: 'docx',
): Promise<{ paper: Paper; sensitive: boolean }> {
  const loaded = await readablePaper(db, user, paperId);
  const built = await buildPaper({ db, user, asAt: new Date() }, loaded);
  const marking = higherMarking(built.header.marking, contentMarking(built).marking);
  const sensitive = marking === 'OFFICIAL-SENSITIVE';
  if (sensitive)
    await recordAudit(db, {
      action: 'paper.previewed',
      user,
      subjectType: 'paper',
      subjectId: loaded.paper.id,
      detail: as ? { revision: loaded.paper.revision, as } : { revision: loaded.paper.revision },
    });
  return { paper: { ...built, header: { ...built.header, marking } }, sensitive };
}
