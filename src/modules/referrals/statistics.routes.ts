import type { FastifyReply } from 'fastify';
import { Type } from 'typebox';
import type { CurrentUser } from '../../auth/sessions.ts';
import { isCoordinator } from '../../auth/policy.ts';
import { signedIn, type HubApp } from '../../routes.ts';
import { csvText } from '../../views/csv.ts';
import { field, querySchema, readForm, type FormErrors } from '../../views/forms.ts';
import { geographyKindLabel, type PeriodKind } from './categories.ts';
import { auditRegister, registerAccessOf } from './register.access.ts';
import { hasRegisterAccess } from './register.policy.ts';
import { statisticsData, type StatisticsData } from './statistics.service.ts';
import {
  exportRows,
  viewFor,
  type ExportRow,
  type Section,
  type StatisticsView,
  type PageChoice,
} from './statistics.view.ts';
import { SUPPRESSION_RULE } from './suppression.ts';

const PERIOD_KINDS = ['year', 'quarter'] as const;

const StatisticsQuery = querySchema({
  geography: Type.Optional(field.text('Geography', 'Select a geography from the list', 300)),
  period: Type.Optional(field.choice('Period', 'Select years or quarters', PERIOD_KINDS)),
});
type Query = { geography?: string; period?: PeriodKind };

/** Where a coordinator imports published tables (the figures' own pages). */
export const FIGURES_IMPORT_PATH = '/referrals/figures/import';

/** "police_force_area|Leicestershire" names a geography in the address; unknown ones fall back to the first. */
const geographyOf = (data: StatisticsData, value: string | undefined) =>
  data.geographies.find((g) => `${g.kind}|${g.name}` === value);

const choiceOf = (data: StatisticsData, query: Query, showRegister: boolean): PageChoice => ({
  geography: geographyOf(data, query.geography),
  kind: query.period ?? 'year',
  showRegister,
});

const EXPORT_HEAD = [
  'Source',
  'Geography type',
  'Geography',
  'Period',
  'Measure',
  'Breakdown',
  'Category',
  'Value',
  'Note',
];
const VALUE = EXPORT_HEAD.indexOf('Value');
const exportCells = (row: ExportRow) => [
  row.source,
  row.geographyType,
  row.geography,
  row.period,
  row.measure,
  row.breakdown,
  row.category,
  row.value,
  row.note,
];

/** The download as a spreadsheet: the figures, then the rule they were suppressed by. */
async function statisticsXlsx(rows: ExportRow[]): Promise<Buffer> {
  const { default: ExcelJS } = await import('exceljs');
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Prevent Partnership Hub';
  workbook.created = new Date();
  const sheet = workbook.addWorksheet('Figures', { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = EXPORT_HEAD.map((header) => ({ header, key: header, width: header === 'Category' ? 40 : 20 }));
  sheet.getRow(1).font = { bold: true };
  // Numbers as numbers, so the sheet adds up; [c] and "no figure" stay text.
  for (const row of rows)
    sheet.addRow(
      exportCells(row).map((cell, i) => (i === VALUE && /^[\d,]+$/.test(cell) ? Number(cell.replace(/,/g, '')) : cell)),
    );
  workbook.addWorksheet('Suppression').addRow([SUPPRESSION_RULE]);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/**
 * The charts and tables of a view as HTML, rendered once per view (views are kept per change of
 * data): a geography over ten years is some 200 KB of tables and charts, which took longer to
 * render than everything else the page does.
 */
const renderedSections = new WeakMap<StatisticsView, Promise<{ published: string; register: string }>>();

function sectionsHtml(reply: FastifyReply, view: StatisticsView) {
  const known = renderedSections.get(view);
  if (known) return known;
  const render = (sections: Section[]) => reply.pageHtml('referrals/views/statistics/_sections.njk', { sections });
  const html = Promise.all([render(view.published), render(view.register)]).then(([published, register]) => ({
    published,
    register,
  }));
  renderedSections.set(view, html);
  html.catch(() => renderedSections.delete(view));
  return html;
}

/** The statistics page per geography and its downloads, suppressed for everyone. */
export async function statisticsRoutes(app: HubApp): Promise<void> {
  /** The register's need-to-know sees its figures whole on the page; the read is audited. */
  const seesRegister = async (user: CurrentUser, data: StatisticsData, ip: string) => {
    if (data.registerCount === 0 || !hasRegisterAccess(await registerAccessOf(app.db, user))) return false;
    await auditRegister(app.db, 'referral_register.viewed', { user, ip, detail: { page: 'statistics' } });
    return true;
  };

  const render = async (reply: FastifyReply, user: CurrentUser, ip: string, query: Query, errors?: FormErrors) => {
    const data = await statisticsData(app.db);
    const showRegister = await seesRegister(user, data, ip);
    const choice = choiceOf(data, query, showRegister);
    const view = viewFor(data, choice);
    const here = new URLSearchParams({
      ...(view.geography ? { geography: `${view.geography.kind}|${view.geography.name}` } : {}),
      period: choice.kind,
    }).toString();
    const html = await sectionsHtml(reply, view);
    if (showRegister) reply.sensitive();
    return reply.code(errors ? 400 : 200).page('referrals/views/statistics/page.njk', {
      title: 'Referral statistics',
      ...view,
      publishedHtml: html.published,
      registerHtml: html.register,
      partnership: data.partnership,
      kind: choice.kind,
      showRegister,
      registerCount: data.registerCount,
      marking: showRegister ? 'OFFICIAL-SENSITIVE' : undefined,
      errors,
      geographyItems: data.geographies.map((g) => ({
        value: `${g.kind}|${g.name}`,
        text: `${g.name} (${geographyKindLabel(g.kind).toLowerCase()})`,
        selected: view.geography?.kind === g.kind && view.geography.name === g.name,
      })),
      periodItems: PERIOD_KINDS.map((k) => ({
        value: k,
        text: k === 'year' ? 'Years' : 'Quarters',
        selected: k === choice.kind,
      })),
      here,
      rule: SUPPRESSION_RULE,
      canImport: isCoordinator(user),
      importPath: FIGURES_IMPORT_PATH,
    });
  };

  app.get(
    '/referrals/statistics',
    { schema: { querystring: StatisticsQuery }, attachValidation: true },
    async (request, reply) => {
      const form = readForm(request, StatisticsQuery, 'querystring');
      const user = signedIn(request);
      if (!form.ok) return render(reply, user, request.ip, {}, form.errors);
      return render(reply, user, request.ip, form.values);
    },
  );

  const download = async (query: Query) => {
    const data = await statisticsData(app.db);
    const choice = choiceOf(data, query, false);
    return {
      rows: exportRows(data, choice),
      name: `Referral statistics ${choice.geography?.name ?? data.partnership} by ${choice.kind}`,
    };
  };
  const send = (reply: FastifyReply, filename: string, type: string, body: string | Buffer) =>
    reply
      .header('cache-control', 'no-store')
      .type(type)
      // Plain ASCII names: geographies are named by coordinators' imports, never by a header's rules.
      .header('content-disposition', `attachment; filename="${filename.replace(/[^\w ,.()-]+/g, ' ')}"`)
      .send(body);

  app.get(
    '/referrals/statistics.csv',
    { schema: { querystring: StatisticsQuery }, attachValidation: true },
    async (request, reply) => {
      const form = readForm(request, StatisticsQuery, 'querystring');
      const { rows, name } = await download(form.ok ? form.values : {});
      const body = csvText([EXPORT_HEAD, ...rows.map(exportCells), [], [SUPPRESSION_RULE]]);
      return send(reply, `${name}.csv`, 'text/csv; charset=utf-8', body);
    },
  );

  app.get(
    '/referrals/statistics.xlsx',
    { schema: { querystring: StatisticsQuery }, attachValidation: true },
    async (request, reply) => {
      const form = readForm(request, StatisticsQuery, 'querystring');
      const { rows, name } = await download(form.ok ? form.values : {});
      return send(
        reply,
        `${name}.xlsx`,
        'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        await statisticsXlsx(rows),
      );
    },
  );
}
