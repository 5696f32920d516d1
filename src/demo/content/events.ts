// The live engagement of the demo, as data: what the room asked and said, the speakers, the
// workshop's questions and the questions sent in advance. demo-events.ts writes them.

import type { ITEM_STATES } from '../../modules/events/events.tables.ts';

// ─── The awareness raising event (seed 001 §10–12) ──────────────────────────────

export interface RoomItem {
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

export const AWARENESS_SPEAKERS: { key: string; name: string; role: string }[] = [
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

// ─── The Prevent Community Forum workshop (seed 003) ────────────────────────────

export interface WorkshopQuestion {
  text: string;
  themes: { title: string; answers: string[] }[];
}

// The questions and the "key suggestions noted" of seed 003; the answers are what delegates typed.
export const WORKSHOP: WorkshopQuestion[] = [
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

// ─── The next awareness event, open for questions in advance ────────────────────

export const ADVANCE_ITEMS: RoomItem[] = [
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
