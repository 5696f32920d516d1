// Live engagement for the demo: the awareness raising event of seed 001 (speakers, then a question
// and answer session with anonymous questions sent from laptops, the "10kv" system of seed 000),
// a Prevent Community Forum workshop on the three timed questions of seed 003, and the next
// awareness event, already open for questions in advance, so anyone can try the delegate page.
//
// Delegates are what the Hub keeps of them: the hash of a random token, nothing else. A couple of
// items carry a name the delegate chose to type, as happens in a real room; none is a person's name.

import { createHash, randomBytes } from 'node:crypto';
import { and, desc, eq, max } from 'drizzle-orm';
import type { Transaction } from '../db/client.ts';
import { agendaItems, meetings } from '../modules/meetings/meetings.tables.ts';
import {
  delegates,
  eventAudiences,
  eventItems,
  events,
  eventSpeakers,
  itemVotes,
  workshopAnswers,
  workshopQuestions,
  workshopThemes,
  type EventAudience,
} from '../modules/events/events.tables.ts';
import { AGENDA_PREFIX, minuteText, summaryText } from '../modules/events/workshops.service.ts';
import {
  addDays,
  londonIsoDate,
  londonTime,
  nthWeekdayOfMonth,
  parseIso,
  seededRandom,
  type IsoDate,
  type Random,
} from './demo-dates.ts';
import { ADVANCE_ITEMS, AWARENESS_ITEMS, AWARENESS_SPEAKERS, WORKSHOP, type RoomItem } from './content/events.ts';

/** What the plans and events of the demo need from the rows demo-data.ts has just written. */
export interface DemoRefs {
  tx: Transaction;
  now: Date;
  today: IsoDate;
  /** When the Stockton community profile is now expected (it slipped: see the Silver group's minutes). */
  profileExpectedOn: IsoDate;
  personId: (key: string) => number;
  orgId: (name: string) => number;
  groupId: (key: string) => number;
  /** The account of a person who signs in (admin, coordinator, member, viewer), by person key. */
  accountId: (personKey: string) => number;
  documentId: (key: string) => number;
}

/** The join code of the upcoming event, open now for questions in advance. */
export const UPCOMING_JOIN_CODE = 'YPANEL';

const MINUTE = 60_000;
const later = (start: Date, minutes: number) => new Date(start.getTime() + minutes * MINUTE);

// ─── The awareness raising event (seed 001 §10–12) ───────────────────────────

/** The event of the 20 May of seed 001: in the month after the Silver group approved the draft for consultation. */
function awarenessEventDay(today: IsoDate): IsoDate {
  const { year, month0 } = parseIso(today);
  // The third Wednesday falls after that month's Silver group (second Tuesday) and before the next.
  return nthWeekdayOfMonth(year, month0 - 10, 3, 3);
}

export interface SeededAwarenessEvent {
  id: number;
  heldOn: IsoDate;
  closedAt: Date;
  /** Event item ids by the keys of AWARENESS_ITEMS. */
  itemIds: Map<string, number>;
}

export interface SeededEngagement {
  awareness: SeededAwarenessEvent;
  counts: { events: number; items: number; delegates: number; votes: number; workshopAnswers: number };
}

const tokenHash = () => createHash('sha256').update(randomBytes(24).toString('base64url')).digest('base64url');

/** Delegates who joined an event: each only the hash of a random token, as ensureDelegate stores it. */
async function addDelegates(
  tx: Transaction,
  eventId: number,
  count: number,
  joinedAt: (i: number) => Date,
): Promise<number[]> {
  const rows = Array.from({ length: count }, (_, i) => ({ eventId, tokenHash: tokenHash(), joinedAt: joinedAt(i) }));
  return (await tx.insert(delegates).values(rows).returning({ id: delegates.id })).map((r) => r.id);
}

interface EventSpec {
  values: typeof events.$inferInsert;
  audiences: EventAudience[];
  speakers: { key?: string; name: string; role: string }[];
}

async function insertEvent(tx: Transaction, spec: EventSpec): Promise<{ id: number; speakerIds: Map<string, number> }> {
  const [event] = await tx.insert(events).values(spec.values).returning({ id: events.id });
  const id = event!.id;
  await tx.insert(eventAudiences).values(spec.audiences.map((audience) => ({ eventId: id, audience })));
  const speakers = await tx
    .insert(eventSpeakers)
    .values(spec.speakers.map((s) => ({ eventId: id, name: s.name, role: s.role })))
    .returning({ id: eventSpeakers.id });
  return {
    id,
    speakerIds: new Map(spec.speakers.flatMap((s, i) => (s.key ? [[s.key, speakers[i]!.id] as const] : []))),
  };
}

interface Room {
  eventId: number;
  /** When the questions started: each item's `at` counts from here. */
  start: Date;
  /** Picks the delegate who sent an item. */
  author: () => number;
  speakerIds: Map<string, number>;
  /** The moderator who flags a safeguarding concern. */
  moderator: number;
}

/** Items in the order given, merged ones pointing at the item that carries on. */
async function insertItems(
  tx: Transaction,
  items: RoomItem[],
  { eventId, start, author, speakerIds, moderator }: Room,
) {
  const ids = new Map<string, number>();
  for (const item of items) {
    const createdAt = later(start, item.at);
    const [row] = await tx
      .insert(eventItems)
      .values({
        eventId,
        delegateId: author(),
        kind: item.kind,
        body: item.body,
        originalBody: item.typed ?? item.body,
        displayName: item.displayName ?? null,
        state: item.state,
        speakerId: item.speaker ? speakerIds.get(item.speaker)! : null,
        mergedIntoId: item.mergedInto ? ids.get(item.mergedInto)! : null,
        flaggedAt: item.flagNote ? later(createdAt, 2) : null,
        flaggedBy: item.flagNote ? moderator : null,
        flagNote: item.flagNote ?? null,
        createdAt,
        answeredAt: item.state === 'answered' ? later(createdAt, 6) : null,
      })
      .returning({ id: eventItems.id });
    ids.set(item.key, row!.id);
  }
  return ids;
}

/** Each delegate votes for the items they support; never after the session ends. */
function votesFor(
  items: RoomItem[],
  itemIds: Map<string, number>,
  delegateIds: number[],
  start: Date,
  end: Date,
  random: Random,
) {
  const votes: { itemId: number; delegateId: number; votedAt: Date }[] = [];
  for (const item of items) {
    if (!item.support) continue;
    for (const delegateId of delegateIds) {
      if (!random.chance(item.support)) continue;
      const votedAt = later(start, item.at + random.between(1, 12));
      votes.push({ itemId: itemIds.get(item.key)!, delegateId, votedAt: votedAt < end ? votedAt : end });
    }
  }
  return votes;
}

async function seedAwarenessEvent(
  refs: DemoRefs,
  random: Random,
): Promise<SeededAwarenessEvent & { delegates: number; votes: number }> {
  const { tx } = refs;
  const heldOn = awarenessEventDay(refs.today);
  const opensAt = londonTime(heldOn, '13:00');
  const questionsFrom = londonTime(heldOn, '14:30');
  const closedAt = londonTime(heldOn, '16:30');
  const admin = refs.accountId('admin');
  const { id, speakerIds } = await insertEvent(tx, {
    values: {
      title: 'PVE Awareness Raising Event',
      kind: 'awareness_event',
      heldOn,
      venue: 'Wynyard Rooms, Stockton-on-Tees',
      status: 'closed',
      joinCode: 'TEESQA',
      premoderation: true,
      submissionsOpen: false,
      filterWords: [],
      // About 50 delegates (seed 001 §10): the Renaissance Board, the Children's Trust Board, the Safer Stockton Partnership, the Faith Network.
      attendance: 50,
      createdBy: admin,
      createdAt: londonTime(addDays(heldOn, -30), '11:00'),
      openedAt: opensAt,
      closedAt,
    },
    audiences: ['frontline_staff', 'faith_communities', 'young_people'],
    speakers: AWARENESS_SPEAKERS,
  });
  // Not everyone in the room picked up a laptop.
  const delegateIds = await addDelegates(tx, id, 41, (i) => later(opensAt, 5 + (i % 20)));
  const author = () => delegateIds[random.between(0, delegateIds.length - 1)]!;
  const itemIds = await insertItems(tx, AWARENESS_ITEMS, {
    eventId: id,
    start: questionsFrom,
    author,
    speakerIds,
    moderator: admin,
  });
  const votes = votesFor(AWARENESS_ITEMS, itemIds, delegateIds, questionsFrom, closedAt, random);
  await tx.insert(itemVotes).values(votes);
  return { id, heldOn, closedAt, itemIds, delegates: delegateIds.length, votes: votes.length };
}

// ─── The Prevent Community Forum workshop (seed 003) ─────────────────────────

const WORKSHOP_MINUTES = 10;

/** The forum's latest meeting held, where the workshop ran; null if it has not met this year. */
async function latestForum(refs: DemoRefs) {
  const [meeting] = await refs.tx
    .select({ id: meetings.id, startsAt: meetings.startsAt, endsAt: meetings.endsAt, location: meetings.location })
    .from(meetings)
    .where(and(eq(meetings.groupId, refs.groupId('forum')), eq(meetings.status, 'held')))
    .orderBy(desc(meetings.startsAt))
    .limit(1);
  return meeting ?? null;
}

async function seedForumWorkshop(refs: DemoRefs, random: Random): Promise<{ delegates: number; answers: number }> {
  const { tx } = refs;
  const meeting = await latestForum(refs);
  const startsAt = meeting?.startsAt ?? londonTime(addDays(refs.today, -60), '18:00');
  const endsAt = meeting?.endsAt ?? later(startsAt, 120);
  const title = 'Prevent Community Forum workshop: roles, barriers and support';
  const { id } = await insertEvent(tx, {
    values: {
      title,
      kind: 'community_forum',
      heldOn: londonIsoDate(startsAt),
      venue: meeting?.location ?? 'Oakfield Mosque and Community Centre (fictional)',
      meetingId: meeting?.id ?? null,
      status: 'closed',
      joinCode: 'ASKLLR',
      premoderation: true,
      submissionsOpen: false,
      filterWords: [],
      attendance: 46,
      createdBy: refs.accountId('coordinator'),
      createdAt: later(startsAt, -14 * 24 * 60),
      openedAt: startsAt,
      closedAt: endsAt,
    },
    audiences: ['faith_communities', 'women', 'public'],
    speakers: [{ name: 'Owen Gallagher', role: 'Prevent Coordinator, St Philips Centre; facilitator' }],
  });
  const delegateIds = await addDelegates(tx, id, 28, (i) => later(startsAt, 2 + (i % 15)));

  let answerCount = 0;
  const minuted: { number: number; text: string; minutes: number; summary: string | null }[] = [];
  for (const [index, question] of WORKSHOP.entries()) {
    // Ten minutes each, with two between questions, after the forum's opening presentation.
    const startedAt = later(startsAt, 45 + index * (WORKSHOP_MINUTES + 2));
    const number = index + 1;
    const summary = summaryText(
      number,
      question.text,
      question.themes.map((t, i) => ({
        id: i,
        title: t.title,
        position: i + 1,
        answers: t.answers.map((body, j) => ({ id: j, body })),
      })),
    );
    const [row] = await tx
      .insert(workshopQuestions)
      .values({
        eventId: id,
        position: number,
        text: question.text,
        minutes: WORKSHOP_MINUTES,
        startedAt,
        endsAt: later(startedAt, WORKSHOP_MINUTES),
        summary,
      })
      .returning({ id: workshopQuestions.id });
    const themeIds = await tx
      .insert(workshopThemes)
      .values(question.themes.map((t, i) => ({ questionId: row!.id, title: t.title, position: i + 1 })))
      .returning({ id: workshopThemes.id });
    const answers = question.themes.flatMap((t, i) =>
      t.answers.map((body) => ({
        questionId: row!.id,
        delegateId: delegateIds[random.between(0, delegateIds.length - 1)]!,
        body,
        themeId: themeIds[i]!.id,
        createdAt: new Date(startedAt.getTime() + random.between(20, WORKSHOP_MINUTES * 60 - 20) * 1000),
      })),
    );
    await tx.insert(workshopAnswers).values(answers);
    answerCount += answers.length;
    minuted.push({ number, text: question.text, minutes: WORKSHOP_MINUTES, summary });
  }
  if (meeting) await addWorkshopMinute(refs, meeting.id, title, minuteText(minuted));
  return { delegates: delegateIds.length, answers: answerCount };
}

/** The workshop in the forum's minutes, as "Add to the minutes" puts it: an item at the end of the agenda. */
async function addWorkshopMinute(refs: DemoRefs, meetingId: number, title: string, minute: string) {
  const [last] = await refs.tx
    .select({ position: max(agendaItems.position) })
    .from(agendaItems)
    .where(eq(agendaItems.meetingId, meetingId));
  await refs.tx.insert(agendaItems).values({
    meetingId,
    position: (last?.position ?? 0) + 1,
    title: `${AGENDA_PREFIX}${title}`,
    presenterPersonId: refs.personId('stPhilips'),
    minute,
  });
}

// ─── The next awareness event, open for questions in advance ─────────────────

async function seedUpcomingEvent(
  refs: DemoRefs,
  random: Random,
): Promise<{ items: number; delegates: number; votes: number }> {
  const { tx, now } = refs;
  const { year, month0 } = parseIso(refs.today);
  // After the planning group's meeting in two months' time ("young people on the panel").
  const heldOn = nthWeekdayOfMonth(year, month0 + 2, 3, 3);
  const openedAt = later(now, -3 * 24 * 60);
  const { id } = await insertEvent(tx, {
    values: {
      title: 'PVE Awareness Event: young people on the panel',
      kind: 'qa_panel',
      heldOn,
      venue: 'Northfield College (fictional), Stockton-on-Tees',
      status: 'open',
      joinCode: UPCOMING_JOIN_CODE,
      premoderation: true,
      submissionsOpen: true,
      filterWords: [],
      attendance: null,
      createdBy: refs.accountId('admin'),
      createdAt: later(openedAt, -7 * 24 * 60),
      openedAt,
    },
    audiences: ['young_people', 'non_school_youth_settings', 'councillors', 'faith_communities'],
    speakers: [
      { name: 'Helen Marsh', role: 'Head of Community Protection; chair of the Stockton Silver Group' },
      { name: 'Liam Carter', role: 'Senior Youth Worker, Youth Voice Teesside (fictional)' },
      // The young people on the panel are not named before the event.
      { name: 'Panel member, Youth Voice Teesside', role: 'Young person' },
      { name: 'Panel member, Youth Voice Teesside', role: 'Young person' },
    ],
  });
  const start = later(openedAt, 60);
  const delegateIds = await addDelegates(tx, id, 6, (i) => later(start, i * 9 * 60));
  const author = () => delegateIds[random.between(0, delegateIds.length - 1)]!;
  const itemIds = await insertItems(tx, ADVANCE_ITEMS, {
    eventId: id,
    start,
    author,
    speakerIds: new Map(),
    moderator: refs.accountId('admin'),
  });
  const votes = votesFor(ADVANCE_ITEMS, itemIds, delegateIds, start, now, random);
  if (votes.length) await tx.insert(itemVotes).values(votes);
  return { items: ADVANCE_ITEMS.length, delegates: delegateIds.length, votes: votes.length };
}

// ─── All of it ───────────────────────────────────────────────────────────────

/**
 * The demo's live events: the awareness raising event (closed; its approved items feed the
 * Strategic Action Plan's consultation in demo-plans.ts), the forum workshop (closed, with its
 * summaries in the forum's minutes) and the next event (open, join code UPCOMING_JOIN_CODE).
 */
export async function seedDemoEvents(refs: DemoRefs): Promise<SeededEngagement> {
  // Its own seed, so the events stay the same whatever the rest of the demo draws.
  const random = seededRandom(20090520);
  const awareness = await seedAwarenessEvent(refs, random);
  const workshop = await seedForumWorkshop(refs, random);
  const upcoming = await seedUpcomingEvent(refs, random);
  return {
    awareness,
    counts: {
      events: 3,
      items: AWARENESS_ITEMS.length + upcoming.items,
      delegates: awareness.delegates + workshop.delegates + upcoming.delegates,
      votes: awareness.votes + upcoming.votes,
      workshopAnswers: workshop.answers,
    },
  };
}
