import { formatDate } from '../../views/filters.ts';
import type { PlotIdeology, ThreatLevel, ThreatScope } from './threat-level.tables.ts';

/*
 * The words a board paper quotes: what each level means, and the sentences built from the records.
 * MI5 reworded two meanings when the level came to cover all forms of terrorism on 23 July 2019,
 * so the wording shown is the one in force on the day asked about.
 */

/** The day the level first covered all forms of terrorism and SUBSTANTIAL and CRITICAL were reworded. */
export const ALL_FORMS_FROM = '2019-07-23';
/** The first published level: there is no national level to show before it. */
export const FIRST_PUBLISHED = '2006-08-01';

const MEANINGS: Record<ThreatLevel, string> = {
  LOW: 'an attack is highly unlikely',
  MODERATE: 'an attack is possible but not likely',
  SUBSTANTIAL: 'an attack is likely',
  SEVERE: 'an attack is highly likely',
  CRITICAL: 'an attack is highly likely in the near future',
};
// LOW too read differently before ("an attack is unlikely", as councils and the press quoted MI5 in 2017).
const MEANINGS_BEFORE_ALL_FORMS: Partial<Record<ThreatLevel, string>> = {
  LOW: 'an attack is unlikely',
  SUBSTANTIAL: 'an attack is a strong possibility',
  CRITICAL: 'an attack is expected imminently',
};

export const meaningOn = (level: ThreatLevel, day: string): string =>
  (day < ALL_FORMS_FROM ? MEANINGS_BEFORE_ALL_FORMS[level] : undefined) ?? MEANINGS[level];

export const SCOPE_LABELS: Record<ThreatScope, string> = {
  international_terrorism: 'International terrorism',
  all_forms_of_terrorism: 'All forms of terrorism',
};

/**
 * "The national threat level is SEVERE, meaning an attack is highly likely." for today, or
 * "On 23 May 2017 the national threat level for international terrorism was CRITICAL, meaning an
 * attack was expected imminently." for a day gone by. The scope is named only while it was narrower.
 */
export function threatLevelSentence(level: ThreatLevel, scope: ThreatScope, day: string, today: string): string {
  const forScope = scope === 'international_terrorism' ? ' for international terrorism' : '';
  const meaning = meaningOn(level, day);
  if (day === today) return `The national threat level${forScope} is ${level}, meaning ${meaning}.`;
  const past = meaning.replace(/^an attack is /, 'an attack was ');
  return `On ${formatDate(day)} the national threat level${forScope} was ${level}, meaning ${past}.`;
}

export const IDEOLOGY_LABELS: Record<PlotIdeology, string> = {
  islamist: 'Islamist',
  extreme_right_wing: 'Extreme right-wing',
  left_wing_anarchist_single_issue: 'Left wing, anarchist or single issue',
  other: 'Other',
};
const INSPIRED: Record<PlotIdeology, string> = {
  islamist: 'Islamist-inspired',
  extreme_right_wing: 'extreme right-wing-inspired',
  left_wing_anarchist_single_issue: 'left wing, anarchist or single issue-inspired',
  other: 'other',
};

/**
 * "19 late-stage attack plots were disrupted in the past 2 years (14 Islamist-inspired, 5 extreme
 * right-wing-inspired)": the total of a period and its breakdown, ideologies with none left out.
 */
export function disruptedPlotsSentence(period: string, counts: { ideology: PlotIdeology; plots: number }[]): string {
  const total = counts.reduce((sum, c) => sum + c.plots, 0);
  const parts = counts.filter((c) => c.plots > 0).map((c) => `${c.plots} ${INSPIRED[c.ideology]}`);
  const noun = total === 1 ? 'late-stage attack plot was' : 'late-stage attack plots were';
  return `${total} ${noun} disrupted in ${period}${parts.length ? ` (${parts.join(', ')})` : ''}`;
}
