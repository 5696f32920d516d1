/*
 * The five-point tension scale as partners read it: each level with its meaning written beside it
 * on the report form, and a GOV.UK tag colour so the grid never relies on colour alone (the word
 * is always shown).
 */
export const TENSION_LEVELS = [
  {
    level: 1,
    word: 'Low',
    meaning: 'Community relations as usual: no indicators beyond the everyday.',
    tag: 'govuk-tag--green',
  },
  {
    level: 2,
    word: 'Moderate',
    meaning: 'Some indicators: isolated incidents or rumours, contained locally.',
    tag: 'govuk-tag--blue',
  },
  {
    level: 3,
    word: 'Elevated',
    meaning: 'Indicators rising: incidents or rumours spreading, concern visible in communities.',
    tag: 'govuk-tag--yellow',
  },
  {
    level: 4,
    word: 'High',
    meaning: 'Significant tension: incidents likely to escalate without a partnership response.',
    tag: 'govuk-tag--orange',
  },
  {
    level: 5,
    word: 'Critical',
    meaning: 'Disorder happening or imminent: an immediate partnership response is needed.',
    tag: 'govuk-tag--red',
  },
] as const;

export type TensionLevel = (typeof TENSION_LEVELS)[number];

/** The level's words; undefined for a number off the scale. */
export const tensionLevel = (level: number): TensionLevel | undefined => TENSION_LEVELS.find((l) => l.level === level);

/** Levels that alert coordinators on their home page at once. */
export const ALERT_FROM_LEVEL = 4;
