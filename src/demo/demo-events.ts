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
  type ITEM_STATES,
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

interface RoomItem {
  key: string;
  kind: 'question' | 'comment';
  body: string;
  /** What the delegate typed, when the moderator corrected a typo. */
  typed?: string;
  state: (typeof ITEM_STATES)[number];
  speaker?: string;
  mergedInto?: string;
  /** A name the delegate chose to give. */
  displayName?: string;
  /** Minutes into the question and answer session. */
  at: number;
  /** Share of the room that voted for it. */
  support?: number;
  flagNote?: string;
}

/**
 * The room's questions and comments. The shown and answered ones become anonymous suggestions on
 * the draft Strategic Action Plan (demo-plans.ts answers each by its key).
 */
export const AWARENESS_ITEMS: RoomItem[] = [
  {
    key: 'schools',
    kind: 'comment',
    body: 'The strategy puts nearly everything into schools. The young people most at risk have often dropped out: you will find them at youth clubs and Connexions, not in class.',
    state: 'answered',
    speaker: 'acc',
    displayName: 'Youth delegate',
    at: 2,
    support: 0.6,
  },
  {
    key: 'schools-again',
    kind: 'question',
    body: 'What about young people who are not in school? Youth clubs are where you would reach them.',
    state: 'merged',
    mergedInto: 'schools',
    at: 4,
  },
  {
    key: 'panel',
    kind: 'comment',
    body: 'There are no young people on this panel, yet half the questions are about us.',
    state: 'shown',
    at: 6,
    support: 0.5,
  },
  {
    key: 'panel-again',
    kind: 'question',
    body: 'Why is nobody under 25 on the panel?',
    state: 'merged',
    mergedInto: 'panel',
    at: 9,
  },
  {
    key: 'councillors',
    kind: 'question',
    body: 'How will councillors be told about Prevent? Most ward councillors have never heard of it, and residents ask them first.',
    typed:
      'How will councillers be told about Prevent? Most ward councillers have never heard of it, and residents ask them first.',
    state: 'answered',
    speaker: 'headOfCommunityProtection',
    at: 11,
    support: 0.35,
  },
  {
    key: 'councillors-again',
    kind: 'question',
    body: 'Will elected members get the training too?',
    state: 'merged',
    mergedInto: 'councillors',
    at: 15,
  },
  {
    key: 'health',
    kind: 'question',
    body: 'Why is health not in the room? Mental health staff often see vulnerable people long before the police do.',
    state: 'answered',
    speaker: 'acc',
    at: 17,
    support: 0.3,
  },
  {
    key: 'trust',
    kind: 'comment',
    body: 'Prevent still feels like peering behind net curtains and reporting on your neighbours. People will not trust it if that is all it is.',
    state: 'shown',
    at: 21,
    support: 0.45,
  },
  {
    key: 'pathfinder',
    kind: 'question',
    body: 'Will the Pathfinder money go to community groups, or stay with the council and the police?',
    state: 'answered',
    speaker: 'headOfCommunityProtection',
    at: 26,
    support: 0.3,
  },
  {
    key: 'ctlp',
    kind: 'question',
    body: 'What does the Counter Terrorism Local Profile say about Stockton, and who gets to see it?',
    state: 'answered',
    speaker: 'ctInspector',
    at: 31,
    support: 0.25,
  },
  {
    key: 'referral',
    kind: 'question',
    body: 'If I am worried about a young person, who do I call, and what happens to them after that?',
    state: 'answered',
    speaker: 'ctInspector',
    displayName: 'Parent governor',
    at: 37,
    support: 0.4,
  },
  {
    key: 'website',
    kind: 'comment',
    body: 'Put the action plan on the council website so residents can see what is being done in their name.',
    state: 'shown',
    at: 44,
    support: 0.15,
  },
  { key: 'slides', kind: 'question', body: 'Will the slides be emailed round afterwards?', state: 'hidden', at: 48 },
  {
    key: 'rumour',
    kind: 'comment',
    body: 'Everyone knows who is stirring things up at the snooker hall on the high street. Why has nobody done anything?',
    state: 'hidden',
    at: 52,
  },
  {
    key: 'nephew',
    kind: 'question',
    body: 'My nephew has been watching extremist videos online and has stopped talking to the family. Who can I speak to without getting him into trouble?',
    state: 'hidden',
    at: 58,
    flagNote:
      'Not shown on screen. The moderator read out the Prevent lead’s contact details for anyone with a personal concern, at the break.',
  },
  {
    key: 'again',
    kind: 'comment',
    body: 'Can we have this event again in the autumn, with more time for questions?',
    state: 'pending',
    at: 74,
  },
];

const AWARENESS_SPEAKERS: { key: string; name: string; role: string }[] = [
  {
    key: 'acc',
    name: 'Richard Hallam',
    role: 'Assistant Chief Constable, Cleveland Police; lead for CT and PVE in the region',
  },
  { key: 'ctInspector', name: 'Farah Qureshi', role: 'Detective Inspector, Counter Terrorism liaison' },
  {
    key: 'headOfCommunityProtection',
    name: 'Helen Marsh',
    role: 'Head of Community Protection; chair of the Stockton Silver Group',
  },
  {
    key: 'teesMosque',
    name: 'Yusuf Ahmed',
    role: 'Secretary, Riverside Community Mosque (fictional); chair of the Police Independent Advisory Group',
  },
];

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

interface WorkshopQuestion {
  text: string;
  themes: { title: string; answers: string[] }[];
}

// The questions and the "key suggestions noted" of seed 003; the answers are what delegates typed.
const WORKSHOP: WorkshopQuestion[] = [
  {
    text: 'What is your role in preventing extremism and radicalisation in the Borough?',
    themes: [
      {
        title:
          'Training and awareness of frontline staff and services who come in contact with young people and vulnerable individuals',
        answers: [
          'Spotting vulnerability: mental health, domestic abuse, isolation',
          'Knowing the signs, and how to raise a concern without overreacting',
          'A short package on vulnerabilities for reception and front desk staff',
          'As a youth worker I am often the first adult they talk to',
        ],
      },
      {
        title:
          'A multi-agency approach, including other safeguarding issues, holding each agency to account for what Prevent asks of it',
        answers: [
          'Prevent should sit with the rest of safeguarding, not on its own',
          'Hold each agency to account for what it signed up to',
          'Share what we know between agencies, within the rules',
        ],
      },
    ],
  },
  {
    text: 'What are your barriers to preventing extremism and radicalisation in the Borough?',
    themes: [
      {
        title: 'Resourcing and capacity: the will to take part, but not the time to attend every meeting',
        answers: [
          'We want to be part of it but cannot come to every meeting',
          'Small charity, no cover for staff on training days',
        ],
      },
      {
        title: 'Knowing how to deal with a concern, the referral pathway and the support available',
        answers: [
          'Not sure what happens after a referral',
          'Where do I find what support exists for someone referred?',
          'Balancing the trust of the families I work with against a duty of care',
        ],
      },
      {
        title: 'Competing messages from communities and agencies, and the wider climate',
        answers: [
          'Different agencies say different things about Prevent',
          'Far-right talk has grown locally since the referendum and is not taken as seriously',
          'Poverty and the lack of jobs feed grievances',
        ],
      },
    ],
  },
  {
    text: 'How can the Prevent team support you to overcome these barriers?',
    themes: [
      {
        title: 'Working with the community when the political narrative changes locally and nationally',
        answers: [
          'Come back to us after something happens nationally, not only before',
          'Make sure families and communities are not marginalised',
        ],
      },
      {
        title: 'Informing and educating hard to reach groups, so that engagement continues',
        answers: [
          "Women's groups and parents, not just mosque committees",
          'Young people who are not in school or college',
        ],
      },
      {
        title: 'Understanding online recruitment, including the dark web',
        answers: ['Help parents understand where recruitment happens online', 'More on the dark web and gaming chats'],
      },
      {
        title: 'In-depth training that deals with the myths about Prevent',
        answers: [
          'Many of us believe myths about Prevent: proper training would help',
          'Explain the threshold: what Prevent does and does not take on',
        ],
      },
    ],
  },
];

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
    decision: 'noted',
  });
}

// ─── The next awareness event, open for questions in advance ─────────────────

const ADVANCE_ITEMS: RoomItem[] = [
  {
    key: 'ask-directly',
    kind: 'question',
    body: 'Will young people be able to ask questions out loud on the day, not only through the screen?',
    state: 'shown',
    at: 0,
    support: 0.8,
  },
  {
    key: 'youth-project',
    kind: 'question',
    body: 'How is the Pathfinder youth project going, and when does it start in the youth clubs?',
    state: 'shown',
    at: 25 * 60,
    support: 0.6,
  },
  {
    key: 'not-at-school',
    kind: 'question',
    body: 'Can I come if I am not at school or college at the moment?',
    state: 'pending',
    at: 44 * 60,
  },
];

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
