import { test } from 'node:test';
import assert from 'node:assert/strict';
import { eq } from 'drizzle-orm';
import { group, meeting, member, person } from '../../../test/factories.ts';
import { Browser, buildTestHub, createUser, withPartnership, type TestHub } from '../../../test/helpers.ts';
import { hubWithMail, postWithHost, PUBLIC_URL, type TestMailServer } from '../../../test/smtp.ts';
import { accounts } from '../accounts/accounts.tables.ts';
import { auditLog } from '../audit/audit.tables.ts';
import { documents } from '../documents/documents.tables.ts';
import { NO_PUBLIC_URL } from '../mail/index.ts';
import { mailOutbox } from '../mail/mail.tables.ts';
import { agendaItems } from '../meetings/meetings.tables.ts';
import { meetingCirculations } from './circulation.tables.ts';
import { NO_MAIL_SERVER } from './circulation.service.ts';

/*
 * Circulating a meeting's agenda and papers through HTTP, with a real mail server reading what
 * arrived: a group of four (two with accounts, one without, one whose account is disabled), a
 * meeting with an item without a paper, an OFFICIAL paper and an OFFICIAL-SENSITIVE one.
 */

const SENSITIVE_TITLE = 'Channel cases this quarter';
const OFFICIAL_TITLE = 'Prevent delivery update';

async function steeringGroup(hub: TestHub) {
  const board = await group(hub, 'monthly', 'Prevent Steering Group');
  const circulator = await createUser(hub, 'member', 'Grace Adeyemi');
  await member(hub, board.id, circulator.personId);
  const colleague = await createUser(hub, 'viewer', 'Tom Brennan');
  await member(hub, board.id, colleague.personId);
  const noAccount = await person(hub, 'Priya Shah');
  await member(hub, board.id, noAccount.id);
  const disabled = await createUser(hub, 'viewer', 'Alan Disabled');
  await member(hub, board.id, disabled.personId);
  await hub.database.db.update(accounts).set({ disabledAt: new Date() }).where(eq(accounts.id, disabled.accountId));
  const browser = new Browser(hub.app);
  await browser.signIn(circulator.email);
  return { board, circulator, colleague, browser };
}

async function meetingWithPapers(hub: TestHub, groupId: number, createdBy: number) {
  const held = await meeting(hub, groupId, '2026-12-15', {
    start: '14:00',
    end: '16:00',
    location: 'Room 4, Civic Centre',
  });
  const [official, sensitive] = await hub.database.db
    .insert(documents)
    .values([
      { title: OFFICIAL_TITLE, marking: 'OFFICIAL', groupId, meetingId: held.id, createdBy },
      { title: SENSITIVE_TITLE, marking: 'OFFICIAL-SENSITIVE', groupId, meetingId: held.id, createdBy },
    ])
    .returning();
  await hub.database.db.insert(agendaItems).values([
    { meetingId: held.id, position: 1, title: 'Welcome and apologies' },
    { meetingId: held.id, position: 2, title: OFFICIAL_TITLE, paperDocumentId: official!.id },
    { meetingId: held.id, position: 3, title: SENSITIVE_TITLE, paperDocumentId: sensitive!.id },
  ]);
  return { held, official: official!, sensitive: sensitive! };
}

const bodies = (smtp: TestMailServer) => smtp.received.map((mail) => mail.body).join('\n');

test('a member who runs the group’s meetings circulates the agenda and papers: one email each, links from PUBLIC_URL, no sensitive title', async (t) => {
  const { hub, smtp } = await hubWithMail(t);
  const { board, circulator, colleague, browser } = await steeringGroup(hub);
  const { held, official, sensitive } = await meetingWithPapers(hub, board.id, circulator.accountId);
  const outsider = await createUser(hub, 'viewer', 'Not In The Group');

  const before = await browser.get(`/meetings/${held.id}`);
  assert.match(before.body, new RegExp(`href="/meetings/${held.id}/circulate"`));
  const confirm = await browser.get(`/meetings/${held.id}/circulate`);
  assert.equal(confirm.statusCode, 200);
  assert.match(confirm.body, /An email will go to 2 members/);
  assert.match(confirm.body, /<li>Grace Adeyemi<\/li>/);
  assert.match(confirm.body, /<li>Tom Brennan<\/li>/);
  assert.doesNotMatch(confirm.body, /Priya Shah|Alan Disabled|Not In The Group/);
  assert.doesNotMatch(confirm.body.replace(/<h3[\s\S]*?<\/h3>/g, ''), new RegExp(SENSITIVE_TITLE));

  const sent = await postWithHost(
    hub,
    browser,
    `/meetings/${held.id}/circulate`,
    `/meetings/${held.id}/circulate`,
    { seen: '0' },
    'evil.example',
  );
  assert.equal(sent.statusCode, 303);
  await smtp.waitFor(2);
  await new Promise((resolve) => setTimeout(resolve, 200));
  assert.equal(smtp.received.length, 2, 'one email per member with an account, no more');
  assert.deepEqual(smtp.received.map((mail) => mail.to[0]).sort(), [circulator.email, colleague.email].sort());
  assert.ok(!smtp.received.some((mail) => mail.to.includes(outsider.email)));
  for (const mail of smtp.received) {
    assert.equal(mail.subject, 'Agenda and papers: Prevent Steering Group meeting on 15 December 2026');
    assert.match(mail.body, /Date: 15 December 2026, 14:00 to 16:00/);
    assert.match(mail.body, /Place: Room 4, Civic Centre/);
    assert.match(mail.body, new RegExp(`${PUBLIC_URL}/meetings/${held.id}\\s`), 'the meeting page');
    assert.ok(mail.body.includes(`${PUBLIC_URL}/meetings/${held.id}/pack`), 'the agenda pack');
    assert.ok(mail.body.includes(`${PUBLIC_URL}/documents/${official.id}`));
    assert.ok(mail.body.includes(`${PUBLIC_URL}/documents/${sensitive.id}`));
    assert.match(mail.body, new RegExp(`paper: ${OFFICIAL_TITLE}`));
    assert.match(mail.body, /paper: a paper marked OFFICIAL-SENSITIVE/);
    assert.match(mail.body, /1\. Welcome and apologies/);
  }
  assert.doesNotMatch(bodies(smtp), new RegExp(SENSITIVE_TITLE), 'an OFFICIAL-SENSITIVE paper is never named');
  assert.doesNotMatch(bodies(smtp), /evil\.example/);
  assert.doesNotMatch(bodies(smtp), /https?:\/\/(?!hub\.example\.org)[a-z0-9.-]+\/(meetings|documents)/);

  const [record] = await hub.database.db.select().from(meetingCirculations);
  assert.equal(record?.recipients, 2);
  assert.equal(record?.circulatedBy, circulator.accountId);
  const [entry] = await hub.database.db.select().from(auditLog).where(eq(auditLog.action, 'meeting.circulated'));
  assert.deepEqual(entry?.detail, { recipients: 2, papers: 2 });
  const page = await browser.get(`/meetings/${held.id}`);
  assert.match(page.body, /Circulated on \d{1,2} \w+ 20\d\d, [0-9:apm]+ to 2 members/);
  assert.match(page.body, /Circulate agenda and papers again/);
});

test('circulating again says it was already circulated and needs confirming; a stale confirmation is refused', async (t) => {
  const { hub, smtp } = await hubWithMail(t);
  const { board, circulator, browser } = await steeringGroup(hub);
  const { held } = await meetingWithPapers(hub, board.id, circulator.accountId);
  await browser.get(`/meetings/${held.id}/circulate`);
  assert.equal((await browser.post(`/meetings/${held.id}/circulate`, { seen: 0 })).statusCode, 303);
  await smtp.waitFor(2);

  const again = await browser.get(`/meetings/${held.id}/circulate`);
  assert.match(again.body, /Already circulated on .* by Grace Adeyemi to 2 members/);
  const unconfirmed = await browser.post(`/meetings/${held.id}/circulate`, { seen: 1 });
  assert.equal(unconfirmed.statusCode, 400);
  assert.match(unconfirmed.body, /Confirm that you want to circulate the agenda and papers again/);
  const stale = await browser.post(`/meetings/${held.id}/circulate`, { seen: 0, again: 'yes' });
  assert.equal(stale.statusCode, 400, 'a page from before the last circulation does not send again');
  assert.equal((await hub.database.db.select().from(meetingCirculations)).length, 1);

  assert.equal((await browser.post(`/meetings/${held.id}/circulate`, { seen: 1, again: 'yes' })).statusCode, 303);
  await smtp.waitFor(4);
  assert.equal((await hub.database.db.select().from(meetingCirculations)).length, 2);
});

test('someone who does not run the group’s meetings may not circulate, and nothing is sent', async (t) => {
  const { hub } = await hubWithMail(t);
  const { board, circulator, colleague } = await steeringGroup(hub);
  const { held } = await meetingWithPapers(hub, board.id, circulator.accountId);
  const viewer = new Browser(hub.app);
  await viewer.signIn(colleague.email);
  const page = await viewer.get(`/meetings/${held.id}`);
  assert.doesNotMatch(page.body, /Circulate agenda and papers/);
  assert.equal((await viewer.get(`/meetings/${held.id}/circulate`)).statusCode, 403);
  assert.equal((await viewer.post(`/meetings/${held.id}/circulate`, { seen: 0 })).statusCode, 403);

  const otherGroupsMember = await createUser(hub, 'member');
  const other = await group(hub);
  await member(hub, other.id, otherGroupsMember.personId);
  const outsider = new Browser(hub.app);
  await outsider.signIn(otherGroupsMember.email);
  assert.equal((await outsider.post(`/meetings/${held.id}/circulate`, { seen: 0 })).statusCode, 403);
  assert.equal((await hub.database.db.select().from(mailOutbox)).length, 0);
  assert.equal((await hub.database.db.select().from(meetingCirculations)).length, 0);
});

test('a meeting with nothing issued still circulates its date, place and page, without an agenda pack', async (t) => {
  const { hub, smtp } = await hubWithMail(t);
  const { board, browser } = await steeringGroup(hub);
  const bare = await meeting(hub, board.id, '2027-01-19');
  await browser.get(`/meetings/${bare.id}/circulate`);
  assert.equal((await browser.post(`/meetings/${bare.id}/circulate`, { seen: 0 })).statusCode, 303);
  const mail = await smtp.waitFor(1);
  assert.match(mail.subject, /Prevent Steering Group meeting on 19 January 2027/);
  assert.match(mail.body, /Place: not set yet/);
  assert.match(mail.body, /No agenda items yet/);
  assert.ok(mail.body.includes(`${PUBLIC_URL}/meetings/${bare.id}`));
  assert.doesNotMatch(mail.body, /\/pack/);
});

test('without a mail server or a public address the Hub says why it cannot circulate, and sends nothing', async (t) => {
  for (const [overrides, reason] of [
    [{ publicUrl: PUBLIC_URL }, NO_MAIL_SERVER],
    [{ smtpUrl: 'smtp://127.0.0.1:9' }, NO_PUBLIC_URL],
  ] as const) {
    const hub = await buildTestHub(t, overrides);
    await withPartnership(hub);
    const { board, circulator, browser } = await steeringGroup(hub);
    const { held } = await meetingWithPapers(hub, board.id, circulator.accountId);
    const escaped = reason.replace(/[()]/g, '\\$&');
    assert.match((await browser.get(`/meetings/${held.id}`)).body, new RegExp(escaped));
    const page = await browser.get(`/meetings/${held.id}/circulate`);
    assert.match(page.body, new RegExp(escaped));
    assert.doesNotMatch(page.body, /Send to/);
    const refused = await browser.post(`/meetings/${held.id}/circulate`, { seen: 0 });
    assert.equal(refused.statusCode, 400);
    assert.equal((await hub.database.db.select().from(mailOutbox)).length, 0);
    assert.equal((await hub.database.db.select().from(meetingCirculations)).length, 0);
  }
});
