// The demo's community tension: two attacks in close succession in 2017 (seed 002 §14–15), recorded
// nationally and localised for Leicester, Leicestershire and Rutland, with a month of weekly reports.

/** The Leicestershire districts, beside the city, county and Rutland the directory already has. */
export const LLR_DISTRICTS = [
  'Blaby',
  'Charnwood',
  'Harborough',
  'Hinckley and Bosworth',
  'Melton',
  'North West Leicestershire',
  'Oadby and Wigston',
];

export const DEMO_COMMUNITIES = [
  { name: 'Muslim communities', kind: 'faith' },
  { name: 'Jewish communities', kind: 'faith' },
  { name: 'Young people', kind: 'age' },
  { name: 'South Asian communities', kind: 'ethnicity' },
  { name: 'Leicester city centre', kind: 'place' },
  { name: 'Concert and event goers', kind: 'interest' },
] as const;

export const DEMO_INCIDENTS = [
  {
    title: 'Manchester Arena attack',
    summary:
      'A suicide bombing at the end of a concert at Manchester Arena killed 22 people and injured many more. The national threat level was raised to critical.',
    occurredOn: '2017-05-22',
    sourceUrl: 'https://manchesterarenainquiry.org.uk/',
    communities: ['Muslim communities', 'Young people', 'Concert and event goers'],
    localAreas: ['Leicester', 'Leicestershire', 'Rutland'],
  },
  {
    title: 'London Bridge attack',
    summary:
      'A vehicle and knife attack on London Bridge and in Borough Market killed eight people. It came twelve days after Manchester, so the 14-day periods overlapped.',
    occurredOn: '2017-06-03',
    sourceUrl: 'https://www.londonbridgeinquests.independent.gov.uk/',
    communities: ['Muslim communities', 'South Asian communities', 'Leicester city centre'],
    localAreas: ['Leicester', 'Charnwood', 'Oadby and Wigston'],
  },
] as const;

/** Weeks reported on: the week before Manchester to the week after London Bridge (Mondays). */
export const REPORT_WEEKS = ['2017-05-15', '2017-05-22', '2017-05-29', '2017-06-05', '2017-06-12'];

/** Levels by area and week; areas not listed report 1, 2, 2, 2, 1. */
export const LEVELS: Record<string, number[]> = {
  Leicester: [2, 3, 3, 4, 3],
  Leicestershire: [1, 2, 3, 3, 2],
  Charnwood: [2, 3, 2, 3, 2],
  'Oadby and Wigston': [1, 2, 2, 3, 2],
  Rutland: [1, 1, 2, 1, 1],
};
export const USUAL_LEVELS = [1, 2, 2, 2, 1];

/** What a report of each level says: general, with no one named. */
export const SUMMARIES: Record<number, string> = {
  1: 'Quiet week. No indicators beyond the everyday; faith settings report usual attendance.',
  2: 'Some online rumour after the attack and a few hate-related remarks reported to the neighbourhood team; contained locally.',
  3: 'Rising concern: graffiti near a mosque, rumours shared in school year groups, attendance down at Friday prayers. Reassurance patrols in place.',
  4: 'Significant tension: a protest planned in the city centre and anti-Prevent leaflets circulating. Community Reference Group members asked for a multi-faith event.',
};

/** Indicators each level marks, by name, with how sure the reporter is. */
export const INDICATORS_BY_LEVEL: Record<
  number,
  { name: string; certainty: 'evidenced' | 'experienced' | 'potential' }[]
> = {
  1: [],
  2: [{ name: 'Online rumour', certainty: 'experienced' }],
  3: [
    { name: 'Graffiti', certainty: 'evidenced' },
    { name: 'Online rumour', certainty: 'experienced' },
    { name: 'Attendance drop at faith settings', certainty: 'experienced' },
  ],
  4: [
    { name: 'Protest planned', certainty: 'evidenced' },
    { name: 'Anti-Prevent campaigning', certainty: 'evidenced' },
    { name: 'Hate incidents', certainty: 'experienced' },
  ],
};
