// The demo's year of training in Leicester, Leicestershire and Rutland (seed 003, seed 004 §3):
// the coordinator's awareness sessions, a Train the Trainer programme for Prevent Champions, the
// Champions' sessions for county colleagues afterwards, and two requests still to answer.

import type { CourseKind } from '../../modules/training/training.tables.ts';

export interface DemoCourse {
  key: string;
  title: string;
  kind: CourseKind;
  description: string;
  trainsTrainers?: boolean;
}

export const DEMO_COURSES: DemoCourse[] = [
  {
    key: 'awareness',
    title: 'Prevent awareness for frontline staff',
    kind: 'prevent_awareness',
    description:
      'Spotting vulnerabilities (mental health, domestic abuse), raising a concern and the referral pathway; the myths about Prevent answered.',
  },
  {
    key: 'wrap',
    title: 'Workshop to Raise Awareness of Prevent (WRAP-style)',
    kind: 'wrap_workshop',
    description: 'A facilitated workshop with local case studies and the threshold of cases Prevent takes.',
  },
  {
    key: 'elearning',
    title: 'Home Office Prevent e-learning (group session)',
    kind: 'home_office_elearning',
    description: 'The national e-learning completed together, with local contacts added.',
  },
  {
    key: 'ttt',
    title: 'Train the Trainer for Prevent Champions',
    kind: 'train_the_trainer',
    description: 'Prepares Prevent Champions to deliver awareness sessions to colleagues in their own organisations.',
    trainsTrainers: true,
  },
];

/** Who attended: an organisation with a number of staff, or a named person (by directory name). */
export type DemoAttendance = { organisation: string; staff: number } | { person: string };

export interface DemoSession {
  course: string;
  /** Months before today (negative: after today). */
  monthsAgo: number;
  place: string;
  /** A person's name in the directory, or a trainer from outside the Hub. */
  trainer: { person: string } | { external: string };
  capacity: number;
  attendance: DemoAttendance[];
  /** How many gave scores 1 to 5. */
  feedback?: [number, number, number, number, number];
  cancelled?: string;
}

const CITY = 'Leicester City Council';
const COUNTY = 'Leicestershire County Council';
const RUTLAND = 'Rutland County Council';
const POLICE = 'Leicestershire Police';
const HEALTH = 'Leicestershire Partnership NHS Trust';
const SCHOOLS = 'Fosse Way Schools Trust (fictional)';
const UNIVERSITY = 'Abbey Park University (fictional)';
const PRISON = 'HM Prison Leicester';

export const DEMO_SESSIONS: DemoSession[] = [
  {
    course: 'awareness',
    monthsAgo: 11,
    place: 'City Hall, Leicester',
    trainer: { person: 'Priya Desai' },
    capacity: 30,
    attendance: [
      { organisation: CITY, staff: 18 },
      { organisation: HEALTH, staff: 7 },
    ],
    feedback: [0, 1, 4, 12, 8],
  },
  {
    course: 'ttt',
    monthsAgo: 10,
    place: 'County Hall, Glenfield',
    trainer: { person: 'Priya Desai' },
    capacity: 12,
    attendance: [{ person: 'David Kershaw' }, { person: 'Fiona Harding' }, { organisation: SCHOOLS, staff: 3 }],
    feedback: [0, 0, 1, 2, 2],
  },
  {
    course: 'wrap',
    monthsAgo: 9,
    place: 'Melton Carnegie Museum meeting room',
    trainer: { person: 'David Kershaw' },
    capacity: 25,
    attendance: [{ organisation: COUNTY, staff: 21 }],
    feedback: [0, 0, 3, 9, 6],
  },
  {
    course: 'elearning',
    monthsAgo: 8,
    place: 'Leicester Prison training suite',
    trainer: { external: 'Home Office Prevent trainer' },
    capacity: 20,
    attendance: [{ organisation: PRISON, staff: 16 }],
  },
  {
    course: 'awareness',
    monthsAgo: 7,
    place: 'Oakham Library',
    trainer: { person: 'Fiona Harding' },
    capacity: 20,
    attendance: [
      { organisation: RUTLAND, staff: 14 },
      { organisation: SCHOOLS, staff: 5 },
    ],
    feedback: [0, 1, 2, 8, 5],
  },
  {
    course: 'awareness',
    monthsAgo: 6,
    place: 'Loughborough Town Hall',
    trainer: { person: 'David Kershaw' },
    capacity: 30,
    attendance: [
      { organisation: COUNTY, staff: 24 },
      { organisation: POLICE, staff: 4 },
    ],
    feedback: [1, 0, 5, 11, 9],
  },
  {
    course: 'wrap',
    monthsAgo: 5,
    place: 'Abbey Park University (fictional), Students’ Union',
    trainer: { person: 'Priya Desai' },
    capacity: 40,
    attendance: [{ organisation: UNIVERSITY, staff: 33 }],
    feedback: [0, 2, 6, 14, 10],
  },
  {
    course: 'awareness',
    monthsAgo: 4,
    place: 'Hinckley Hub',
    trainer: { person: 'David Kershaw' },
    capacity: 25,
    attendance: [],
    cancelled: 'Too few places booked: the county’s staff joined the Coalville session instead',
  },
  {
    course: 'awareness',
    monthsAgo: 3,
    place: 'Coalville Council Offices',
    trainer: { person: 'David Kershaw' },
    capacity: 30,
    attendance: [{ organisation: COUNTY, staff: 27 }],
    feedback: [0, 0, 4, 13, 7],
  },
  {
    course: 'ttt',
    monthsAgo: 2,
    place: 'County Hall, Glenfield',
    trainer: { person: 'Priya Desai' },
    capacity: 12,
    attendance: [{ person: 'Hannah Moss' }, { organisation: HEALTH, staff: 4 }],
    feedback: [0, 0, 0, 3, 3],
  },
  {
    course: 'awareness',
    monthsAgo: 1,
    place: 'Uppingham Town Hall',
    trainer: { person: 'Fiona Harding' },
    capacity: 20,
    attendance: [{ organisation: RUTLAND, staff: 11 }],
    feedback: [0, 0, 2, 6, 3],
  },
  {
    course: 'awareness',
    monthsAgo: -1,
    place: 'Wigston Civic Centre',
    trainer: { person: 'David Kershaw' },
    capacity: 30,
    attendance: [],
  },
];

/** Staff each organisation aims to have trained this year. */
export const DEMO_TARGETS: { organisation: string; staff: number }[] = [
  { organisation: CITY, staff: 60 },
  { organisation: COUNTY, staff: 90 },
  { organisation: RUTLAND, staff: 30 },
  { organisation: HEALTH, staff: 25 },
  { organisation: PRISON, staff: 20 },
];

export const DEMO_REQUESTS = {
  /** From a partner, through the Hub. */
  member: {
    organisation: SCHOOLS,
    topic: 'Prevent awareness and the referral pathway',
    audience: 'Designated safeguarding leads and pastoral staff',
    numbers: 35,
    preferredDates: 'A twilight session in the first half of next term',
    contactName: 'Safeguarding lead, Fosse Way Schools Trust',
    contactEmail: 'safeguarding@fossewaytrust.example',
    daysAgo: 9,
  },
  /** From a delegate at the Prevent Community Forum workshop (seed 003), where the form was offered. */
  liveEvent: {
    organisationText: 'Belgrave Probation Hostel (fictional)',
    topic: 'Understanding the threshold of cases Prevent takes',
    audience: 'Hostel key workers',
    numbers: 12,
    preferredDates: 'Any weekday morning',
    contactName: 'Hostel manager',
    contactEmail: 'manager@belgravehostel.example',
    eventJoinCode: 'ASKLLR',
  },
};
