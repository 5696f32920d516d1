import type { FastifyReply } from 'fastify';
import { COORDINATORS } from '../../auth/policy.ts';
import type { CurrentUser } from '../../auth/sessions.ts';
import { signedIn, type HubApp } from '../../routes.ts';
import { lineChartSvg } from '../../views/charts.ts';
import { formatDate } from '../../views/filters.ts';
import { formErrorsFrom, formErrorsOf, readForm, selectItems, type FormErrors } from '../../views/forms.ts';
import { FormError } from '../../errors.ts';
import { listGroupOptions } from '../groups/index.ts';
import { listAreas } from '../partnership/index.ts';
import * as reports from './reports.service.ts';
import {
  AgendaForm,
  AreaParams,
  DoneQuery,
  EmptyForm,
  ReportForm,
  ReportParams,
  SettingsForm,
  SUMMARY_MAX,
} from './tension.forms.ts';
import { canChangeTensionReport, canRecordIncidents, canSubmitTensionReports, isWithdrawn } from './tension.policy.ts';
import { todayInLondon } from './tension.periods.ts';
import { mayReadTensionReports } from './tension.reads.ts';
import { indicatorList } from './tension.service.ts';
import { INDICATOR_CERTAINTIES } from './tension.tables.ts';
import { TENSION_LEVELS, tensionLevel } from './tension.words.ts';

const VIEW = 'tension/views';
const MARKING = 'OFFICIAL-SENSITIVE';
type Values = Record<string, unknown>;

/** Report pages are OFFICIAL-SENSITIVE: never stored by a browser or proxy, marked on screen. */
const sensitivePage = (reply: FastifyReply, view: string, context: Values, status = 200) =>
  reply
    .sensitive()
    .code(status)
    .page(`${VIEW}/${view}`, { marking: MARKING, levels: TENSION_LEVELS, ...context });

const levelItems = (selected: unknown) =>
  TENSION_LEVELS.map((l) => ({
    value: l.level,
    text: `${l.level} ${l.word}`,
    hint: { text: l.meaning },
    checked: Number(selected) === l.level,
  }));

/** One select per indicator: not observed, or how sure the reporter is. */
async function indicatorSelects(app: HubApp, chosen: unknown) {
  const marked = new Map(
    (Array.isArray(chosen) ? chosen : chosen ? [chosen] : [])
      .map(String)
      .filter(Boolean)
      .map((c) => c.split(':') as [string, string]),
  );
  const list = (await indicatorList(app.db)).filter((i) => !i.archivedAt || marked.has(String(i.id)));
  return list.map((i) => ({
    id: i.id,
    name: i.name,
    items: [
      { value: '', text: 'Not observed' },
      ...INDICATOR_CERTAINTIES.map((c) => ({
        value: `${i.id}:${c}`,
        text: c.charAt(0).toUpperCase() + c.slice(1),
        selected: marked.get(String(i.id)) === c,
      })),
    ],
  }));
}

/** Submitting and changing reports: any signed-in member or coordinator; viewers read only. */
function submitRoutes(app: HubApp) {
  const db = app.db;
  const renderForm = async (
    reply: FastifyReply,
    user: CurrentUser,
    values: Values,
    errors?: FormErrors,
    editing?: { id: number; areaName: string; periodStart: string; periodEnd: string },
    warnings: string[] = [],
  ) => {
    const [areaList, selects, mine] = await Promise.all([
      listAreas(db),
      indicatorSelects(app, values.indicators),
      editing ? Promise.resolve([]) : reports.openReportsOf(db, user),
    ]);
    const areaNames = new Map(areaList.map((a) => [a.id, a.name]));
    return sensitivePage(
      reply,
      'report-form.njk',
      {
        title: editing ? `Change your report on ${editing.areaName}` : 'Report community tension',
        action: editing ? `/tension/reports/${editing.id}` : '/tension/reports',
        editing,
        values,
        errors,
        warnings,
        summaryMax: SUMMARY_MAX,
        areaItems: selectItems(areaList, values.areaId, 'Select an area'),
        levelItems: levelItems(values.level),
        indicators: selects,
        mine: mine.map((r) => ({ ...r, areaName: areaNames.get(r.areaId), withdrawn: isWithdrawn(r) })),
      },
      errors ? 400 : 200,
    );
  };

  const failed = (error: unknown) => {
    if (error instanceof reports.PersonalDetailsWarning)
      return { errors: formErrorsFrom(error), warnings: error.warnings };
    if (error instanceof FormError) return { errors: formErrorsFrom(error), warnings: [] };
    throw error;
  };

  app.get('/tension/reports/new', { schema: { querystring: DoneQuery } }, async (request, reply) => {
    const user = signedIn(request);
    reports.checkCanSubmit(user);
    return renderForm(reply, user, { done: request.query.done });
  });

  app.post('/tension/reports', { schema: { body: ReportForm }, attachValidation: true }, async (request, reply) => {
    const user = signedIn(request);
    reports.checkCanSubmit(user);
    const form = readForm(request, ReportForm);
    if (!form.ok) return renderForm(reply, user, form.values, form.errors);
    const { areaId, level, indicators, summary, confirmNoNames } = form.values;
    try {
      await reports.submitReport(db, user, { areaId, level, indicators, summary, confirmNoNames });
    } catch (error) {
      const { errors, warnings } = failed(error);
      return renderForm(reply, user, form.values, errors, undefined, warnings);
    }
    return reply.redirect('/tension/reports/new?done=submitted', 303);
  });

  const editing = async (user: CurrentUser, reportId: number) => {
    const found = await reports.reportForEdit(db, user, reportId);
    return {
      found,
      editing: {
        id: reportId,
        areaName: found.area?.name ?? '',
        periodStart: found.report.periodStart,
        periodEnd: found.report.periodEnd,
      },
    };
  };

  app.get('/tension/reports/:reportId/edit', { schema: { params: ReportParams } }, async (request, reply) => {
    const user = signedIn(request);
    const { found, editing: which } = await editing(user, request.params.reportId);
    return renderForm(reply, user, found.values, undefined, which);
  });

  app.post(
    '/tension/reports/:reportId',
    { schema: { params: ReportParams, body: ReportForm }, attachValidation: true },
    async (request, reply) => {
      const user = signedIn(request);
      const form = readForm(request, ReportForm);
      const { editing: which } = await editing(user, request.params.reportId);
      if (!form.ok) return renderForm(reply, user, form.values, form.errors, which);
      const { level, indicators, summary, confirmNoNames } = form.values;
      try {
        await reports.updateReport(db, user, which.id, { level, indicators, summary, confirmNoNames });
      } catch (error) {
        const { errors, warnings } = failed(error);
        return renderForm(reply, user, form.values, errors, which, warnings);
      }
      return reply.redirect('/tension/reports/new?done=updated', 303);
    },
  );

  app.post(
    '/tension/reports/:reportId/withdraw',
    { schema: { params: ReportParams, body: EmptyForm } },
    async (request, reply) => {
      await reports.withdrawReport(db, signedIn(request), request.params.reportId);
      return reply.redirect('/tension/reports/new?done=withdrawn', 303);
    },
  );
}

/** The level per period, for the chart: the highest reported in each, withdrawn reports left out. */
function levelsByPeriod(list: { periodStart: string; level: number; withdrawnAt: Date | null }[]) {
  const byPeriod = new Map<string, number>();
  for (const r of list)
    if (!isWithdrawn(r)) byPeriod.set(r.periodStart, Math.max(byPeriod.get(r.periodStart) ?? 0, r.level));
  return [...byPeriod].map(([start, level]) => ({ start, level }));
}

/** The grid of areas and each area's timeline: coordinators and the groups chosen in the settings. */
function readRoutes(app: HubApp) {
  const db = app.db;

  app.get('/tension', { schema: { querystring: DoneQuery } }, async (request, reply) => {
    const user = signedIn(request);
    if (!(await mayReadTensionReports(db, user)))
      return reply.page(`${VIEW}/not-a-reader.njk`, {
        title: 'Community tension',
        canSubmit: canSubmitTensionReports(user),
      });
    const areas = await reports.tensionOverview(db, user);
    return sensitivePage(reply, 'overview.njk', {
      title: 'Community tension',
      areas: areas.map((a) => ({ ...a, words: a.latest ? tensionLevel(a.latest.level) : undefined })),
      canSubmit: canSubmitTensionReports(user),
      canManage: canRecordIncidents(user),
      done: request.query.done,
    });
  });

  const renderArea = async (
    reply: FastifyReply,
    user: CurrentUser,
    areaId: number,
    done?: string,
    errors?: FormErrors,
    values: Values = {},
  ) => {
    const { area, reports: list } = await reports.areaReports(db, user, areaId);
    const periods = levelsByPeriod(list).slice(-26);
    const manage = canRecordIncidents(user);
    return sensitivePage(
      reply,
      'area.njk',
      {
        title: `Community tension: ${area.name}`,
        area,
        done,
        errors,
        values,
        chart: periods.length
          ? lineChartSvg({
              id: 'tension-timeline',
              title: `Tension level in ${area.name}, by reporting period`,
              description: 'The highest level reported in each period, from 1 Low to 5 Critical.',
              yLabel: 'Level',
              series: [{ name: 'Level', points: periods.map((p) => ({ label: formatDate(p.start), value: p.level })) }],
            })
          : null,
        periods: periods.map((p) => ({ ...p, words: tensionLevel(p.level) })),
        reports: [...list].reverse().map((r) => ({
          ...r,
          words: tensionLevel(r.level),
          withdrawn: isWithdrawn(r),
          canChange: canChangeTensionReport(user, r, todayInLondon()),
        })),
        groupItems: manage ? selectItems(await listGroupOptions(db), values.groupId, 'Select a group') : [],
        canManage: manage,
      },
      errors ? 400 : 200,
    );
  };

  app.get(
    '/tension/areas/:areaId',
    { schema: { params: AreaParams, querystring: DoneQuery } },
    async (request, reply) => renderArea(reply, signedIn(request), request.params.areaId, request.query.done),
  );

  app.post(
    '/tension/areas/:areaId/agenda',
    { config: COORDINATORS, schema: { params: AreaParams, body: AgendaForm }, attachValidation: true },
    async (request, reply) => {
      const user = signedIn(request);
      const areaId = request.params.areaId;
      const form = readForm(request, AgendaForm);
      if (!form.ok) return renderArea(reply, user, areaId, undefined, form.errors, form.values);
      const groupId = form.values.groupId;
      const errors = await formErrorsOf(() => reports.putAreaOnAgenda(db, user, areaId, groupId));
      if (errors) return renderArea(reply, user, areaId, undefined, errors, form.values);
      return reply.redirect(`/tension/areas/${areaId}?done=agenda`, 303);
    },
  );
}

/** Which groups read tension reports: coordinators choose. */
function settingsRoutes(app: HubApp) {
  const db = app.db;
  const renderSettings = async (
    reply: FastifyReply,
    user: CurrentUser,
    done?: string,
    errors?: FormErrors,
    chosenIds?: number[],
  ) => {
    const { chosen, groupList } = await reports.readerSettings(db, user);
    const ids = chosenIds ?? chosen;
    return reply.code(errors ? 400 : 200).page(`${VIEW}/settings.njk`, {
      title: 'Tension settings',
      groupItems: groupList.map((g) => ({ value: g.id, text: g.name, checked: ids.includes(g.id) })),
      done,
      errors,
    });
  };

  app.get('/tension/settings', { config: COORDINATORS, schema: { querystring: DoneQuery } }, (request, reply) =>
    renderSettings(reply, signedIn(request), request.query.done),
  );

  app.post(
    '/tension/settings',
    { config: COORDINATORS, schema: { body: SettingsForm }, attachValidation: true },
    async (request, reply) => {
      const user = signedIn(request);
      const form = readForm(request, SettingsForm);
      if (!form.ok) return renderSettings(reply, user, undefined, form.errors, []);
      const groupIds = form.values.groupIds ?? [];
      const errors = await formErrorsOf(() => reports.saveReaderSettings(db, user, groupIds));
      if (errors) return renderSettings(reply, user, undefined, errors, groupIds);
      return reply.redirect('/tension/settings?done=saved', 303);
    },
  );
}

export async function reportRoutes(app: HubApp): Promise<void> {
  submitRoutes(app);
  readRoutes(app);
  settingsRoutes(app);
  await Promise.resolve();
}
