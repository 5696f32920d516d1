import type { FastifyReply } from 'fastify';
import { signedIn, type HubApp } from '../../routes.ts';
import { FormError } from '../../errors.ts';
import { formErrorsFrom, formErrorsOf, readForm, type FormErrors } from '../../views/forms.ts';
import { listAreas } from '../partnership/index.ts';
import { AGE_BANDS, CONCERNS, financialYearLabel, GENDERS, SECTORS } from './categories.ts';
import {
  AccessForm,
  AccessRemoveForm,
  CorrectionForm,
  DoneQuery,
  NOTES_MAX,
  ReferralForm,
  ReferralParams,
  RegisterQuery,
  RetentionForm,
  StepForm,
  StepParams,
} from './register.forms.ts';
import { accessPage, nameForAccess, removeAccess, setRetentionYears } from './register.access.ts';
import { canRegister, JOURNEY_STEPS, type JourneyStepName } from './register.policy.ts';
import * as service from './register.service.ts';
import { REGISTER_STAGES } from './register.tables.ts';

const VIEW = 'referrals/views/register';
const MARKING = 'OFFICIAL-SENSITIVE';
const BASE = '/referrals/register';
type Values = Record<string, unknown>;

/** A save that may stop at the "this may identify someone" warning: its errors and the warning's reasons. */
async function saveOrWarn(work: () => Promise<unknown>): Promise<{ errors?: FormErrors; hints?: string[] }> {
  try {
    await work();
    return {};
  } catch (error) {
    if (error instanceof service.IdentifyingTextError) return { errors: formErrorsFrom(error), hints: error.hints };
    if (error instanceof FormError) return { errors: formErrorsFrom(error) };
    throw error;
  }
}

/** Every register page is OFFICIAL-SENSITIVE: never stored by a browser or proxy, marked on screen. */
function sensitivePage(reply: FastifyReply, view: string, context: Record<string, unknown>, status = 200) {
  return reply
    .sensitive()
    .code(status)
    .page(`${VIEW}/${view}`, {
      marking: MARKING,
      labels: LABELS,
      fieldLabels: FIELD_LABELS,
      fieldCategories,
      ...context,
    });
}

type Labelled = readonly { id: string; label: string }[];
const byId = (list: Labelled) => Object.fromEntries(list.map((item) => [item.id, item.label]));
const LABELS = { sector: byId(SECTORS), concern: byId(CONCERNS), ageBand: byId(AGE_BANDS), gender: byId(GENDERS) };
/** Which label list names a corrected field's codes. */
const fieldCategories = { referringSector: 'sector', concern: 'concern', ageBand: 'ageBand', gender: 'gender' };
const FIELD_LABELS = {
  receivedOn: 'Date received',
  referringSector: 'Referring sector',
  area: 'Area',
  concern: 'Type of concern',
  ageBand: 'Age band',
  gender: 'Gender',
  notes: 'Notes',
};
const items = (list: Labelled, selected: unknown, blank: string) => [
  { value: '', text: blank },
  ...list.map((item) => ({ value: item.id, text: item.label, selected: item.id === selected })),
];

/** The category select boxes of the referral form, from the Hub's category lists. */
function categorySelects(values: Record<string, unknown>) {
  return {
    referringSector: items(SECTORS, values.referringSector, 'Select a sector'),
    concern: items(CONCERNS, values.concern, 'Select a type of concern'),
    ageBand: items(AGE_BANDS, values.ageBand, 'Select an age band'),
    gender: items(GENDERS, values.gender, 'Not recorded'),
  };
}

export async function registerRoutes(app: HubApp): Promise<void> {
  // Cases past their period are reduced by the daily retention job (src/modules/retention) and on
  // each read of the register.
  const db = app.db;

  app.get(BASE, { schema: { querystring: RegisterQuery } }, async (request, reply) => {
    const user = signedIn(request);
    const { done, ...filter } = request.query;
    const register = await service.listRegister(db, user, filter, request.ip);
    return sensitivePage(reply, 'list.njk', {
      ...register,
      years: register.years.map((year) => ({ value: year, text: financialYearLabel(year) })),
      filter,
      done,
      stages: REGISTER_STAGES,
      canWrite: canRegister(user, 'write', register.access),
      query: new URLSearchParams(
        Object.entries(filter).flatMap(([k, v]) => (v === undefined || k === 'page' ? [] : [[k, String(v)]])),
      ).toString(),
    });
  });

  app.get(`${BASE}/export.csv`, async (request, reply) => {
    const csv = await service.exportRegister(db, signedIn(request), request.ip);
    return reply
      .sensitive()
      .header('content-type', 'text/csv; charset=utf-8')
      .header('content-disposition', 'attachment; filename="referral-register.csv"')
      .send(csv);
  });

  // Adding a referral.

  const renderNew = async (reply: FastifyReply, values: Values, errors?: FormErrors, hints?: string[]) => {
    const areas = await listAreas(db);
    const context = { values, errors, hints, areas, notesMax: NOTES_MAX, selects: categorySelects(values) };
    return sensitivePage(reply, 'new.njk', context, errors ? 400 : 200);
  };

  app.get(`${BASE}/new`, async (request, reply) => {
    await service.referralToCreate(db, signedIn(request));
    return renderNew(reply, {});
  });

  app.post(BASE, { schema: { body: ReferralForm }, attachValidation: true }, async (request, reply) => {
    const user = signedIn(request);
    const form = readForm(request, ReferralForm);
    if (!form.ok) {
      await service.referralToCreate(db, user);
      return renderNew(reply, form.values, form.errors);
    }
    let created: { id: number; reference: string } | undefined;
    const { errors, hints } = await saveOrWarn(async () => {
      created = await service.createReferral(db, user, form.values, request.ip);
    });
    if (errors || !created) return renderNew(reply, form.values, errors, hints);
    return reply.redirect(`${BASE}/${created.id}?done=added`, 303);
  });

  // The access page.

  const renderAccess = async (reply: FastifyReply, errors?: FormErrors, values: object = {}, done?: string) => {
    const page = await accessPage(db, signedIn(reply.request));
    return sensitivePage(reply, 'access.njk', { ...page, errors, values, done }, errors ? 400 : 200);
  };

  app.get(`${BASE}/access`, { schema: { querystring: DoneQuery } }, async (request, reply) =>
    renderAccess(reply, undefined, {}, request.query.done),
  );

  app.post(`${BASE}/access`, { schema: { body: AccessForm }, attachValidation: true }, async (request, reply) => {
    const form = readForm(request, AccessForm);
    if (!form.ok) return renderAccess(reply, form.errors, form.values);
    const errors = await formErrorsOf(() => nameForAccess(db, signedIn(request), form.values.accountId, request.ip));
    if (errors) return renderAccess(reply, errors, form.values);
    return reply.redirect(`${BASE}/access?done=named`, 303);
  });

  app.post(
    `${BASE}/access/remove`,
    { schema: { body: AccessRemoveForm }, attachValidation: true },
    async (request, reply) => {
      const form = readForm(request, AccessRemoveForm);
      if (!form.ok) return renderAccess(reply, form.errors, form.values);
      await removeAccess(db, signedIn(request), form.values.accountId, request.ip);
      return reply.redirect(`${BASE}/access?done=removed`, 303);
    },
  );

  app.post(`${BASE}/retention`, { schema: { body: RetentionForm }, attachValidation: true }, async (request, reply) => {
    const form = readForm(request, RetentionForm);
    if (!form.ok) return renderAccess(reply, form.errors, form.values);
    await setRetentionYears(db, signedIn(request), form.values.retentionYears, request.ip);
    return reply.redirect(`${BASE}/access?done=retention`, 303);
  });

  // One case.

  app.get(
    `${BASE}/:referralId`,
    { schema: { params: ReferralParams, querystring: DoneQuery } },
    async (request, reply) => {
      const user = signedIn(request);
      const page = await service.viewReferral(db, user, request.params.referralId, request.ip);
      return sensitivePage(reply, 'case.njk', {
        title: page.referral.reference,
        ...page,
        journeySteps: JOURNEY_STEPS,
        canWrite: canRegister(user, 'write', page.access),
        done: request.query.done,
      });
    },
  );

  // The journey, one step at a time.

  const renderStep = async (
    reply: FastifyReply,
    referralId: number,
    step: JourneyStepName,
    values: object,
    result: { errors?: FormErrors; hints?: string[] } = {},
  ) => {
    const { referral, meetings } = await service.referralForStep(
      db,
      signedIn(reply.request),
      referralId,
      step,
      reply.request.ip,
    );
    const context = { referral, step, stepTitle: JOURNEY_STEPS[step].title, meetings, values, notesMax: NOTES_MAX };
    return sensitivePage(reply, 'step.njk', { ...context, ...result }, result.errors ? 400 : 200);
  };

  app.get(`${BASE}/:referralId/steps/:step`, { schema: { params: StepParams } }, async (request, reply) => {
    const { referralId, step } = request.params;
    return renderStep(reply, referralId, step, {});
  });

  app.post(
    `${BASE}/:referralId/steps/:step`,
    { schema: { params: StepParams, body: StepForm }, attachValidation: true },
    async (request, reply) => {
      const { referralId, step } = request.params;
      const form = readForm(request, StepForm);
      if (!form.ok) return renderStep(reply, referralId, step, form.values, { errors: form.errors });
      const result = await saveOrWarn(() =>
        service.recordStep(db, signedIn(request), referralId, step, form.values, request.ip),
      );
      if (result.errors) return renderStep(reply, referralId, step, form.values, result);
      return reply.redirect(`${BASE}/${referralId}#journey`, 303);
    },
  );

  // Corrections.

  const renderCorrect = async (
    reply: FastifyReply,
    referralId: number,
    values?: Values,
    result: { errors?: FormErrors; hints?: string[] } = {},
  ) => {
    const referral = await service.referralToCorrect(db, signedIn(reply.request), referralId, reply.request.ip);
    const areas = await listAreas(db);
    const shown = values ?? { ...referral, area: referral.areaId ? undefined : referral.area };
    const context = { referral, values: shown, areas, notesMax: NOTES_MAX, selects: categorySelects(shown) };
    return sensitivePage(reply, 'correct.njk', { ...context, ...result }, result.errors ? 400 : 200);
  };

  app.get(`${BASE}/:referralId/correct`, { schema: { params: ReferralParams } }, async (request, reply) =>
    renderCorrect(reply, request.params.referralId),
  );

  app.post(
    `${BASE}/:referralId/correct`,
    { schema: { params: ReferralParams, body: CorrectionForm }, attachValidation: true },
    async (request, reply) => {
      const { referralId } = request.params;
      const form = readForm(request, CorrectionForm);
      if (!form.ok) return renderCorrect(reply, referralId, form.values, { errors: form.errors });
      const result = await saveOrWarn(() =>
        service.correctReferral(db, signedIn(request), referralId, form.values, request.ip),
      );
      if (result.errors) return renderCorrect(reply, referralId, form.values, result);
      return reply.redirect(`${BASE}/${referralId}#corrections`, 303);
    },
  );
}
