import { test } from 'node:test';
import assert from 'node:assert/strict';
import { eq } from 'drizzle-orm';
import { group, groupWith, meeting, samplePlan } from '../../../test/factories.ts';
import { Browser, buildTestHub, createUser, signedIn, withPartnership, type TestHub } from '../../../test/helpers.ts';
import { hubWithMail, PUBLIC_URL, type ReceivedMail } from '../../../test/smtp.ts';
import { runDueJobs } from '../../jobs/scheduled-jobs.ts';
import { isoDate } from '../../views/filters.ts';
import { auditLog } from '../audit/audit.tables.ts';
import { documentFiles, documentGroups, documents } from '../documents/documents.tables.ts';
import { impactAssessments } from '../impact-assessments/impact-assessments.tables.ts';
import { mailOutbox } from '../mail/mail.tables.ts';
import { planActions } from '../plans/plans.tables.ts';
import { threatLevelChanges } from '../threat-level/threat-level.tables.ts';
import { addDays } from './due-items.ts';
import { planRemindersJob, weeklyDigestJob } from './index.ts';
import { emailPreferences, sentReminders } from './reminders.tables.ts';

const DAY_MS = 86_400_000;
const now = new Date();
const today = isoDate(now);

const mailTo = (received: ReceivedMail[], email: string) => received.filter((m) => m.to.includes(email));

/** A paper filed for a meeting, for the groups named (everyone when none), with a file uploaded now. */
async function paper(
  hub: TestHub,
  by: number,
  options: { title: string; meetingId: number; groupIds?: number[]; marking?: 'OFFICIAL' | 'OFFICIAL-SENSITIVE' },
) {
  const db = hub.database.db;
  const groupIds = options.groupIds ?? [];
  const [row] = await db
    .insert(documents)
    .values({
      title: options.title,
      marking: options.marking ?? 'OFFICIAL',
      audience: groupIds.length ? 'groups' : 'everyone',
      meetingId: options.meetingId,
      createdBy: by,
    })
    .returning();
  for (const groupId of groupIds) await db.insert(documentGroups).values({ documentId: row!.id, groupId });
  const content = Buffer.from('paper');
  await db.insert(documentFiles).values({
    documentId: row!.id,
    filename: 'paper.txt',
    contentType: 'text/plain',
    size: content.length,
    sha256: 'x',
    content,
    uploadedBy: by,
  });
  return row!;
}

async function remindersScene(hub: TestHub) {
  const owner = await createUser(hub, 'member', 'Asha Patel');
  const other = await createUser(hub, 'member', 'Tom Reed');
  const coordinator = await createUser(hub, 'coordinator', 'Cara Jones');
  const ctlp = await paper(hub, coordinator.accountId, {
    title: 'Counter-Terrorism Local Profile 2026',
    meetingId: (await meeting(hub, (await group(hub)).id, addDays(today, 40))).id,
    groupIds: [(await group(hub)).id],
    marking: 'OFFICIAL-SENSITIVE',
  });
  const mine = { strand: 'prevent' as const, leadPersonId: owner.personId };
  const plan = await samplePlan(hub, undefined, [
    { ...mine, title: 'Refresh the referral pathway leaflet', dueOn: addDays(today, 3) },
    { ...mine, title: 'Brief school governors', dueOn: addDays(today, -2) },
    { ...mine, title: 'Map faith settings', dueOn: addDays(today, 30) },
    { ...mine, title: 'Deliver WRAP to housing officers', dueOn: addDays(today, 1) },
    { ...mine, title: 'Protect the Pride march route', dueOn: addDays(today, 2), ctlpDocumentId: ctlp.id },
    { strand: 'prevent', leadPersonId: other.personId, title: 'Audit library filtering', dueOn: addDays(today, 2) },
  ]);
  const [soon, overdue, farOff, done, sensitive, others] = plan.actionIds.slice(3);
  await hub.database.db.update(planActions).set({ state: 'completed' }).where(eq(planActions.id, done!));
  const [review] = await hub.database.db
    .insert(impactAssessments)
    .values({
      decisionTitle: 'Closure of the Eastside mosque car park',
      reviewOn: addDays(today, 2),
      ownerPersonId: coordinator.personId,
    })
    .returning();
  return { owner, other, coordinator, ids: { soon, overdue, farOff, done, sensitive, others }, reviewId: review!.id };
}

test('reminders list what a person owns that falls due or is overdue, with links from PUBLIC_URL, once per due date', async (t) => {
  const { hub, smtp } = await hubWithMail(t);
  const scene = await remindersScene(hub);
  const job = planRemindersJob(hub.config);

  assert.deepEqual(await job.run(hub.database.db, now), { emailed: 3, skipped: 0 });
  await smtp.waitFor(3);
  const [mail] = mailTo(smtp.received, scene.owner.email);
  assert.ok(mail, 'the owner is emailed');
  assert.equal(mailTo(smtp.received, scene.owner.email).length, 1, 'one email per person');
  assert.match(mail.body, /Refresh the referral pathway leaflet: due /);
  assert.match(mail.body, /Brief school governors: overdue since /);
  assert.ok(mail.body.includes(`${PUBLIC_URL}/plans/actions/${scene.ids.soon}`));
  assert.ok(mail.body.includes(`${PUBLIC_URL}/plans/actions/${scene.ids.overdue}`));
  assert.doesNotMatch(mail.body, /Map faith settings/, 'not due within 7 days');
  assert.doesNotMatch(mail.body, /Deliver WRAP to housing officers/, 'completed');
  assert.doesNotMatch(mail.body, /Audit library filtering/, "another person's action");
  assert.doesNotMatch(mail.body, /Pride march/, 'an action tied to an OFFICIAL-SENSITIVE profile is not named');
  assert.match(mail.body, /An action marked OFFICIAL-SENSITIVE: due /);
  assert.ok(mail.body.includes(`${PUBLIC_URL}/plans/actions/${scene.ids.sensitive}`));
  assert.ok(
    mail.body.includes(`To stop reminders, change your email preferences: ${PUBLIC_URL}/account/email-preferences`),
  );

  const [theirs] = mailTo(smtp.received, scene.other.email);
  assert.match(theirs!.body, /Audit library filtering/);
  assert.doesNotMatch(theirs!.body, /Refresh the referral pathway leaflet/);

  const [review] = mailTo(smtp.received, scene.coordinator.email);
  assert.match(review!.body, /A review of a Community Impact Assessment marked OFFICIAL-SENSITIVE: due /);
  assert.ok(review!.body.includes(`${PUBLIC_URL}/impact-assessments/${scene.reviewId}`));
  assert.doesNotMatch(review!.body, /Eastside/, 'an assessment is never described');

  assert.deepEqual(await job.run(hub.database.db, new Date(now.getTime() + DAY_MS)), { emailed: 0, skipped: 0 });

  await hub.database.db
    .update(planActions)
    .set({ dueOn: addDays(today, 5) })
    .where(eq(planActions.id, scene.ids.soon!));
  assert.deepEqual(await job.run(hub.database.db, new Date(now.getTime() + DAY_MS)), { emailed: 1, skipped: 0 });
  const moved = await smtp.waitFor(4);
  assert.match(moved.body, /Refresh the referral pathway leaflet/, 'a new due date is a new reminder');
  assert.doesNotMatch(moved.body, /Brief school governors/, 'already reminded for this due date');
});

test('reminders go only to those who want them, and the scheduled run happens once a day', async (t) => {
  const { hub, smtp } = await hubWithMail(t);
  const scene = await remindersScene(hub);
  await hub.database.db.insert(emailPreferences).values({ accountId: scene.owner.accountId, reminders: false });
  const job = planRemindersJob(hub.config);
  const ran = await runDueJobs(hub.database.db, [job], new Date(`${today}T23:00:00`));
  assert.equal(ran.length, 1);
  assert.deepEqual(ran[0]!.summary, { emailed: 2, skipped: 0 });
  assert.deepEqual(await runDueJobs(hub.database.db, [job], new Date(`${today}T23:30:00`)), []);
  await smtp.waitFor(2);
  assert.equal(mailTo(smtp.received, scene.owner.email).length, 0, 'turned off');
});

for (const [missing, overrides] of [
  ['SMTP_URL', { publicUrl: PUBLIC_URL }],
  ['PUBLIC_URL', { smtpUrl: 'smtp://127.0.0.1:9' }],
] as const) {
  test(`without ${missing} nothing is queued, and nothing is marked as reminded`, async (t) => {
    const hub = await buildTestHub(t, overrides);
    await withPartnership(hub);
    await remindersScene(hub);
    assert.deepEqual(await planRemindersJob(hub.config).run(hub.database.db, now), { emailed: 0, skipped: 1 });
    assert.deepEqual(await weeklyDigestJob(hub.config).run(hub.database.db, now), { emailed: 0, skipped: 1 });
    assert.equal((await hub.database.db.select().from(mailOutbox)).length, 0);
    assert.equal((await hub.database.db.select().from(sentReminders)).length, 0);
  });
}

test('the weekly digest: what each person may see, not to those who turned it off, nothing in an empty week', async (t) => {
  const { hub, smtp } = await hubWithMail(t);
  const reader = await createUser(hub, 'member', 'Dev Singh');
  const quiet = await createUser(hub, 'member', 'Lee Ward');
  const optedOut = await createUser(hub, 'member', 'Mo Khan');
  const author = await createUser(hub, 'member', 'Pat Hill');
  const steering = await groupWith(hub, [reader.personId, optedOut.personId], 'Prevent Steering Group');
  const channel = await groupWith(hub, [author.personId], 'Channel Panel');
  const steeringMeeting = await meeting(hub, steering.id, addDays(today, 3));
  const channelMeeting = await meeting(hub, channel.id, addDays(today, 20));
  await meeting(hub, steering.id, addDays(today, 5), { status: 'cancelled' });
  await paper(hub, author.accountId, {
    title: 'Terms of reference',
    meetingId: steeringMeeting.id,
    groupIds: [steering.id],
  });
  await paper(hub, author.accountId, {
    title: 'Risk assessment of the summer festival',
    meetingId: steeringMeeting.id,
    groupIds: [steering.id],
    marking: 'OFFICIAL-SENSITIVE',
  });
  await paper(hub, author.accountId, {
    title: 'Case review summary',
    meetingId: channelMeeting.id,
    groupIds: [channel.id],
  });
  await hub.database.db.insert(emailPreferences).values({ accountId: optedOut.accountId, weeklyDigest: false });

  const job = weeklyDigestJob(hub.config);
  // Run after the papers were filed: the digest looks back a week from the moment it runs.
  const result = await job.run(hub.database.db, new Date());
  assert.deepEqual(result, { emailed: 2, skipped: 0 }, 'the reader, and the author (their own group’s paper)');
  await smtp.waitFor(2);
  const [mail] = mailTo(smtp.received, reader.email);
  assert.ok(mail);
  assert.match(mail.subject, /Your week in the partnership/);
  assert.match(mail.body, /Meetings in the coming week \(2\)/);
  assert.match(mail.body, /Prevent Steering Group: .+ \(cancelled\)/, 'a cancelled meeting is news too');
  assert.match(mail.body, /Prevent Steering Group: /);
  assert.ok(mail.body.includes(`${PUBLIC_URL}/meetings/${steeringMeeting.id}`));
  assert.match(mail.body, /Papers issued in the past week \(2\)/);
  assert.match(mail.body, /Terms of reference/);
  assert.match(mail.body, /A paper marked OFFICIAL-SENSITIVE/);
  assert.doesNotMatch(mail.body, /summer festival/);
  assert.doesNotMatch(mail.body, /Case review summary|Channel Panel/, 'a paper of a group they are not in');
  assert.ok(
    mail.body.includes(
      `To stop the weekly digest, change your email preferences: ${PUBLIC_URL}/account/email-preferences`,
    ),
  );
  assert.equal(mailTo(smtp.received, optedOut.email).length, 0, 'turned off');
  assert.equal(mailTo(smtp.received, quiet.email).length, 0, 'an empty week sends nothing');
});

test('the weekly digest tells everyone who wants it of a change to the threat level, and of what they own falling due', async (t) => {
  const { hub, smtp } = await hubWithMail(t);
  const scene = await remindersScene(hub);
  const quiet = await createUser(hub, 'member', 'Lee Ward');
  const job = weeklyDigestJob(hub.config);
  const unchanged = await job.run(hub.database.db, new Date());
  assert.equal(unchanged.emailed, 3, 'only those with something of their own: the level has not changed');
  await smtp.waitFor(3);
  assert.equal(mailTo(smtp.received, quiet.email).length, 0);

  assert.equal((await job.run(hub.database.db, new Date())).emailed, 0, 'once a week, even when run again');

  // Next week: the level changes during it.
  const scope = 'all_forms_of_terrorism';
  await hub.database.db.insert(threatLevelChanges).values([
    { inForceFrom: addDays(today, -30), level: 'SUBSTANTIAL', scope },
    { inForceFrom: addDays(today, 5), level: 'SEVERE', scope },
  ]);
  const nextWeek = new Date(Date.now() + 7 * DAY_MS);
  const changed = await job.run(hub.database.db, nextWeek);
  assert.equal(
    changed.emailed,
    5,
    'every account now, the quiet member and the coordinator who wrote the plan included',
  );
  await smtp.waitFor(8);
  const [quietMail, ...more] = mailTo(smtp.received, quiet.email);
  assert.equal(more.length, 0);
  assert.match(quietMail!.body, /The national threat level changed/);
  assert.match(quietMail!.body, /Now SEVERE \(since .+\), was SUBSTANTIAL/);
  assert.ok(quietMail!.body.includes(`${PUBLIC_URL}/threat-level`));
  const owner = mailTo(smtp.received, scene.owner.email).at(-1);
  assert.match(owner!.body, /Brief school governors: overdue since /);
  assert.match(owner!.body, /An action marked OFFICIAL-SENSITIVE/);
  assert.doesNotMatch(owner!.body, /Pride march/);
});

test('email preferences: on by default, a person changes their own only, audited; refusals', async (t) => {
  const hub = await buildTestHub(t);
  await withPartnership(hub);
  const other = await createUser(hub, 'member');
  const { browser, user } = await signedIn(hub, 'member');

  const account = await browser.get('/account');
  assert.match(account.body, /href="\/account\/email-preferences"/);
  const page = await browser.get('/account/email-preferences');
  assert.equal(page.statusCode, 200);
  assert.match(page.body, /name="weeklyDigest" type="radio" value="on" checked/);
  assert.match(page.body, /name="reminders" type="radio" value="on" checked/);

  const saved = await browser.post('/account/email-preferences', {
    weeklyDigest: 'off',
    reminders: 'on',
    accountId: other.accountId,
  });
  assert.equal(saved.statusCode, 303);
  assert.equal(saved.headers.location, '/account/email-preferences?done=saved');
  const rows = await hub.database.db.select().from(emailPreferences);
  assert.deepEqual(
    rows.map((r) => [r.accountId, r.weeklyDigest, r.reminders]),
    [[user.accountId, false, true]],
    "only the signed-in person's own preferences change",
  );
  const [entry] = await hub.database.db
    .select()
    .from(auditLog)
    .where(eq(auditLog.action, 'account.email_preferences_changed'));
  assert.equal(entry?.accountId, user.accountId);
  assert.deepEqual(entry?.detail, {
    before: { weeklyDigest: true, reminders: true },
    after: { weeklyDigest: false, reminders: true },
  });
  assert.match(
    (await browser.get('/account/email-preferences?done=saved')).body,
    /name="weeklyDigest" type="radio" value="off" checked/,
  );

  const invalid = await browser.post('/account/email-preferences', { weeklyDigest: 'sometimes' });
  assert.equal(invalid.statusCode, 400);
  assert.match(invalid.body, /Select whether you want the weekly digest/);
  assert.match(invalid.body, /Select whether you want reminders/);

  const forged = await browser.post(
    '/account/email-preferences',
    { weeklyDigest: 'on', reminders: 'on' },
    { csrf: null },
  );
  assert.equal(forged.statusCode, 403);

  const stranger = new Browser(hub.app);
  const signedOut = await stranger.get('/account/email-preferences');
  assert.notEqual(signedOut.statusCode, 200);
  assert.match(String(signedOut.headers.location ?? ''), /sign-in/);
  assert.equal((await hub.database.db.select().from(emailPreferences)).length, 1);
});
