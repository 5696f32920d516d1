import type { FastifyReply } from 'fastify';
import type { Static } from 'typebox';
import type { CurrentUser } from '../../auth/sessions.ts';
import { COORDINATORS } from '../../auth/policy.ts';
import { signedIn, type HubApp } from '../../routes.ts';
import { NotFoundError } from '../../errors.ts';
import { timelineSvg } from '../../views/charts.ts';
import { formatDate } from '../../views/filters.ts';
import { fieldError, formErrorsOf, idParams, readForm, type FormErrors } from '../../views/forms.ts';
import { DisruptedPlotsForm, LookUpQuery, ThreatLevelChangeForm } from './threat-level.forms.ts';
import { canRecordThreatLevel } from './threat-level.policy.ts';
import {
  disruptedPlotRecord,
  disruptedPlotRecords,
  disruptedPlotsSummaries,
  threatLevelChange,
  threatLevelHistory,
  threatLevelOn,
  todayInLondon,
  type ThreatLevelRecord,
} from './threat-level.reads.ts';
import * as service from './threat-level.service.ts';
import { PLOT_IDEOLOGIES, THREAT_LEVELS, THREAT_SCOPES } from './threat-level.tables.ts';
import { ALL_FORMS_FROM, FIRST_PUBLISHED, IDEOLOGY_LABELS, meaningOn, SCOPE_LABELS } from './threat-level.words.ts';

const options = (codes: readonly string[], labels: Record<string, string> | undefined, selected: unknown) =>
  codes.map((code) => ({ value: code, text: labels?.[code] ?? code, checked: code === selected }));

/**
 * Periods of one level, for the chart: a record that changed only what the level covers (23 July
 * 2019) continues the band before it and is drawn as a mark instead; the table keeps every record.
 */
function periodsOfLevel(current: ThreatLevelRecord[]) {
  const periods: { level: ThreatLevelRecord['level']; from: string }[] = [];
  for (const row of current)
    if (periods.at(-1)?.level !== row.level) periods.push({ level: row.level, from: row.inForceFrom });
  return periods;
}

/** The level over time as bands, one per period in force, with its table beneath on the page. */
function timeline(current: ThreatLevelRecord[], today: string) {
  const periods = periodsOfLevel(current);
  return timelineSvg({
    id: 'threat-level-timeline',
    title: 'The national threat level since August 2006',
    description: 'Each band is a period the level was in force, the level written beside it.',
    from: FIRST_PUBLISHED,
    to: today,
    spans: periods.map((period, i) => ({
      label: `From ${formatDate(period.from)}`,
      start: period.from,
      end: periods[i + 1]?.from ?? null,
      level: period.level,
    })),
    marks: [{ date: ALL_FORMS_FROM, label: 'Covers all forms' }],
  });
}

/** Where the earlier wording of a level differs, the page says so. */
const meanings = (today: string) =>
  THREAT_LEVELS.map((level) => ({
    level,
    meaning: meaningOn(level, today),
    before: meaningOn(level, '2019-07-22') === meaningOn(level, today) ? null : meaningOn(level, '2019-07-22'),
  })).reverse();

export async function threatLevelRoutes(app: HubApp): Promise<void> {
  const renderPage = async (
    reply: FastifyReply,
    user: CurrentUser,
    on?: string,
    errors?: FormErrors,
    done?: string,
  ) => {
    const today = todayInLondon();
    const lookedUp = on && !errors ? await threatLevelOn(app.db, on, today) : null;
    const [now, history, plots, plotRecords] = await Promise.all([
      threatLevelOn(app.db, today, today),
      threatLevelHistory(app.db),
      disruptedPlotsSummaries(app.db),
      disruptedPlotRecords(app.db),
    ]);
    const current = history.filter((row) => !row.correctedAt);
    return reply.code(errors ? 400 : 200).page('threat-level/views/threat-level.njk', {
      title: 'National threat level',
      now,
      on,
      done,
      lookedUp,
      errors,
      today,
      current,
      corrected: history.filter((row) => row.correctedAt),
      chart: current.length ? timeline(current, today) : null,
      meanings: meanings(today),
      scopeLabels: SCOPE_LABELS,
      ideologyLabels: IDEOLOGY_LABELS,
      plots,
      currentPlots: plotRecords.filter((row) => !row.correctedAt),
      correctedPlots: plotRecords.filter((row) => row.correctedAt),
      canRecord: canRecordThreatLevel(user),
    });
  };

  app.get('/threat-level', { schema: { querystring: LookUpQuery }, attachValidation: true }, async (request, reply) => {
    const user = signedIn(request);
    const query = readForm(request, LookUpQuery, 'querystring');
    if (!query.ok)
      return renderPage(reply, user, typeof query.values.on === 'string' ? query.values.on : undefined, query.errors);
    const on = query.values.on;
    if (on && on < FIRST_PUBLISHED)
      return renderPage(
        reply,
        user,
        on,
        fieldError('on', 'Enter a date on or after 1 August 2006, when the threat level was first published'),
      );
    if (on && on > todayInLondon())
      return renderPage(reply, user, on, fieldError('on', 'Enter today’s date or a date in the past'));
    return renderPage(reply, user, on, undefined, query.values.done);
  });

  changeRoutes(app);
  plotRoutes(app);
}

/** Recording a change of level, and correcting a record. */
function changeRoutes(app: HubApp) {
  const renderForm = (
    reply: FastifyReply,
    values: Record<string, unknown>,
    errors?: FormErrors,
    correcting?: { id: number; inForceFrom: string; level: string; toConfirm: boolean },
  ) =>
    reply.code(errors ? 400 : 200).page('threat-level/views/change-form.njk', {
      title: correcting ? `Correct the change of ${formatDate(correcting.inForceFrom)}` : 'Record a change of level',
      values,
      errors,
      correcting,
      action: correcting ? `/threat-level/changes/${correcting.id}/correct` : '/threat-level/changes',
      levelItems: options(THREAT_LEVELS, undefined, values.level),
      scopeItems: options(THREAT_SCOPES, SCOPE_LABELS, values.scope ?? 'all_forms_of_terrorism'),
      today: todayInLondon(),
    });

  const found = async (changeId: number) => {
    const change = await threatLevelChange(app.db, changeId);
    if (!change) throw new NotFoundError('threat level record');
    return change;
  };

  app.get('/threat-level/changes/new', { config: COORDINATORS }, (_request, reply) => renderForm(reply, {}));

  app.post(
    '/threat-level/changes',
    { config: COORDINATORS, schema: { body: ThreatLevelChangeForm }, attachValidation: true },
    async (request, reply) => {
      const form = readForm(request, ThreatLevelChangeForm);
      if (!form.ok) return renderForm(reply, form.values, form.errors);
      const { inForceFrom, level, scope, note } = form.values;
      const errors = await formErrorsOf(() =>
        service.recordThreatLevelChange(app.db, signedIn(request), { inForceFrom, level, scope, note }),
      );
      if (errors) return renderForm(reply, form.values, errors);
      return reply.redirect('/threat-level?done=recorded#history', 303);
    },
  );

  const ChangeParams = idParams('changeId');
  app.get(
    '/threat-level/changes/:changeId/correct',
    { config: COORDINATORS, schema: { params: ChangeParams } },
    async (request, reply) => {
      const change = await found(request.params.changeId);
      return renderForm(reply, { ...change, note: change.note ?? undefined }, undefined, change);
    },
  );

  app.post(
    '/threat-level/changes/:changeId/correct',
    { config: COORDINATORS, schema: { params: ChangeParams, body: ThreatLevelChangeForm }, attachValidation: true },
    async (request, reply) => {
      // The form first: a path id that does not parse is a missing page before any query.
      const form = readForm(request, ThreatLevelChangeForm);
      const change = await found(request.params.changeId);
      if (!form.ok) return renderForm(reply, form.values, form.errors, change);
      const { inForceFrom, level, scope, note } = form.values;
      const errors = await formErrorsOf(() =>
        service.correctThreatLevelChange(app.db, signedIn(request), change.id, { inForceFrom, level, scope, note }),
      );
      if (errors) return renderForm(reply, form.values, errors, change);
      return reply.redirect('/threat-level?done=corrected#history', 303);
    },
  );
}

/** Recording published counts of disrupted late-stage attack plots, and correcting them. */
function plotRoutes(app: HubApp) {
  const renderForm = (
    reply: FastifyReply,
    values: Record<string, unknown>,
    errors?: FormErrors,
    correcting?: { id: number },
  ) =>
    reply.code(errors ? 400 : 200).page('threat-level/views/plots-form.njk', {
      title: correcting ? 'Correct a record of disrupted plots' : 'Record disrupted attack plots',
      values,
      errors,
      correcting,
      action: correcting ? `/threat-level/disrupted-plots/${correcting.id}/correct` : '/threat-level/disrupted-plots',
      ideologyItems: options(PLOT_IDEOLOGIES, IDEOLOGY_LABELS, values.ideology),
    });

  const found = async (plotId: number) => {
    const record = await disruptedPlotRecord(app.db, plotId);
    if (!record) throw new NotFoundError('disrupted plots record');
    return record;
  };

  const input = (values: Static<typeof DisruptedPlotsForm>) => ({
    periodLabel: values.periodLabel,
    periodFrom: values.periodFrom,
    periodTo: values.periodTo,
    ideology: values.ideology,
    plots: values.plots,
    source: values.source,
    publishedOn: values.publishedOn,
  });

  app.get('/threat-level/disrupted-plots/new', { config: COORDINATORS }, (_request, reply) => renderForm(reply, {}));

  app.post(
    '/threat-level/disrupted-plots',
    { config: COORDINATORS, schema: { body: DisruptedPlotsForm }, attachValidation: true },
    async (request, reply) => {
      const form = readForm(request, DisruptedPlotsForm);
      if (!form.ok) return renderForm(reply, form.values, form.errors);
      const errors = await formErrorsOf(() =>
        service.recordDisruptedPlots(app.db, signedIn(request), input(form.values)),
      );
      if (errors) return renderForm(reply, form.values, errors);
      return reply.redirect('/threat-level?done=plots-recorded#disrupted-plots', 303);
    },
  );

  const PlotParams = idParams('plotId');
  app.get(
    '/threat-level/disrupted-plots/:plotId/correct',
    { config: COORDINATORS, schema: { params: PlotParams } },
    async (request, reply) => {
      const record = await found(request.params.plotId);
      const values = Object.fromEntries(Object.entries(record).filter(([, v]) => v !== null));
      return renderForm(reply, values, undefined, record);
    },
  );

  app.post(
    '/threat-level/disrupted-plots/:plotId/correct',
    { config: COORDINATORS, schema: { params: PlotParams, body: DisruptedPlotsForm }, attachValidation: true },
    async (request, reply) => {
      const form = readForm(request, DisruptedPlotsForm);
      const record = await found(request.params.plotId);
      if (!form.ok) return renderForm(reply, form.values, form.errors, record);
      const errors = await formErrorsOf(() =>
        service.correctDisruptedPlots(app.db, signedIn(request), record.id, input(form.values)),
      );
      if (errors) return renderForm(reply, form.values, errors, record);
      return reply.redirect('/threat-level?done=plots-corrected#disrupted-plots', 303);
    },
  );
}
