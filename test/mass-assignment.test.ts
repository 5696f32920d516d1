import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'drizzle-orm';
import type { RouteInput } from '../src/plugins/input.ts';
import type { Browser, TestHub } from './helpers.ts';
import { shippedTemplateId } from '../src/modules/papers/templates.ts';
import { concretePath, demoHub, fieldsOf, first, routesOf, rowsOf, sampleForm, type Form } from './input-routes.ts';

/*
 * Mass assignment: a form posted with fields it does not have (a status, a role, an author, a
 * version...) must not set them. Every POST route Fastify knows is posted, with a plausible form
 * plus hostile extra fields, and the whole database is searched for the hostile values after each.
 */

const HOSTILE_TEXT = 'HOSTILE-7f3a';
const HOSTILE_NUMBER = 7_777_777;
const HOSTILE_TIME = '1999-09-09T09:09:09Z';

/** Fields a service might take from a spread body, with values no form would produce. */
const EXTRAS: Form = {
  id: HOSTILE_NUMBER,
  status: HOSTILE_TEXT,
  state: HOSTILE_TEXT,
  role: HOSTILE_TEXT,
  kind: HOSTILE_TEXT,
  personId: HOSTILE_NUMBER,
  accountId: HOSTILE_NUMBER,
  createdBy: HOSTILE_NUMBER,
  updatedBy: HOSTILE_NUMBER,
  respondedBy: HOSTILE_NUMBER,
  uploadedBy: HOSTILE_NUMBER,
  delegateId: HOSTILE_NUMBER,
  eventId: HOSTILE_NUMBER,
  planId: HOSTILE_NUMBER,
  groupId: HOSTILE_NUMBER,
  partnershipId: HOSTILE_NUMBER,
  currentVersion: HOSTILE_NUMBER,
  number: HOSTILE_NUMBER,
  position: HOSTILE_NUMBER,
  approvedAt: HOSTILE_TIME,
  archivedAt: HOSTILE_TIME,
  createdAt: HOSTILE_TIME,
  updatedAt: HOSTILE_TIME,
  disabledAt: HOSTILE_TIME,
  flaggedAt: HOSTILE_TIME,
  joinCode: HOSTILE_TEXT,
  passwordHash: HOSTILE_TEXT,
  marking: HOSTILE_TEXT,
  email: `${HOSTILE_TEXT}@example.org`,
};

/**
 * The fields each form needs beyond what its schema says (choices that depend on each other,
 * a password to confirm). Only what the generated form cannot guess.
 */
/** The administrator is not on the referral register until named: the register's forms name them first. */
async function onRegister({ hub, adminEmail }: Context, form: Form): Promise<Form> {
  await hub.database.db.execute(
    sql`insert into register_access (account_id, added_by) select id, id from accounts where email = ${adminEmail} on conflict do nothing`,
  );
  return form;
}

const daysFromToday = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

/** A mitigating action's owner: an organisation (the form's owner fields are both optional). */
const owner = async (hub: TestHub) => ({
  ownerOrganisationId: (await first(hub, `select id from organisations order by id limit 1`)) ?? 1,
});

/** A 14-day plan from the newest incident, starting today. */
async function planStart(hub: TestHub): Promise<Form> {
  return {
    // Not one the fuzzing recorded in the future: a plan cannot start before its incident.
    incidentId:
      (await first(
        hub,
        `select id from incidents where archived_at is null and occurred_on <= current_date order by id desc limit 1`,
      )) ?? 1,
    templateId: (await first(hub, `select id from response_plan_templates order by id limit 1`)) ?? 1,
    startsOn: new Date().toISOString().slice(0, 10),
  };
}

/** A paper's draft is saved on the revision it is at: the one in the path's. */
const atRevision = async ({ hub }: Context, path: string, form: Form): Promise<Form> => ({
  revision: (await first(hub, `select revision from papers where id = ${Number(path.split('/')[2])}`)) ?? 1,
  ...form,
});

const FORMS: Record<string, (context: Context, path: string) => Form | Promise<Form>> = {
  // The Hub's own template is made the first time anyone reads the templates.
  'POST /papers': async ({ hub }) => ({ templateId: await shippedTemplateId(hub.database.db) }),
  'POST /papers/templates/:templateId/sections': () => ({ section: 'purpose', action: 'save' }),
  // The identity provider's issuer is an address.
  'POST /accounts/single-sign-on': () => ({ issuer: 'https://login.example.org' }),
  'POST /papers/:paperId/details': (c, path) => atRevision(c, path, {}),
  'POST /papers/:paperId/paragraphs': (c, path) => atRevision(c, path, { section: 'background' }),
  'POST /papers/:paperId/entries': (c, path) =>
    atRevision(c, path, { list: 'items', section: 'background', index: 0, action: 'down' }),
  'POST /papers/:paperId/implications': (c, path) => atRevision(c, path, { section: 'implications' }),
  'POST /papers/:paperId/background-papers': (c, path) => atRevision(c, path, { section: 'background-papers' }),
  'POST /papers/:paperId/contacts': (c, path) => atRevision(c, path, { section: 'contact' }),
  'POST /papers/:paperId/appendices': (c, path) => atRevision(c, path, {}),
  'POST /papers/:paperId/approver': async ({ hub }) => ({
    approverAccountId: (await first(hub, `select id from accounts where disabled_at is null order by id limit 1`)) ?? 1,
  }),
  // Sampled dates may lie in the future, which these forms refuse.
  // A public link, and a summary with no checks left to confirm; the agenda needs a group with a meeting to come.
  'POST /tension/incidents': () => ({ sourceUrl: 'https://example.org/news', communityIds: [] }),
  'POST /tension/incidents/:incidentId': () => ({ sourceUrl: 'https://example.org/news', communityIds: [] }),
  'POST /tension/reports': () => ({ indicators: [] }),
  // For an incident (not a decision too), reviewed after today; the page's forms likewise.
  'POST /impact-assessments': async ({ hub }) => ({
    incidentId: (await first(hub, `select id from incidents where archived_at is null order by id desc limit 1`)) ?? 1,
    decisionTitle: '',
    decisionAgendaItemId: '',
    groupIds: [],
    reviewOn: daysFromToday(14),
  }),
  'POST /impact-assessments/:assessmentId/reviews': () => ({ nextReviewOn: daysFromToday(28) }),
  'POST /impact-assessments/:assessmentId/actions': async ({ hub }) => ({
    status: 'in_progress',
    ...(await owner(hub)),
  }),
  'POST /impact-assessments/:assessmentId/actions/:actionId': async ({ hub }) => ({
    status: 'in_progress',
    ...(await owner(hub)),
  }),
  'POST /impact-assessments/:assessmentId/actions/:actionId/plan': async ({ hub }) => ({
    planId: (await first(hub, `select id from plans where status = 'draft' order by id desc limit 1`)) ?? 1,
  }),
  'POST /impact-assessments/:assessmentId/agenda': async ({ hub }) => ({
    groupId:
      (await first(
        hub,
        `select group_id from meetings where starts_at > now() and status = 'scheduled' order by starts_at limit 1`,
      )) ?? 1,
  }),
  'POST /tension/reports/:reportId': () => ({ indicators: [] }),
  'POST /tension/areas/:areaId/agenda': async ({ hub }) => ({
    groupId:
      (await first(
        hub,
        `select group_id from meetings where starts_at > now() and status = 'scheduled' order by starts_at limit 1`,
      )) ?? 1,
  }),
  'POST /self-assessment/assessments/:assessmentId/criteria/:criterionId/evidence': async ({ hub }) => ({
    planActionId: (await first(hub, `select id from plan_actions order by id limit 1`)) ?? 1,
  }),
  // The meeting must be one of the group said to have agreed it.
  'POST /self-assessment/assessments/:assessmentId/agree': async ({ hub }) => ({
    groupId: (await first(hub, `select group_id from meetings order by id limit 1`)) ?? 1,
    meetingId: (await first(hub, `select id from meetings order by id limit 1`)) ?? 1,
  }),
  'POST /threat-level/changes': () => ({ inForceFrom: '2023-03-01', level: 'LOW', scope: 'all_forms_of_terrorism' }),
  'POST /threat-level/changes/:changeId/correct': () => ({
    inForceFrom: '2023-03-02',
    level: 'MODERATE',
    scope: 'all_forms_of_terrorism',
  }),
  'POST /threat-level/disrupted-plots': () => ({ periodLabel: 'the past 2 years' }),
  // A trainer in the Hub or one from outside, not both; not scheduled from a request here.
  'POST /training/sessions': async ({ hub }) => ({
    trainerPersonId: (await first(hub, `select id from people order by id limit 1`)) ?? 1,
    externalTrainer: '',
    requestId: '',
  }),
  // A number of staff: a named person must work for the organisation chosen.
  'POST /training/sessions/:sessionId/attendance': () => ({ personId: '', staff: 12 }),
  'POST /training/sessions/:sessionId/feedback': () => ({ score4: 3, score5: 2 }),
  // The form answers only at an event where a coordinator offers it.
  'POST /e/:code/training-request': async ({ hub }) => {
    await hub.database.db.execute(
      sql`insert into training_event_offers (event_id) select id from events where status = 'open' on conflict do nothing`,
    );
    return {};
  },
  'POST /resources': () => ({ link: 'https://example.org/resource' }),
  // A plan started today, so its check-ins, extension and closing fall inside it.
  'POST /response-plans': ({ hub }) => planStart(hub),
  'POST /response-plans/:planId/check-ins': () => ({ on: new Date().toISOString().slice(0, 10), level: 2 }),
  'POST /response-plans/:planId/areas': async ({ hub }) => ({
    areaIds: [(await first(hub, `select id from areas order by id limit 1`)) ?? 1],
  }),
  'POST /response-plans/:planId/extend': () => ({ endsOn: daysFromToday(30) }),
  'POST /response-plans/:planId/close': () => ({ closedOn: new Date().toISOString().slice(0, 10), reason: 'Calm' }),
  'POST /response-plans/:planId/activities': () => ({ day: 2 }),
  'POST /response-plans/:planId/activities/:activityId': () => ({ day: 2 }),
  'POST /response-plans/:planId/activities/:activityId/action': async ({ hub }) => ({
    deliveryPlanId: (await first(hub, `select id from plans where status = 'draft' order by id desc limit 1`)) ?? 1,
  }),
  'POST /response-plans/:planId/events': async ({ hub }) => ({
    eventId: (await first(hub, `select id from events where status <> 'draft' order by id desc limit 1`)) ?? 1,
  }),
  'POST /resources/:resourceId': () => ({ link: 'https://example.org/resource' }),
  'POST /threat-level/disrupted-plots/:plotId/correct': () => ({ periodLabel: 'the past 2 years' }),
  'POST /funding/pots': () => ({ amount: '131,000', financialYear: '2010/11', source: 'pathfinder' }),
  'POST /funding/pots/:potId/proposals': () => ({
    amountAsked: '5,000',
    proposerKind: 'other',
    proposerReference: 'Faith Network consultation',
  }),
  'POST /projects': () => ({ budget: '12,000', type: 'outreach' }),
  'POST /projects/:projectId/spend': () => ({ quarter: '2010/11 Q3', amount: '1,000' }),
  'POST /referrals/register': (c) => onRegister(c, { receivedOn: '2025-01-06', area: 'Leicester' }),
  'POST /referrals/register/:referralId/correct': (c) => onRegister(c, { receivedOn: '2025-01-06', area: 'Leicester' }),
  'POST /referrals/register/:referralId/steps/:step': (c) =>
    onRegister(c, { happenedOn: new Date().toISOString().slice(0, 10) }),
  'POST /sign-in': (c) => ({ email: c.adminEmail, password: 'correct horse battery staple' }),
  'POST /account/password': () => ({
    currentPassword: 'correct horse battery staple',
    newPassword: 'a new long enough passphrase',
    confirmPassword: 'a new long enough passphrase',
  }),
  'POST /accounts': async (c) => ({
    who: 'existing',
    personId: Number(
      await first(
        c.hub,
        `select id from people where id not in (select person_id from accounts where person_id is not null) order by id desc limit 1`,
      ),
    ),
  }),
  'POST /join': async (c) => ({
    code: String(await first(c.hub, `select join_code from events where status = 'open' order by id desc limit 1`)),
  }),
  'POST /documents': () => ({ title: 'A paper for the partnership', marking: 'OFFICIAL', audience: 'everyone' }),
  'POST /events/:eventId/polls': () => ({ options: 'Yes\nNo' }),
  'POST /e/:code/polls/:pollId/responses': async (c) => ({
    optionId: Number(await first(c.hub, `select id from poll_options order by id desc limit 1`)),
  }),
  'POST /plans/:planId/import/:importId/mapping': () => ({ reference: 1, title: 2, strand: 3 }),
  'POST /referrals/figures/imports/:importId/mapping': () => ({
    shape: 'long',
    period: 1,
    geographyKind: 2,
    geography: 3,
    measure: 4,
    value: 5,
    releaseDate: '2020-12-17',
  }),
  'POST /referrals/figures/imports/:importId/category-names': () => ({
    breakdown: 'concern',
    sourceName: 'Extreme Right Wing',
    category: 'extreme_right_wing',
  }),
  'POST /events/:eventId/items/:itemId/merge': async (c) => ({
    intoItemId: Number(
      await first(
        c.hub,
        `select id from event_items where event_id = (select max(id) from events where status = 'open') and merged_into_id is null order by id limit 1`,
      ),
    ),
  }),
  'POST /events/:eventId/workshop/:questionId/themes/move': async (c, path) => {
    const questionId = Number(path.split('/')[4]);
    return {
      answerId: Number(
        await first(
          c.hub,
          `select id from workshop_answers where question_id = ${questionId} order by id desc limit 1`,
        ),
      ),
      themeId: Number(
        await first(c.hub, `select id from workshop_themes where question_id = ${questionId} order by id desc limit 1`),
      ),
    };
  },
};

/** Paths that must name a particular record rather than the newest of its kind. */
const PATHS: Record<string, (context: Context) => string> = {
  'POST /people/:personId/calendar-token': (c) => `/people/${c.adminPersonId}/calendar-token`,
};

/** Files for the upload routes. */
const FILES: Record<string, { filename: string; contentType: string; content: Buffer }> = {
  'POST /plans/:planId/import': {
    filename: 'actions.csv',
    contentType: 'text/csv',
    content: Buffer.from('Ref,Action,Strand\nX1,Train school staff,Prevent\n'),
  },
  'POST /resources/:resourceId/completions/import': {
    filename: 'completions.csv',
    contentType: 'text/csv',
    content: Buffer.from('Organisation,Period,Completions\nCleveland Police,2009/10,4\n'),
  },
  'POST /self-assessment/frameworks/:frameworkId/peers/import': {
    filename: 'peers.csv',
    contentType: 'text/csv',
    content: Buffer.from('Peer,Criterion,Rating,Year\nMiddlesbrough,1.1,2,2009\n'),
  },
  'POST /resources/:resourceId/file': {
    filename: 'leaflet.pdf',
    contentType: 'application/pdf',
    content: Buffer.from('%PDF-1.4\nA leaflet\n%%EOF\n'),
  },
  'POST /referrals/figures/import': {
    filename: 'referrals.csv',
    contentType: 'text/csv',
    content: Buffer.from('Year,Area type,Area,Measure,Number\n2019/20,National,England and Wales,Referred,6287\n'),
  },
};

/** Routes that refuse even a plausible form in this state, and why: every other route must succeed. */
const REFUSED: Record<string, string> = {
  'POST /papers/:paperId/blocks': 'each live block has settings of its own, which a generated form cannot know',
  'POST /papers/:paperId/sign-off': 'only the paper’s named approver signs it off, and none is named',
  'POST /papers/:paperId/issue': 'only a signed-off paper is issued, and the paper posted to is a draft',
  'POST /papers/:paperId/reopen': 'only a signed-off or issued paper is reopened, and the paper posted to is a draft',
  'POST /meetings/:meetingId/minutes/approval':
    'minutes are approved at a later meeting of the group once held, and the sampled meeting is not yet held',
  'POST /setup': 'the partnership is already set up',
  'POST /audit-log/chain/email':
    'the latest hash is emailed only to a named officer through a mail server, and the sampled Hub has neither',
  'POST /sign-in/code': 'only a browser whose password was right minutes ago may send a code',
  'POST /account/two-factor/authenticator': 'only the code an authenticator app shows now sets it up',
  'POST /account/two-factor/security-keys':
    'only a security key’s signed answer to a challenge the Hub gave registers it',
  'POST /sign-in/security-key': 'only a browser whose password was right minutes ago may answer with a security key',
  'POST /account/two-factor/:factorId/remove':
    'a person removes only their own second factors, and the sampled one is another’s',
  'POST /forgot-password': 'the test Hub sends no mail (no SMTP_URL), so it emails no reset link',
  'POST /account/browsers/:browserId/forget':
    'a person forgets only their own browsers, and the sampled one may be another’s or forgotten already',
  'POST /account/browsers/:browserId/not-me':
    'a person disowns only their own browsers, and the sampled one may be another’s or forgotten already',
  'POST /meetings/:meetingId/circulate': 'the test Hub sends no mail (no SMTP_URL), so it circulates nothing',
  'POST /accounts/:accountId/invitation': 'the test Hub has no PUBLIC_URL, so it builds no link to send',
  'POST /set-password/:token': 'only a link’s hash is stored, so no working token can be sampled',
  'POST /plans/:planId/approve': 'only the owner group approves a plan, and the administrator is not in it',
  'POST /plans/:planId/supersede': 'only an approved plan is superseded, and the plan posted to is in consultation',
  'POST /events/:eventId/workshop/minute': 'the open event has no workshop answers to minute',
  'POST /self-assessment/assessments/:assessmentId/criteria/:criterionId/action':
    'only a criterion rated at the bottom of the scale becomes a plan action, and the sampled one may be rated higher',
  'POST /self-assessment/assessments/:assessmentId/evidence/:evidenceId/remove':
    'only linked evidence is removed, and the draft iteration posted to may have none linked',
  'POST /self-assessment/frameworks/import': 'a framework is imported from a spreadsheet, and none is sent',
  'POST /self-assessment/framework-imports/:importId/confirm': 'no framework spreadsheet is waiting to be confirmed',
  'POST /self-assessment/peer-imports/:importId/columns':
    "the sampled import may be a framework's, not a peer spreadsheet waiting to be confirmed",
  'POST /self-assessment/peer-imports/:importId/confirm':
    "the sampled import may be a framework's, not a peer spreadsheet waiting to be confirmed",
  'POST /funding/proposals/:proposalId/meeting':
    "a proposal goes only to a meeting of its pot's deciding group, and the sampled meeting may be another group's",
  'POST /funding/proposals/:proposalId/decision': 'a proposal is decided only once put to a meeting, and none is here',
  'POST /funding/hosting-requests/:requestId/accept': 'a hosting request is answered once, and the sampled one may be',
  'POST /funding/hosting-requests/:requestId/decline': 'a hosting request is answered once, and the sampled one may be',
  'POST /resources/:resourceId/reinstate':
    'only a withdrawn resource is offered again, and the resource posted to is offered',
};

interface Context {
  hub: TestHub;
  adminEmail: string;
  adminPersonId: number;
}

/** Writes last, in this order: they end, hide or close what the others use. */
const ENDINGS = [
  /\/(hide|flag|merge|leave|remove|withdraw|complete|disable|reset-password|role|stop)$|\/polls\/:pollId\/close$/,
  /\/summary$/,
  /\/(archive|supersede|close)$/,
  /\/account\/password$/,
  /\/sign-out$/,
];
/** Among their peers, openings first, then delegates: a question runs, is answered, then its answers are grouped. */
const OPENING = /\/(open|start)$/;
const rank = (route: RouteInput) => {
  const ending = ENDINGS.findIndex((pattern) => pattern.test(route.url));
  const turn = OPENING.test(route.url) ? 0 : route.url.startsWith('/e/') ? 1 : 2;
  return (ending + 1) * 100 + (route.url.match(/:/g) ?? []).length * 3 + turn;
};

/** The error summary of a refused form, to say why in the failure. */
const summaryOf = (html: string) =>
  /govuk-error-summary__list">([\s\S]*?)<\/ul>/
    .exec(html)?.[1]
    ?.replace(/<[^>]+>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim() ?? '';

let tables: string[] | undefined;

/** Every row of every table holding a hostile value, as text: one statement for the whole database. */
async function hostileCells(hub: TestHub): Promise<string[]> {
  tables ??= (
    await rowsOf<{ name: string }>(
      hub,
      sql`select table_name as name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE'`,
    )
  ).map((r) => r.name);
  const hostile = `x::text like '%${HOSTILE_TEXT}%' or x::text ~ '(^|[^0-9])${HOSTILE_NUMBER}([^0-9]|$)' or x::text like '%1999-09-09%'`;
  const query = tables
    .map((name) => `select '${name}: ' || left(x::text, 300) as row from "${name}" x where ${hostile}`)
    .join(' union all ');
  return (await rowsOf<{ row: string }>(hub, sql.raw(query))).map((r) => r.row);
}

async function post(browser: Browser, route: RouteInput, path: string, form: Form) {
  if (!route.upload) return browser.post(path, form);
  const file = FILES[`POST ${route.url}`] ?? {
    filename: 'paper.txt',
    contentType: 'text/plain',
    content: Buffer.from('A paper for the partnership\n'),
  };
  return browser.postMultipart(path, form, { field: 'file', ...file });
}

test('no POST route stores a field its form does not have', { timeout: 300_000 }, async (t) => {
  const { hub, admin, adminEmail, adminPersonId } = await demoHub(t);
  const context: Context = { hub, adminEmail, adminPersonId };
  const routes = routesOf(hub, 'POST').sort((a, b) => rank(a) - rank(b));
  assert.ok(routes.length > 80, `expected every POST route, found ${routes.length}`);
  assert.deepEqual(await hostileCells(hub), [], 'the seeded database holds no hostile value');

  const failures: string[] = [];
  let serial = 0;
  for (const route of routes) {
    const key = `POST ${route.url}`;
    const path = PATHS[key]?.(context) ?? (await concretePath(hub, route.url));
    // A delegate's page first: that is how a phone joins before it sends anything.
    if (route.url.startsWith('/e/')) await admin.get(path.split('/').slice(0, 3).join('/'));
    else await admin.get('/');
    const form = { ...(await sampleForm(hub, route.body, (serial += 1))), ...(await FORMS[key]?.(context, path)) };
    const known = new Set(fieldsOf(route.body));
    const extras = Object.fromEntries(Object.entries(EXTRAS).filter(([name]) => !known.has(name)));
    const response = await post(admin, route, path, { ...form, ...extras });
    if (response.statusCode >= 500) failures.push(`${key}: ${response.statusCode}`);
    else if (response.statusCode >= 400 && !REFUSED[key])
      failures.push(
        `${key}: ${response.statusCode} with ${JSON.stringify(form)}: ${summaryOf(response.body)} (give it a form in FORMS, or a reason in REFUSED)`,
      );
    const stored = await hostileCells(hub);
    if (stored.length) failures.push(`${key} stored a field its form does not have: ${stored.join('; ')}`);
    if (stored.length) break;
  }
  assert.deepEqual(failures, []);
});
