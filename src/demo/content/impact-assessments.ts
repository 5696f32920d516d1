// The demo's Community Impact Assessment: the Manchester Arena attack as Leicester, Leicestershire and Rutland
// assessed it, with two reviews. The perceptions echo the board paper (seed 002 §16).

export const DEMO_ASSESSMENT = {
  incidentTitle: 'Manchester Arena attack',
  communitiesAffected: 'Muslim communities in Highfields and Spinney Hills; young people who attend concerts',
  perceptions:
    'Fear of reprisals against Muslim communities; a sense that less value is placed on attacks against BME communities.',
  risks: 'Hate incidents against mosques and visibly Muslim women; a drop in attendance at faith settings.',
  actions: [
    {
      description: 'High-visibility reassurance patrols around mosques',
      organisation: 'Leicestershire Police',
      dueDays: 7,
    },
    { description: 'Multi-faith vigil at the Clock Tower', organisation: 'Leicester City Council', dueDays: 3 },
    { description: 'Letter to schools on talking with pupils about the attack', organisation: null, dueDays: 10 },
  ],
  reviews: [
    {
      afterDays: 7,
      whatChanged: 'Vigil held; patrols continue; online rumours of a second attack noted.',
      perceptions:
        'Reprisal fears easing after the vigil; online rumours of a second attack circulating among young people.',
      done: [1],
      added: {
        description: 'Rumour rebuttal through community radio and social media',
        organisation: null,
        dueDays: 14,
      },
    },
    {
      afterDays: 21,
      whatChanged: 'Patrols stood down; letter to schools withdrawn in favour of the council’s own guidance.',
      perceptions: 'Confidence returning; attendance at faith settings back to usual.',
      done: [0, 3],
      withdrawn: [2],
    },
  ],
} as const;
