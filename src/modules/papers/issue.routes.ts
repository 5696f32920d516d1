import type { FastifyReply } from 'fastify';
import type { TSchema } from 'typebox';
import type { CurrentUser } from '../../auth/sessions.ts';
import { paperHtml } from '../../reports/html.ts';
import type { Paper } from '../../reports/paper.ts';
import { writePaperDocx } from '../../reports/worker.ts';
import { signedIn, type HubApp } from '../../routes.ts';
import { field, formErrorsOf, formSchema, idParams, readForm, type FormErrors } from '../../views/forms.ts';
import { recordAudit } from '../audit/index.ts';
import { contentDisposition } from '../documents/index.ts';
import { CsrfOnlyForm, PaperParams } from './papers.forms.ts';
import {
  DOCX_TYPE,
  issuePage,
  issuePaper,
  issuedVersion,
  nameApprover,
  reopenPaper,
  signOff,
} from './issue.service.ts';
import { allowPaperStyle } from './preview.routes.ts';

/*
 * Sign-off and issue: one page for a paper's approver, its sign-off, issue and issued versions.
 * An issued version is read from its frozen Paper (never rebuilt from live data), as a printable
 * page or a Word document, by the preview's readers; an OFFICIAL-SENSITIVE one is not stored by
 * the browser and each read is audited.
 */

export const ApproverForm = formSchema({
  approverAccountId: field.id('Approver', 'Select the approver from the list'),
});

export const SignOffForm = formSchema({
  revision: field.id('Revision', 'Open the paper again: the form was out of date'),
});

export const VersionParams = idParams('paperId', 'version');

export function issueRoutes(app: HubApp): void {
  const db = app.db;

  const renderIssue = async (reply: FastifyReply, paperId: number, errors?: FormErrors) => {
    const page = await issuePage(db, signedIn(reply.request), paperId);
    const { query } = reply.request as { query: { done?: string } };
    return reply.code(errors ? 400 : 200).page('papers/views/issue.njk', { ...page, errors, done: query.done });
  };

  app.get('/papers/:paperId/issue', { schema: { params: PaperParams } }, async (request, reply) =>
    renderIssue(reply, request.params.paperId),
  );

  /** One way every form on the page acts: read it, act, and show the page again with any error. */
  const acting = <S extends TSchema>(
    path: string,
    schema: S,
    done: string,
    act: (user: CurrentUser, paperId: number, values: Record<string, unknown>) => Promise<unknown>,
  ) =>
    app.post(
      path,
      { schema: { params: PaperParams, body: schema }, attachValidation: true },
      async (request, reply) => {
        const { paperId } = request.params;
        const form = readForm(request, schema);
        if (!form.ok) return renderIssue(reply, paperId, form.errors);
        const values: Record<string, unknown> = form.values;
        const errors = await formErrorsOf(() => act(signedIn(request), paperId, values));
        if (errors) return renderIssue(reply, paperId, errors);
        return reply.redirect(`/papers/${paperId}/issue?done=${done}`, 303);
      },
    );

  acting('/papers/:paperId/approver', ApproverForm, 'approver', (user, paperId, values) =>
    nameApprover(db, user, paperId, Number(values.approverAccountId)),
  );
  acting('/papers/:paperId/sign-off', SignOffForm, 'signed-off', (user, paperId, values) =>
    signOff(db, user, paperId, Number(values.revision)),
  );
  acting('/papers/:paperId/issue', CsrfOnlyForm, 'issued', (user, paperId) => issuePaper(db, user, paperId));
  acting('/papers/:paperId/reopen', CsrfOnlyForm, 'reopened', (user, paperId) => reopenPaper(db, user, paperId));

  /** A frozen version for its reader; an OFFICIAL-SENSITIVE one is a restricted read, not stored. */
  const readVersion = async (reply: FastifyReply, params: { paperId: number; version: number }, as: string) => {
    const user = signedIn(reply.request);
    const { paper, marking } = await issuedVersion(db, user, params.paperId, params.version);
    if (marking === 'OFFICIAL-SENSITIVE') {
      await recordAudit(db, {
        action: 'paper.version_read',
        user,
        subjectType: 'paper',
        subjectId: params.paperId,
        detail: { version: params.version, as },
      });
      reply.sensitive();
    }
    return paper;
  };

  app.get('/papers/:paperId/versions/:version', { schema: { params: VersionParams } }, async (request, reply) => {
    const paper = await readVersion(reply, request.params, 'html');
    allowPaperStyle(reply);
    return reply.type('text/html; charset=utf-8').send(paperHtml(paper));
  });

  app.get(
    '/papers/:paperId/versions/:version/paper.docx',
    { schema: { params: VersionParams } },
    async (request, reply) => {
      const paper: Paper = await readVersion(reply, request.params, 'docx');
      return reply
        .type(DOCX_TYPE)
        .header(
          'content-disposition',
          contentDisposition(`${paper.header.subject} (version ${request.params.version}).docx`),
        )
        .send(await writePaperDocx(paper));
    },
  );
}
