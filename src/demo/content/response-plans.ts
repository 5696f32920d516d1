// The demo's 14-day response plans: the two 2017 attacks in close succession, whose plans overlapped
// (seed 002 §15). Activities beyond the national template's, the daily sentiment check-ins, and the
// first plan's closing summary for the board.

export interface DemoActivity {
  heading: string;
  description: string;
  day: number;
  status: 'planned' | 'under_way' | 'done' | 'not_needed';
  /** A word in the lead organisation's name (the demo's organisations). */
  lead?: string;
}

export interface DemoResponsePlan {
  activities: DemoActivity[];
  checkIns: { day: number; level: number; note: string }[];
  /** Every template activity up to this day is done. */
  doneUpToDay: number;
  extension?: { days: number; reason: string };
  closing?: { summary: string };
}

export const DEMO_RESPONSE_PLANS: [DemoResponsePlan, DemoResponsePlan] = [
  {
    activities: [
      {
        heading: 'Vigils and multi-faith events',
        description: 'Vigil in the city centre with the Council of Faiths and the Lord Mayor',
        day: 2,
        status: 'done',
        lead: 'Council',
      },
      {
        heading: 'Schools and education',
        description: 'Letter to headteachers with the Educate Against Hate guidance on talking to pupils',
        day: 1,
        status: 'done',
        lead: 'Council',
      },
      {
        heading: 'Reassurance and high-visibility policing',
        description: 'Extra patrols at mosques for Friday prayers and the first days of Ramadan',
        day: 4,
        status: 'done',
        lead: 'Police',
      },
    ],
    checkIns: [
      { day: 0, level: 3, note: 'Shock and concern across communities; online rumour about a local link' },
      { day: 1, level: 4, note: 'Graffiti at a mosque in Highfields; hate incidents reported to police' },
      { day: 2, level: 4, note: 'Vigil well attended; anxiety among Muslim families about reprisals' },
      { day: 4, level: 3, note: 'No further incidents; Friday prayers passed calmly with patrols' },
      { day: 7, level: 2, note: 'Sentiment settling; schools report pupils’ questions handled in class' },
    ],
    doneUpToDay: 7,
    closing: {
      summary:
        'Partners delivered every activity of the plan: a joint statement on day 0, a city-centre vigil on day 2, ' +
        'patrols at places of worship through the first week of Ramadan and guidance to every school. Tension peaked at ' +
        'level 4 (High) on days 1 and 2 after graffiti at a mosque and fell to level 2 by day 7. The London Bridge ' +
        'attack on 3 June started a second plan before this one ended: the two were run together from that day.',
    },
  },
  {
    activities: [
      {
        heading: 'Engagement with affected communities',
        description: 'Prevent Community Forum: questions from the community after the second attack',
        day: 4,
        status: 'done',
        lead: 'Police',
      },
      {
        heading: 'Online',
        description: 'Report far-right posts calling for protests outside mosques',
        day: 1,
        status: 'under_way',
      },
    ],
    checkIns: [
      { day: 0, level: 4, note: 'Second attack in two weeks; fear of a backlash among Muslim communities' },
      { day: 1, level: 4, note: 'Protest planned by a far-right group for the weekend' },
      { day: 3, level: 3, note: 'Protest small and peaceful; counter-event with faith leaders larger' },
    ],
    doneUpToDay: 3,
    extension: { days: 7, reason: 'The Finsbury Park attack on 19 June raised tension again in Muslim communities' },
  },
];
