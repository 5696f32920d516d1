/*
 * Shared by the fuzz and mass-assignment tests: the demo partnership with an administrator and a
 * coordinator signed in, every route's input schemas as the Hub validates them (`app.routeInputs`,
 * filled by an onRoute hook registered before the modules, so no route escapes), paths filled
 * with real records, and a plausible form for each body schema.
 */
import { sql, type SQL } from 'drizzle-orm';
import type { TestContext } from 'node:test';
import { seedDemoPartnership } from '../src/demo/demo-data.ts';
import type { RouteInput } from '../src/plugins/input.ts';
import { Browser, buildTestHub, createUser, type TestHub } from './helpers.ts';

/** The parts of a route's JSON schema (as TypeBox writes it) that the samples read. */
export interface Schema {
  type?: string;
  const?: string | number;
  enum?: (string | number)[];
  allOf?: Schema[];
  anyOf?: Schema[];
  items?: Schema;
  minimum?: number;
  maximum?: number;
  format?: string;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  properties?: Record<string, Schema>;
  required?: string[];
}

/** A route's schema as the Hub records it (src/plugins/input.ts), read as a JSON schema. */
type RouteSchema = Record<string, unknown> | undefined;

/** The rows a raw query returns: either driver answers with `rows`, which the two clients' union types as unknown. */
export async function rowsOf<Row>(hub: TestHub, query: SQL): Promise<Row[]> {
  const answer: unknown = await hub.database.db.execute(query);
  return (answer as { rows: Row[] }).rows;
}
export type Form = Record<string, string | number | (string | number)[]>;

export interface DemoHub {
  hub: TestHub;
  admin: Browser;
  coordinator: Browser;
  adminEmail: string;
  adminPersonId: number;
}

/** The demo partnership, with a new administrator and coordinator signed in. */
export async function demoHub(t: TestContext | { after(fn: () => unknown): void }): Promise<DemoHub> {
  const hub = await buildTestHub(t);
  await seedDemoPartnership(hub.database.db);
  const adminUser = await createUser(hub, 'administrator', 'Fuzz Administrator');
  const coordinatorUser = await createUser(hub, 'coordinator', 'Fuzz Coordinator');
  const admin = new Browser(hub.app);
  await admin.signIn(adminUser.email);
  const coordinator = new Browser(hub.app);
  await coordinator.signIn(coordinatorUser.email);
  return { hub, admin, coordinator, adminEmail: adminUser.email, adminPersonId: adminUser.personId };
}

export const routesOf = (hub: TestHub, method: string): RouteInput[] =>
  hub.app.routeInputs.filter((route) => route.method === method);

/** The first column of the first row of a query, if any. */
export async function first(hub: TestHub, query: string): Promise<number | string | undefined> {
  const rows = await rowsOf<Record<string, unknown>>(hub, sql.raw(query));
  const value = rows[0] ? Object.values(rows[0])[0] : undefined;
  return value === undefined || value === null ? undefined : (value as number | string);
}

const OPEN_EVENT = `(select id from events where status = 'open' order by id desc limit 1)`;

/**
 * The record each path parameter names, by the path's first segment and the parameter: the newest
 * fitting one, so records made by earlier posts (a poll, a workshop question) are used in turn.
 */
const PATH_RECORDS: Record<string, (p: Record<string, number | string>) => string> = {
  'audit-log:exportId': () => `select id from audit_chain_exports order by id desc limit 1`,
  // A second factor in use (removing someone else's is a 404; the route's input is what is tried).
  'account:factorId': () => `select id from second_factors where removed_at is null order by id desc limit 1`,
  // A browser known to some account (forgetting another's is a 404; the route's input is what is tried).
  'account:browserId': () => `select id from known_devices order by id desc limit 1`,
  'accounts:accountId': () => `select id from accounts where email like '%@example.org' order by id limit 1 offset 2`,
  'documents:documentId': () => `select id from documents where archived_at is null order by id desc limit 1`,
  'documents:fileId': (p) =>
    `select id from document_files where document_id = ${p.documentId} order by id desc limit 1`,
  'e:code': () => `select join_code from events where status = 'open' order by id desc limit 1`,
  'e:itemId': (p) =>
    `select i.id from event_items i join events e on e.id = i.event_id where e.join_code = '${p.code}' and i.state = 'shown' order by i.id limit 1`,
  'e:pollId': (p) =>
    `select p.id from polls p join events e on e.id = p.event_id where e.join_code = '${p.code}' order by (p.state = 'open') desc, p.id desc limit 1`,
  'e:questionId': (p) =>
    `select q.id from workshop_questions q join events e on e.id = q.event_id where e.join_code = '${p.code}' order by q.id desc limit 1`,
  'events:eventId': () => `select ${OPEN_EVENT}`,
  'events:itemId': (p) =>
    `select id from event_items where event_id = ${p.eventId} and merged_into_id is null order by (state = 'shown') desc, id desc limit 1`,
  'events:accountId': (p) =>
    `select account_id from event_moderators where event_id = ${p.eventId} order by account_id desc limit 1`,
  'events:speakerId': (p) => `select id from event_speakers where event_id = ${p.eventId} order by id desc limit 1`,
  'events:pollId': (p) => `select id from polls where event_id = ${p.eventId} order by id desc limit 1`,
  'events:questionId': (p) =>
    `select id from workshop_questions where event_id = ${p.eventId} order by id desc limit 1`,
  'events:themeId': (p) =>
    `select id from workshop_themes where question_id = ${p.questionId} order by id desc limit 1`,
  'groups:groupId': () => `select id from groups where archived_at is null order by id desc limit 1`,
  'groups:memberId': (p) =>
    `select id from group_members where group_id = ${p.groupId} and left_on is null order by id desc limit 1`,
  'meetings:meetingId': () => `select id from meetings order by id desc limit 1`,
  'meetings:itemId': (p) => `select id from agenda_items where meeting_id = ${p.meetingId} order by id desc limit 1`,
  // An undecided recommendation, so that its words may still change.
  'meetings:recommendationId': (p) =>
    `select id from meeting_recommendations where meeting_id = ${p.meetingId} and decision is null and withdrawn_at is null order by id desc limit 1`,
  'meetings:actionId': (p) =>
    `select id from actions_arising where agenda_item_id = ${p.itemId} order by id desc limit 1`,
  'organisations:organisationId': () => `select id from organisations order by id desc limit 1`,
  'people:personId': () => `select id from people order by id desc limit 1`,
  // Only a token's hash is stored, so no real one can be read back: a well-formed token that names nothing.
  'set-password:token': () => `select repeat('A', 43)`,
  'plans:planId': () =>
    `select id from plans where status <> 'superseded' order by (status = 'in_consultation') desc, id desc limit 1`,
  'plans:actionId': () => `select id from plan_actions where withdrawn_at is null order by id desc limit 1`,
  'plans:importId': (p) => `select id from plan_imports where plan_id = ${p.planId} order by id desc limit 1`,
  'plans:suggestionId': (p) => `select id from plan_suggestions where plan_id = ${p.planId} order by id desc limit 1`,
  'plans:snapshotId': (p) => `select id from plan_snapshots where plan_id = ${p.planId} order by id desc limit 1`,
  'plans:number': (p) => `select number from plan_versions where plan_id = ${p.planId} order by number desc limit 1`,
  'calendar-feeds:token': () => `select 'no-such-token'`,
  'response-plans:planId': () => `select id from response_plans where closed_on is null order by id desc limit 1`,
  'response-plans:activityId': (p) =>
    `select id from response_plan_activities where plan_id = ${p.planId} and plan_action_id is null order by id desc limit 1`,
  'self-assessment:frameworkId': () => `select id from self_assessment_frameworks order by id limit 1`,
  'self-assessment:levelId': (p) =>
    `select id from self_assessment_levels where framework_id = ${p.frameworkId} order by value desc limit 1`,
  'self-assessment:importId': () => `select id from self_assessment_framework_imports order by id desc limit 1`,
  'self-assessment:assessmentId': () =>
    `select id from self_assessments where status = 'draft' order by id desc limit 1`,
  'self-assessment:criterionId': (p) =>
    `select c.id from self_assessment_criteria c join self_assessment_sections s on s.id = c.section_id join self_assessments a on a.framework_id = s.framework_id where a.id = ${p.assessmentId} order by c.id limit 1`,
  'self-assessment:evidenceId': (p) =>
    `select id from self_assessment_evidence where assessment_id = ${p.assessmentId} and removed_at is null order by id limit 1`,
  'self-assessment:peerRatingId': () =>
    `select id from self_assessment_peer_ratings where withdrawn_at is null order by id desc limit 1`,
  'threat-level:changeId': () => `select id from threat_level_changes order by id desc limit 1`,
  'threat-level:plotId': () => `select id from disrupted_plots order by id desc limit 1`,
  'training:sessionId': () => `select id from training_sessions where status = 'scheduled' order by id desc limit 1`,
  'training:requestId': () => `select id from training_requests where status = 'open' order by id limit 1`,
  'training:eventId': () =>
    `select event_id from training_event_offers where ended_at is null order by event_id limit 1`,
  'referrals:referralId': () => `select id from referrals order by id desc limit 1`,
  'referrals:step': () => `select 'screening'`,
  'referrals:importId': () => `select id from referral_figure_imports order by id desc limit 1`,
  'impact-assessments:assessmentId': () =>
    `select id from impact_assessments where closed_at is null order by id desc limit 1`,
  'impact-assessments:actionId': () =>
    `select id from impact_assessment_actions where status <> 'withdrawn' and plan_action_id is null and assessment_id = (select max(id) from impact_assessments where closed_at is null) order by id desc limit 1`,
  'tension:incidentId': () =>
    `select id from incidents where scope = 'national' and localised_from_id is null order by id desc limit 1`,
  'tension:reportId': () => `select id from tension_reports where withdrawn_at is null order by id desc limit 1`,
  'tension:areaId': () => `select id from areas order by id limit 1`,
  'tension:communityId': () => `select id from communities order by id desc limit 1`,
  'tension:indicatorId': () => `select id from tension_indicators order by id desc limit 1`,
  'resources:resourceId': () => `select id from resources where status = 'active' order by id desc limit 1`,
  'funding:potId': () => `select id from funding_pots order by id limit 1`,
  'funding:proposalId': () => `select id from funding_proposals order by id desc limit 1`,
  'funding:requestId': () =>
    `select id from funding_hosting_requests order by (status = 'requested') desc, id desc limit 1`,
  'projects:projectId': () => `select id from funding_projects order by id limit 1`,
  // A draft still being written, and a template a coordinator may change (a copy before the Hub's own).
  'papers:paperId': () =>
    `select id from papers where status = 'draft' and withdrawn_at is null order by id desc limit 1`,
  'papers:version': (p) =>
    `select version from paper_versions where paper_id = ${p.paperId} order by version desc limit 1`,
  'papers:templateId': () =>
    `select id from paper_templates where archived_at is null order by shipped, id desc limit 1`,
  'resources:importId': (p) =>
    `select id from resource_completion_imports where resource_id = ${p.resourceId} order by (committed_at is null) desc, id desc limit 1`,
};

/** The route's path with real records in it, or why there is none (a record that does not exist yet). */
export async function concretePath(hub: TestHub, url: string): Promise<string> {
  const segment = url.split('/')[1] ?? '';
  const values: Record<string, number | string> = {};
  let path = url.replace('*', 'hub.css');
  for (const [, name] of url.matchAll(/:([A-Za-z]+)/g)) {
    const record = PATH_RECORDS[`${segment}:${name}`];
    if (!record) throw new Error(`No record for :${name} in ${url}: add it to PATH_RECORDS in test/input-routes.ts`);
    const value = await first(hub, record(values));
    // Nothing to name yet: a number that names nothing still exercises the route's input.
    values[name!] = value ?? 1;
    path = path.replace(`:${name}`, String(values[name!]));
  }
  return path;
}

/** Records for id fields in forms, by field name: the newest of their kind. */
const FIELD_RECORDS: Record<string, string> = {
  accountId: `select id from accounts where role in ('administrator', 'coordinator') order by id desc limit 1`,
  actionArisingId: `select id from actions_arising order by id desc limit 1`,
  actionId: `select id from plan_actions order by id desc limit 1`,
  areaId: `select id from areas order by id limit 1`,
  chairPersonId: `select id from people order by id limit 1`,
  groupId: `select id from groups where archived_at is null order by id limit 1`,
  leadOrganisationId: `select id from organisations order by id limit 1`,
  leadPersonId: `select id from people order by id limit 1`,
  meetingId: `select id from meetings order by id limit 1`,
  organisationId: `select id from organisations order by id limit 1`,
  ownerGroupId: `select id from groups where archived_at is null order by id limit 1`,
  personId: `select id from people where id not in (select person_id from accounts where person_id is not null) order by id desc limit 1`,
  planId: `select id from plans where status <> 'superseded' order by id desc limit 1`,
  frameworkId: `select id from self_assessment_frameworks order by id limit 1`,
  criterionId: `select c.id from self_assessment_criteria c join self_assessment_sections s on s.id = c.section_id order by s.framework_id, c.id limit 1`,
  completedByPersonId: `select id from people order by id limit 1`,
  assessingGroupId: `select id from groups where archived_at is null order by id limit 1`,
  documentId: `select id from documents where archived_at is null order by id limit 1`,
  planActionId: `select id from plan_actions order by id limit 1`,
  sourceActionId: `select id from plan_actions where withdrawn_at is null order by id limit 1`,
  presenterPersonId: `select id from people order by id limit 1`,
  ownerPersonId: `select id from people order by id limit 1`,
  incidentId: `select id from incidents where archived_at is null order by id desc limit 1`,
  ownerOrganisationId: `select id from organisations order by id limit 1`,
  decisionAgendaItemId: `select id from agenda_items order by id limit 1`,
  decidingGroupId: `select id from groups where archived_at is null order by id limit 1`,
  deliveryPartnerId: `select id from organisations order by id limit 1`,
  potId: `select id from funding_pots order by id limit 1`,
  proposalId: `select id from funding_proposals order by id limit 1`,
  riskId: `select id from ctlp_risks order by id limit 1`,
  agendaItemId: `select id from agenda_items order by id desc limit 1`,
  templateId: `select id from paper_templates where archived_at is null order by shipped desc, id limit 1`,
};

/** A plausible value for one field of a form, from its schema. */
async function sampleValue(
  hub: TestHub,
  name: string,
  schema: Schema,
  serial: number,
): Promise<string | number | (string | number)[] | undefined> {
  if (schema.const !== undefined) return schema.const;
  if (Array.isArray(schema.enum)) return schema.enum[0];
  // A whole number is checked as text, then as a number (src/plugins/input.ts): the number says what to send.
  if (Array.isArray(schema.allOf)) return sampleValue(hub, name, schema.allOf.at(-1) ?? {}, serial);
  if (Array.isArray(schema.anyOf))
    return sampleValue(hub, name, schema.anyOf.find((s) => s.type !== 'array') ?? schema.anyOf[0] ?? {}, serial);
  switch (schema.type) {
    case 'integer':
    case 'number': {
      const record = FIELD_RECORDS[name];
      if (record) return await first(hub, record);
      return Math.min(Math.max(schema.minimum ?? 1, 2), schema.maximum ?? 2);
    }
    case 'array': {
      const item = await sampleValue(hub, name.replace(/Ids$/, 'Id'), schema.items ?? {}, serial);
      return item === undefined ? [] : [item as string | number];
    }
    case 'boolean':
      return 'true';
    case 'string': {
      // In the future: closing dates and due dates must not have passed.
      if (schema.format === 'date') return '2030-10-01';
      if (schema.format === 'email') return `sample${serial}@example.org`;
      if (schema.pattern?.startsWith('^([01]')) return name === 'endTime' ? '11:00' : '10:00';
      const text = `Sample ${name} ${serial}`;
      return text.slice(0, schema.maxLength ?? text.length).padEnd(schema.minLength ?? 0, 'x');
    }
  }
  return undefined;
}

/** A form for a body schema: every required field, with plausible values, then the route's own overrides. */
export async function sampleForm(hub: TestHub, routeBody: RouteSchema, serial: number): Promise<Form> {
  const form: Form = {};
  const body = routeBody as Schema | undefined;
  if (!body?.properties) return form;
  const required = new Set<string>(body.required ?? []);
  for (const [name, schema] of Object.entries(body.properties)) {
    if (name === '_csrf' || !required.has(name)) continue;
    const value = await sampleValue(hub, name, schema, serial);
    if (value !== undefined) form[name] = value;
  }
  return form;
}

/** Field names a body schema accepts (for multipart bodies, the parts). */
export const fieldsOf = (body: RouteSchema): string[] => Object.keys((body as Schema | undefined)?.properties ?? {});
