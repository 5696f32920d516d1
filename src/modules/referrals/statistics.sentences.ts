/*
 * Sentences a board paper can quote, in the words Prevent boards use (seed 004 §3, §7):
 *   "Prevent referrals have risen by 20% to 7,318 in 2017/18 (including a 36% rise in extreme
 *    right-wing referrals)"
 *   "Leicestershire referrals account for 41% of the total for Leicester, Leicestershire and
 *    Rutland in 2018/19 (previously 20%)"
 *   "The largest share of referrals comes from the education sector (roughly 1/3)"
 * Pure functions: the statistics page builds them from figures it shows, never from hidden ones.
 */

const count = (n: number) => n.toLocaleString('en-GB');

/** A change as a whole percentage (sentences) or to one decimal place (tables). */
export const percent = (n: number, places = 0) => `${n.toFixed(places)}%`;

/** The change from `before` to `after` in percent; null when there is nothing to divide by. */
export function percentChange(before: number, after: number): number | null {
  return before > 0 ? ((after - before) / before) * 100 : null;
}

/** "+20.1% on 2016/17", as the tables print a year-on-year change. */
export function changeOn(change: number, earlierLabel: string): string {
  return `${change > 0 ? '+' : ''}${percent(change, 1)} on ${earlierLabel}`;
}

export interface RiseInput {
  /** "Prevent referrals". */
  what: string;
  periodLabel: string;
  value: number;
  change: number;
  /** The category that rose most, as a board paper mentions it alongside. */
  including?: { words: string; change: number };
}

/** "Prevent referrals have risen by 20% to 7,318 in 2017/18 (including a 36% rise in …)". */
export function riseSentence(input: RiseInput): string {
  const rounded = Math.round(input.change);
  const movement =
    rounded === 0
      ? `have stayed at ${count(input.value)}`
      : `have ${rounded > 0 ? 'risen' : 'fallen'} by ${percent(Math.abs(rounded))} to ${count(input.value)}`;
  const including =
    input.including && Math.round(input.including.change) !== 0
      ? ` (including a ${percent(Math.abs(Math.round(input.including.change)))} ${input.including.change > 0 ? 'rise' : 'fall'} in ${input.including.words} referrals)`
      : '';
  return `${input.what} ${movement} in ${input.periodLabel}${including}`;
}

export interface ShareInput {
  /** "Leicestershire". */
  part: string;
  /** "Leicester, Leicestershire and Rutland". */
  whole: string;
  periodLabel: string;
  share: number;
  previous?: { share: number };
}

/** "Leicestershire referrals account for 41% of the total for … in 2018/19 (previously 20%)". */
export function shareSentence(input: ShareInput): string {
  const previously = input.previous ? ` (previously ${percent(Math.round(input.previous.share))})` : '';
  return `${input.part} referrals account for ${percent(Math.round(input.share))} of the total for ${input.whole} in ${input.periodLabel}${previously}`;
}

/**
 * The nearest simple fraction a board paper would say: "1/3", "2/5", "1/2"; past fifths only
 * "1/9" or "9/10", as nobody says "3/7".
 */
export function roughFraction(share: number): string {
  let best = { text: '1/2', error: Infinity };
  for (let denominator = 2; denominator <= 10; denominator++)
    for (const numerator of denominator <= 5 ? [1, 2, 3, 4].filter((n) => n < denominator) : [1, denominator - 1]) {
      const error = Math.abs(share / 100 - numerator / denominator);
      if (error < best.error - 1e-9) best = { text: `${numerator}/${denominator}`, error };
    }
  return best.text;
}

export interface LargestShareInput {
  /** "the education sector". */
  source: string;
  share: number;
  periodLabel: string;
}

/**
 * "The largest share of referrals comes from the education sector (roughly 1/3, 33.3% in 2017/18)".
 * "The majority" only when it is more than half: a third is the largest share, not a majority.
 */
export function largestShareSentence(input: LargestShareInput): string {
  const opening = input.share > 50 ? 'The majority of referrals come' : 'The largest share of referrals comes';
  return `${opening} from ${input.source} (roughly ${roughFraction(input.share)}, ${percent(input.share, 1)} in ${input.periodLabel})`;
}
