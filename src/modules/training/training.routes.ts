import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { COORDINATORS } from '../../auth/policy.ts';
import { NotFoundError } from '../../errors.ts';
import { signedIn, type HubApp } from '../../routes.ts';
import { csvText } from '../../views/csv.ts';
import { asId, formErrorsOf, idParams, readForm, selectItems, type FormErrors } from '../../views/forms.ts';
import { listOrganisationOptions, listPeopleOptions } from '../organisations/index.ts';
import { eventChoices, eventExists, eventForDelegate, periodFrom, type EngagementPeriod } from '../events/index.ts';
import { trainingFigures } from './training.figures.ts';
import {
  AttendanceForm,
  ChampionForm,
  CourseForm,
  DelegateRequestForm,
  FeedbackForm,
  NewSessionQuery,
  OfferForm,
  OverviewQuery,
  ReasonForm,
  RequestForm,
  SessionForm,
  TargetForm,
} from './training.forms.ts';
import { eventOffers, offeredAt } from './live-event.reads.ts';
import { canManageTraining, canRequest, canSession } from './training.policy.ts';
import {
  attendanceAt,
  attendanceRows,
  champions,
  courses,
  recentRequests,
  requestRecord,
  sessionRecord,
  sessionsPage,
} from './training.reads.ts';
import * as service from './training.service.ts';
import { COURSE_KINDS } from './training.tables.ts';
import {
  COURSE_KIND_LABELS,
  KNOWINGLY,
  REQUEST_SOURCE_LABELS,
  REQUEST_STATUS_LABELS,
  SESSION_STATUS_LABELS,
} from './training.words.ts';

const words = {
  kindLabels: COURSE_KIND_LABELS,
  sessionStatusLabels: SESSION_STATUS_LABELS,
  requestStatusLabels: REQUEST_STATUS_LABELS,
  sourceLabels: REQUEST_SOURCE_LABELS,
};

type Values = Record<string, unknown>;

/** The period a figures page or CSV asks for: the last twelve months unless given. */
function periodOf(values: { from?: string; to?: string }): EngagementPeriod | FormErrors {
  let period: EngagementPeriod | undefined;
  try {
    period = periodFrom(values);
  } catch {
    return {
      summary: [{ text: 'The end of the period must be the same as or after its start', href: '#to' }],
      fields: { to: { text: 'The end of the period must be the same as or after its start' } },
    };
  }
  return period;
}

export async function trainingRoutes(app: HubApp): Promise<void> {
  overviewRoutes(app);
  courseRoutes(app);
  sessionRoutes(app);
  peopleRoutes(app);
  requestRoutes(app);
  offerRoutes(app);
  delegateRequestRoutes(app);
  return Promise.resolve();
}

function overviewRoutes(app: HubApp) {
  app.get('/training', { schema: { querystring: OverviewQuery }, attachValidation: true }, async (request, reply) => {
    const user = signedIn(request);
    const query = readForm(request, OverviewQuery, 'querystring');
    const period = query.ok ? periodOf(query.values) : query.errors;
    const errors = 'summary' in period ? period : undefined;
    const shown = errors ? periodFrom({}) : (period as EngagementPeriod);
    const page = (query.ok && query.values.page) || 1;
    const [figures, courseList, sessions] = await Promise.all([
      trainingFigures(app.db, shown),
      courses(app.db),
      sessionsPage(app.db, shown.from, errors ? 1 : page),
    ]);
    if (!errors && page > sessions.pages) throw new NotFoundError('page of sessions');
    return reply.code(errors ? 400 : 200).page('training/views/overview.njk', {
      title: 'Training and Prevent Champions',
      ...words,
      values: errors ? query.values : shown,
      errors,
      period: shown,
      done: query.ok ? query.values.done : undefined,
      figures,
      courses: courseList,
      ...sessions,
      canManage: canManageTraining(user),
      canAsk: user.role !== 'viewer',
    });
  });

  app.get(
    '/training/figures.csv',
    { schema: { querystring: OverviewQuery }, attachValidation: true },
    async (request, reply) => {
      const query = readForm(request, OverviewQuery, 'querystring');
      const period = query.ok ? periodOf(query.values) : periodFrom({});
      const shown = 'summary' in period ? periodFrom({}) : period;
      const [rows, organisations] = await Promise.all([attendanceRows(app.db, shown), listOrganisationOptions(app.db)]);
      const sectorOf = new Map(organisations.map((o) => [o.id, o.sector]));
      const body = csvText([
        ['Date', 'Course', 'Place', 'Trainer', 'Organisation', 'Sector', 'Named member of staff', 'Staff'],
        ...rows.map((row) => [
          row.heldOn,
          row.course,
          row.place,
          row.trainer,
          row.organisation,
          sectorOf.get(row.organisationId) ?? '',
          row.person,
          row.staff,
        ]),
      ]);
      return reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="training-${shown.from}-to-${shown.to}.csv"`)
        .send(body);
    },
  );
}

function courseRoutes(app: HubApp) {
  const renderForm = (reply: FastifyReply, values: Values, errors?: FormErrors) =>
    reply.code(errors ? 400 : 200).page('training/views/course-form.njk', {
      title: 'Add a course',
      values,
      errors,
      kindItems: COURSE_KINDS.map((kind) => ({
        value: kind,
        text: COURSE_KIND_LABELS[kind],
        checked: kind === values.kind,
      })),
    });

  app.get('/training/courses/new', { config: COORDINATORS }, (_request, reply) => renderForm(reply, {}));

  app.post(
    '/training/courses',
    { config: COORDINATORS, schema: { body: CourseForm }, attachValidation: true },
    async (request, reply) => {
      const form = readForm(request, CourseForm);
      if (!form.ok) return renderForm(reply, form.values, form.errors);
      const { title, kind, description, trainsTrainers } = form.values;
      const errors = await formErrorsOf(() =>
        service.createCourse(app.db, signedIn(request), {
          title,
          kind,
          description,
          trainsTrainers: trainsTrainers === 'yes',
        }),
      );
      if (errors) return renderForm(reply, form.values, errors);
      return reply.redirect('/training?done=course-added#courses', 303);
    },
  );
}

const SessionParams = idParams('sessionId');

function sessionRoutes(app: HubApp) {
  const renderForm = async (reply: FastifyReply, values: Values, errors?: FormErrors) => {
    const [courseList, people, request] = await Promise.all([
      courses(app.db),
      listPeopleOptions(app.db),
      // What was typed may be no id at all (the form is shown again with its errors).
      asId(values.requestId) ? requestRecord(app.db, asId(values.requestId)!) : undefined,
    ]);
    return reply.code(errors ? 400 : 200).page('training/views/session-form.njk', {
      title: request ? 'Schedule a session for a request' : 'Schedule a session',
      values,
      errors,
      request,
      courseItems: selectItems(
        courseList.map((c) => ({ id: c.id, name: c.title })),
        values.courseId,
        'Select a course',
      ),
      trainerItems: selectItems(
        people.map((p) => ({ id: p.id, name: p.organisationName ? `${p.name} (${p.organisationName})` : p.name })),
        values.trainerPersonId,
        'A trainer from outside the Hub',
      ),
    });
  };

  app.get(
    '/training/sessions/new',
    { config: COORDINATORS, schema: { querystring: NewSessionQuery } },
    async (request, reply) => {
      const requestId = request.query.requestId;
      if (requestId && !(await requestRecord(app.db, requestId))) throw new NotFoundError('training request');
      return renderForm(reply, { requestId });
    },
  );

  app.post(
    '/training/sessions',
    { config: COORDINATORS, schema: { body: SessionForm }, attachValidation: true },
    async (request, reply) => {
      const form = readForm(request, SessionForm);
      if (!form.ok) return renderForm(reply, form.values, form.errors);
      const { courseId, heldOn, place, trainerPersonId, externalTrainer, capacity, requestId } = form.values;
      let sessionId = 0;
      const errors = await formErrorsOf(async () => {
        sessionId = await service.scheduleSession(app.db, signedIn(request), {
          courseId,
          heldOn,
          place,
          trainerPersonId,
          externalTrainer,
          capacity,
          requestId,
        });
      });
      if (errors) return renderForm(reply, form.values, errors);
      return reply.redirect(`/training/sessions/${sessionId}?done=scheduled`, 303);
    },
  );

  const renderSession = async (
    reply: FastifyReply,
    sessionId: number,
    forms: { attendance?: Values; feedback?: Values; cancel?: Values; errors?: FormErrors; done?: string } = {},
  ) => {
    const user = signedIn(reply.request);
    const session = await sessionRecord(app.db, sessionId);
    if (!session) throw new NotFoundError('training session');
    const [attendance, organisations, people, ownOrganisation] = await Promise.all([
      attendanceAt(app.db, sessionId),
      listOrganisationOptions(app.db),
      listPeopleOptions(app.db),
      service.organisationOf(app.db, user),
    ]);
    const mayRecordFor = canManageTraining(user)
      ? organisations
      : organisations.filter((o) => o.id === ownOrganisation);
    const values = forms.attendance ?? { organisationId: ownOrganisation ?? undefined };
    return reply.code(forms.errors ? 400 : 200).page('training/views/session.njk', {
      title: `${session.course}, ${session.place}`,
      ...words,
      session,
      attendance,
      done: forms.done,
      errors: forms.errors,
      values,
      feedback: forms.feedback ?? {},
      cancel: forms.cancel ?? {},
      canRecordAttendance: canSession(user, 'recordAttendance', session, ownOrganisation),
      canRecordFeedback: canSession(user, 'recordFeedback', session),
      canCancel: canSession(user, 'cancel', session),
      organisationItems: selectItems(mayRecordFor, values.organisationId, 'Select the organisation'),
      personItems: selectItems(
        people
          .filter((p) => mayRecordFor.some((o) => o.id === p.organisationId))
          .map((p) => ({ id: p.id, name: `${p.name} (${p.organisationName ?? ''})` })),
        values.personId,
        'No one named: a number of staff',
      ),
    });
  };

  app.get(
    '/training/sessions/:sessionId',
    {
      schema: {
        params: SessionParams,
        querystring: Type.Object(
          { done: Type.Optional(Type.String({ maxLength: 40, pattern: '^[a-z-]*$' })) },
          { additionalProperties: false },
        ),
      },
    },
    (request, reply) => renderSession(reply, request.params.sessionId, { done: request.query.done }),
  );

  app.post(
    '/training/sessions/:sessionId/attendance',
    { schema: { params: SessionParams, body: AttendanceForm }, attachValidation: true },
    async (request, reply) => {
      const form = readForm(request, AttendanceForm);
      const { sessionId } = request.params;
      if (!form.ok) return renderSession(reply, sessionId, { attendance: form.values, errors: form.errors });
      const { organisationId, personId, staff } = form.values;
      const errors = await formErrorsOf(() =>
        service.recordAttendance(app.db, signedIn(request), sessionId, { organisationId, personId, staff }),
      );
      if (errors) return renderSession(reply, sessionId, { attendance: form.values, errors });
      return reply.redirect(`/training/sessions/${sessionId}?done=attendance#attendance`, 303);
    },
  );

  app.post(
    '/training/sessions/:sessionId/feedback',
    { config: COORDINATORS, schema: { params: SessionParams, body: FeedbackForm }, attachValidation: true },
    async (request, reply) => {
      const form = readForm(request, FeedbackForm);
      const { sessionId } = request.params;
      if (!form.ok) return renderSession(reply, sessionId, { feedback: form.values, errors: form.errors });
      const { score1, score2, score3, score4, score5 } = form.values;
      const errors = await formErrorsOf(() =>
        service.recordFeedback(app.db, signedIn(request), sessionId, { score1, score2, score3, score4, score5 }),
      );
      if (errors) return renderSession(reply, sessionId, { feedback: form.values, errors });
      return reply.redirect(`/training/sessions/${sessionId}?done=feedback#feedback`, 303);
    },
  );

  app.post(
    '/training/sessions/:sessionId/cancel',
    { config: COORDINATORS, schema: { params: SessionParams, body: ReasonForm }, attachValidation: true },
    async (request, reply) => {
      const form = readForm(request, ReasonForm);
      const { sessionId } = request.params;
      if (!form.ok) return renderSession(reply, sessionId, { cancel: form.values, errors: form.errors });
      const errors = await formErrorsOf(() =>
        service.cancelSession(app.db, signedIn(request), sessionId, form.values.reason),
      );
      if (errors) return renderSession(reply, sessionId, { cancel: form.values, errors });
      return reply.redirect(`/training/sessions/${sessionId}?done=cancelled`, 303);
    },
  );
}

/** Prevent Champions and the targets of staff to train. */
function peopleRoutes(app: HubApp) {
  const renderChampions = async (reply: FastifyReply, values: Values = {}, errors?: FormErrors, done?: string) => {
    const user = signedIn(reply.request);
    const [list, people] = await Promise.all([
      champions(app.db),
      canManageTraining(user) ? listPeopleOptions(app.db) : [],
    ]);
    return reply.code(errors ? 400 : 200).page('training/views/champions.njk', {
      title: 'Prevent Champions',
      champions: list,
      values,
      errors,
      done,
      canManage: canManageTraining(user),
      personItems: selectItems(
        people.map((p) => ({ id: p.id, name: p.organisationName ? `${p.name} (${p.organisationName})` : p.name })),
        values.personId,
        'Select the person',
      ),
    });
  };

  app.get(
    '/training/champions',
    {
      schema: {
        querystring: Type.Object(
          { done: Type.Optional(Type.String({ maxLength: 40, pattern: '^[a-z-]*$' })) },
          { additionalProperties: false },
        ),
      },
    },
    (request, reply) => renderChampions(reply, {}, undefined, request.query.done),
  );

  app.post(
    '/training/champions',
    { config: COORDINATORS, schema: { body: ChampionForm }, attachValidation: true },
    async (request, reply) => {
      const form = readForm(request, ChampionForm);
      if (!form.ok) return renderChampions(reply, form.values, form.errors);
      const { personId, trainedOn } = form.values;
      const errors = await formErrorsOf(() =>
        service.recordChampion(app.db, signedIn(request), { personId, trainedOn }),
      );
      if (errors) return renderChampions(reply, form.values, errors);
      return reply.redirect('/training/champions?done=recorded', 303);
    },
  );

  const renderTargets = async (reply: FastifyReply, values: Values = {}, errors?: FormErrors) =>
    reply.code(errors ? 400 : 200).page('training/views/target-form.njk', {
      title: 'Set a training target',
      values,
      errors,
      organisationItems: selectItems(
        await listOrganisationOptions(app.db),
        values.organisationId,
        'Select the organisation',
      ),
    });

  app.get('/training/targets/new', { config: COORDINATORS }, (_request, reply) => renderTargets(reply));

  app.post(
    '/training/targets',
    { config: COORDINATORS, schema: { body: TargetForm }, attachValidation: true },
    async (request, reply) => {
      const form = readForm(request, TargetForm);
      if (!form.ok) return renderTargets(reply, form.values, form.errors);
      const { organisationId, staff } = form.values;
      const errors = await formErrorsOf(() => service.setTarget(app.db, signedIn(request), { organisationId, staff }));
      if (errors) return renderTargets(reply, form.values, errors);
      return reply.redirect('/training?done=target-set#coverage', 303);
    },
  );
}

const RequestParams = idParams('requestId');

function requestRoutes(app: HubApp) {
  const renderForm = async (reply: FastifyReply, values: Values, errors?: FormErrors) => {
    const user = signedIn(reply.request);
    const [organisations, own] = await Promise.all([
      listOrganisationOptions(app.db),
      service.organisationOf(app.db, user),
    ]);
    const choices = canManageTraining(user) ? organisations : organisations.filter((o) => o.id === own);
    return reply.code(errors ? 400 : 200).page('training/views/request-form.njk', {
      title: 'Ask for training',
      values: { organisationId: own ?? undefined, contactName: user.name, contactEmail: user.email, ...values },
      errors,
      organisationItems: selectItems(choices, values.organisationId ?? own, 'Select the organisation'),
      hasOrganisation: choices.length > 0,
    });
  };

  app.get(
    '/training/requests/new',
    { config: { roles: ['administrator', 'coordinator', 'member'] } },
    (_request, reply) => renderForm(reply, {}),
  );

  app.post(
    '/training/requests',
    {
      config: { roles: ['administrator', 'coordinator', 'member'] },
      schema: { body: RequestForm },
      attachValidation: true,
    },
    async (request, reply) => {
      const form = readForm(request, RequestForm);
      if (!form.ok) return renderForm(reply, form.values, form.errors);
      const v = form.values;
      const errors = await formErrorsOf(() =>
        service.askForTraining(app.db, signedIn(request), {
          organisationId: v.organisationId,
          topic: v.topic,
          audience: v.audience,
          numbers: v.numbers,
          preferredDates: v.preferredDates,
          contactName: v.contactName,
          contactEmail: v.contactEmail,
          contactPhone: v.contactPhone,
        }),
      );
      if (errors) return renderForm(reply, form.values, errors);
      return reply.redirect('/training?done=requested', 303);
    },
  );

  app.get('/training/requests', { config: COORDINATORS }, async (_request, reply) =>
    reply.page('training/views/requests.njk', {
      title: 'Training requests',
      ...words,
      requests: await recentRequests(app.db),
    }),
  );

  const renderRequest = async (reply: FastifyReply, requestId: number, values: Values = {}, errors?: FormErrors) => {
    const found = await requestRecord(app.db, requestId);
    if (!found) throw new NotFoundError('training request');
    return reply.code(errors ? 400 : 200).page('training/views/request.njk', {
      title: `Training request: ${found.topic}`,
      ...words,
      request: found,
      values,
      errors,
      canAnswer: canRequest(signedIn(reply.request), 'decline', found),
    });
  };

  app.get(
    '/training/requests/:requestId',
    { config: COORDINATORS, schema: { params: RequestParams } },
    (request, reply) => renderRequest(reply, request.params.requestId),
  );

  app.post(
    '/training/requests/:requestId/decline',
    { config: COORDINATORS, schema: { params: RequestParams, body: ReasonForm }, attachValidation: true },
    async (request, reply) => {
      const form = readForm(request, ReasonForm);
      const { requestId } = request.params;
      if (!form.ok) return renderRequest(reply, requestId, form.values, form.errors);
      const errors = await formErrorsOf(() =>
        service.declineRequest(app.db, signedIn(request), requestId, form.values.reason),
      );
      if (errors) return renderRequest(reply, requestId, form.values, errors);
      return reply.redirect('/training/requests?done=declined', 303);
    },
  );
}

const EventParams = idParams('eventId');

/** Offering the training request form to delegates at a live event. */
function offerRoutes(app: HubApp) {
  const render = async (reply: FastifyReply, values: Values = {}, errors?: FormErrors) => {
    const [offers, choices] = await Promise.all([eventOffers(app.db), eventChoices(app.db)]);
    return reply.code(errors ? 400 : 200).page('training/views/event-offers.njk', {
      title: 'Training requests at live events',
      offers,
      values,
      errors,
      eventItems: selectItems(choices, values.eventId, 'Select the event'),
    });
  };

  app.get('/training/event-offers', { config: COORDINATORS }, (_request, reply) => render(reply));

  app.post(
    '/training/event-offers',
    { config: COORDINATORS, schema: { body: OfferForm }, attachValidation: true },
    async (request, reply) => {
      const form = readForm(request, OfferForm);
      if (!form.ok) return render(reply, form.values, form.errors);
      const { eventId } = form.values;
      if (!(await eventExists(app.db, eventId)))
        return render(reply, form.values, fieldErrorFor('eventId', 'Select an event that exists'));
      await service.setEventOffer(app.db, signedIn(request), eventId, true);
      return reply.redirect('/training/event-offers?done=offered', 303);
    },
  );

  app.post(
    '/training/event-offers/:eventId/end',
    { config: COORDINATORS, schema: { params: EventParams } },
    async (request, reply) => {
      await service.setEventOffer(app.db, signedIn(request), request.params.eventId, false);
      return reply.redirect('/training/event-offers?done=ended', 303);
    },
  );
}

const fieldErrorFor = (name: string, text: string): FormErrors => ({
  summary: [{ text, href: `#${name}` }],
  fields: { [name]: { text } },
});

const CodeParams = Type.Object({ code: Type.String({ minLength: 1, maxLength: 40 }) });

/** The form delegates at a live event may use to ask for training, with contact details given knowingly. */
function delegateRequestRoutes(app: HubApp) {
  const PUBLIC = { public: true };
  // Wrong codes count against their source, as on the delegate pages.
  const offered = async (request: FastifyRequest, reply: FastifyReply, code: string) => {
    const event = await offeredAt(app.db, (await eventForDelegate(app, request, reply, code)).id);
    if (!event) throw new NotFoundError('training request form');
    return event;
  };
  const render = (
    reply: FastifyReply,
    code: string,
    event: { title: string | null },
    values: Values = {},
    errors?: FormErrors,
    sent = false,
  ) =>
    reply.code(errors ? 400 : 200).page('training/views/delegate-request.njk', {
      title: sent ? 'Your request has been sent' : 'Ask for training',
      code,
      event,
      values,
      errors,
      sent,
      knowingly: KNOWINGLY,
    });

  app.get(
    '/e/:code/training-request',
    {
      config: PUBLIC,
      schema: {
        params: CodeParams,
        querystring: Type.Object({ sent: Type.Optional(Type.Enum(['yes'])) }, { additionalProperties: false }),
      },
    },
    async (request, reply) => {
      const event = await offered(request, reply, request.params.code);
      return render(reply, request.params.code, event, {}, undefined, request.query.sent === 'yes');
    },
  );

  app.post(
    '/e/:code/training-request',
    { config: PUBLIC, schema: { params: CodeParams, body: DelegateRequestForm }, attachValidation: true },
    async (request, reply) => {
      const form = readForm(request, DelegateRequestForm);
      const { code } = request.params;
      const event = await offered(request, reply, code);
      if (!form.ok) return render(reply, code, event, form.values, form.errors);
      const v = form.values;
      // Only what the delegate typed, and the event: nothing from their cookie or their delegate record.
      await service.askAtLiveEvent(app.db, event.eventId, {
        organisationText: v.organisationText,
        topic: v.topic,
        audience: v.audience,
        numbers: v.numbers,
        preferredDates: v.preferredDates,
        contactName: v.contactName,
        contactEmail: v.contactEmail,
        contactPhone: v.contactPhone,
      });
      return reply.redirect(`/e/${encodeURIComponent(code)}/training-request?sent=yes`, 303);
    },
  );
}
