import { ForbiddenError, NotFoundError } from '../../errors.ts';
import type { BlockChoice, BlockContent, BlockContext, BlockPart, LiveBlock } from '../../reports/paper.ts';
import { barChart } from '../../views/charts.ts';
import { field, formSchema } from '../../views/forms.ts';
import { isoDate } from '../../views/filters.ts';
import { geographyKindLabel, periodYearBefore, type Period } from './categories.ts';
import { auditRegister, registerAccessOf } from './register.access.ts';
import { hasRegisterAccess } from './register.policy.ts';
import { figureKey, keyOf, type Figure } from './statistics.publication.ts';
import { changeOn, largestShareSentence, percent, percentChange, riseSentence } from './statistics.sentences.ts';
import { REGISTER_GEOGRAPHY, figureCategoryLabel, statisticsData, type StatisticsData } from './statistics.service.ts';
import { SUPPRESSED } from './suppression.ts';

/*
 * Referral figures for a board paper (seed 004 §7): a geography's referrals in a period, the change
 * on the year before and the largest share in words, a table of years and of sectors, and a bar
 * chart. A paper travels beyond the register's need-to-know, so every figure is suppressed as the
 * statistics page's downloads are, whoever writes it; figures counted from the register itself are
 * for its need-to-know to put in a paper at all, and make the paper OFFICIAL-SENSITIVE.
 */

const ReferralSettings = formSchema({
  geography: field.text('Geography', 'Select a geography from the list', 300),
  period: field.text('Period', 'Select a period from the list', 40),
});

type Place = Pick<Figure, 'source' | 'geographyKind' | 'geography'>;

/** Years the table and chart show, up to and including the one chosen. */
const YEARS_SHOWN = 5;
const PUBLISHED_SOURCE = 'Home Office, Individuals referred to and supported through the Prevent Programme';
const REGISTER_SOURCE = 'the partnership’s referral register, counted by the Hub';
const REGISTER_REFUSAL =
  'Referral figures counted from the register are open only to the Channel panel and the people an administrator names';

const samePlace = (a: Place, b: Place) =>
  a.source === b.source && a.geographyKind === b.geographyKind && a.geography === b.geography;

/** A figure as a paper may print it: the number, or [c] where suppression hides it. */
interface Shown {
  value: number | null;
  text: string;
  figure?: Figure;
}

/**
 * Every figure by its key, made once per loaded statistics (they are kept until the data changes):
 * keying tens of thousands of figures for each paper built was most of the block's time.
 */
const keyedFigures = new WeakMap<StatisticsData, Map<string, Figure>>();
function figuresByKey(data: StatisticsData): Map<string, Figure> {
  let byKey = keyedFigures.get(data);
  if (!byKey) keyedFigures.set(data, (byKey = new Map(data.figures.map((f) => [keyOf(f), f]))));
  return byKey;
}

function readerFor(data: StatisticsData, place: Place) {
  const byKey = figuresByKey(data);
  return (period: Period, breakdown: string | null = null, category: string | null = null): Shown => {
    const key = figureKey(place, { measure: 'referred', breakdown, category }, period.label);
    const figure = byKey.get(key);
    if (!figure) return { value: null, text: 'no figure' };
    if (data.hidden.has(key)) return { value: null, text: SUPPRESSED, figure };
    return { value: figure.value, text: figure.value.toLocaleString('en-GB'), figure };
  };
}
type Reader = ReturnType<typeof readerFor>;

/** The place a setting names: a published geography, or the register's own (need-to-know only). */
async function placeOf(ctx: BlockContext, data: StatisticsData, value: string): Promise<Place> {
  if (value === `register|${data.partnership}`) {
    if (!hasRegisterAccess(await registerAccessOf(ctx.db, ctx.user))) throw new ForbiddenError(REGISTER_REFUSAL);
    await auditRegister(ctx.db, 'referral_register.viewed', {
      user: ctx.user,
      detail: { page: 'board paper', meetingId: ctx.meeting.id },
    });
    return { source: 'register', geographyKind: REGISTER_GEOGRAPHY, geography: data.partnership };
  }
  const geography = data.geographies.find((g) => `${g.kind}|${g.name}` === value);
  if (!geography) throw new NotFoundError('referral figures for that geography');
  return { source: 'published', geographyKind: geography.kind, geography: geography.name };
}

/** The place's total for the chosen period, as a period the categories module can step back from. */
function periodOf(data: StatisticsData, place: Place, label: string): Period {
  const total = data.figures.find(
    (f) => samePlace(f, place) && f.measure === 'referred' && f.breakdown === null && f.periodLabel === label,
  );
  if (!total) throw new NotFoundError(`referral figure for ${place.geography} in ${label}`);
  return { kind: total.periodKind, label: total.periodLabel, start: total.periodStart, end: '' };
}

/** The change on a year before, only between two shown and comparable figures. */
function changeFrom(read: Reader, period: Period, breakdown: string | null = null, category: string | null = null) {
  const now = read(period, breakdown, category);
  const then = read(periodYearBefore(period), breakdown, category);
  if (now.value === null || then.value === null || now.figure?.notComparable) return null;
  return percentChange(then.value, now.value);
}

const categoriesOf = (data: StatisticsData, place: Place, breakdown: string, period: Period) => [
  ...new Set(
    data.figures
      .filter((f) => samePlace(f, place) && f.breakdown === breakdown && f.periodLabel === period.label)
      .map((f) => f.category!),
  ),
];

/** "Prevent referrals have risen by 20% to 7,318 in 2017/18 (including …)", or the figure alone. */
function totalSentence(data: StatisticsData, place: Place, read: Reader, period: Period): string {
  const now = read(period);
  const change = changeFrom(read, period);
  if (now.value === null)
    return `The number of Prevent referrals in ${period.label} is not shown (${SUPPRESSED}): it is small enough to point at a person.`;
  if (change === null) return `There were ${now.text} Prevent referrals in ${period.label}.`;
  const rises = categoriesOf(data, place, 'concern', period)
    .map((c) => ({ c, change: changeFrom(read, period, 'concern', c) }))
    .filter((r): r is { c: string; change: number } => r.change !== null && r.change > 0)
    .sort((a, b) => b.change - a.change);
  const including = rises[0] && {
    words: figureCategoryLabel('concern', rises[0].c).toLowerCase(),
    change: rises[0].change,
  };
  return `${riseSentence({ what: 'Prevent referrals', periodLabel: period.label, value: now.value, change, including })}.`;
}

/** Each sector's referrals and share of the total, shown figures only. */
function sectorShares(data: StatisticsData, place: Place, read: Reader, period: Period) {
  const whole = read(period);
  return categoriesOf(data, place, 'sector', period).map((c) => {
    const cell = read(period, 'sector', c);
    const share = cell.value !== null && whole.value ? (cell.value / whole.value) * 100 : null;
    return { label: figureCategoryLabel('sector', c), cell, share };
  });
}

function sectorParts(shares: ReturnType<typeof sectorShares>, period: Period): BlockPart[] {
  if (shares.length === 0) return [];
  const largest = shares.filter((s) => s.share !== null).sort((a, b) => b.share! - a.share!)[0];
  const sentence: BlockPart[] = largest
    ? [
        {
          kind: 'sentence',
          text: `${largestShareSentence({ source: `the ${largest.label.toLowerCase()} sector`, share: largest.share!, periodLabel: period.label })}.`,
        },
      ]
    : [];
  return [
    ...sentence,
    {
      kind: 'table',
      caption: `Referrals by sector of referral, ${period.label}`,
      head: ['Sector of referral', 'Referrals', 'Share'],
      rows: shares.map((s) => [s.label, s.cell.text, s.share === null ? '' : percent(s.share, 1)]),
    },
  ];
}

/** The years up to the chosen one that the place has a figure for, oldest first. */
function yearsUpTo(read: Reader, period: Period): Period[] {
  const years = [period];
  while (years.length < YEARS_SHOWN && read(periodYearBefore(years[0]!)).figure)
    years.unshift(periodYearBefore(years[0]!));
  return years;
}

function yearParts(read: Reader, place: Place, period: Period): BlockPart[] {
  const years = yearsUpTo(read, period);
  const title = `Prevent referrals by ${period.kind === 'quarter' ? 'quarter' : 'year'}: ${place.geography}`;
  const rows = years.map((p) => {
    const change = changeFrom(read, p);
    return [p.label, read(p).text, change === null ? '' : changeOn(change, periodYearBefore(p).label)];
  });
  const shown = years.filter((p) => read(p).value !== null);
  const hidden = years.filter((p) => read(p).value === null).map((p) => p.label);
  const bars = shown.map((p) => ({ label: p.label, value: read(p).value! }));
  const alt = `${title}. ${bars.map((b) => `${b.label}: ${b.value.toLocaleString('en-GB')}`).join('; ')}${hidden.length ? `; not shown (${SUPPRESSED}): ${hidden.join(', ')}` : ''}.`;
  return [
    { kind: 'table', caption: title, head: ['Period', 'Referrals', 'Change on a year before'], rows },
    {
      kind: 'chart',
      caption: title,
      svg: barChart({ kind: 'bar', id: 'paper-referrals', title, category: 'Period', bars }),
      alt,
    },
  ];
}

export const referralsBlock: LiveBlock<typeof ReferralSettings> = {
  key: 'referrals',
  title: 'Referral figures',
  description:
    'Referrals for a geography and period, with the change and the largest share in words, a table and a chart.',
  settings: ReferralSettings,
  async choices(ctx): Promise<Partial<Record<string, BlockChoice[]>>> {
    const data = await statisticsData(ctx.db);
    const geography: BlockChoice[] = data.geographies.map((g) => ({
      value: `${g.kind}|${g.name}`,
      text: `${g.name} (${geographyKindLabel(g.kind).toLowerCase()})`,
    }));
    if (data.registerCount > 0 && hasRegisterAccess(await registerAccessOf(ctx.db, ctx.user)))
      geography.push({
        value: `register|${data.partnership}`,
        text: `${data.partnership} (counted from the register)`,
      });
    const periods = data.figures
      .filter((f) => f.measure === 'referred' && f.breakdown === null)
      .sort((a, b) => b.periodStart.localeCompare(a.periodStart) || a.periodKind.localeCompare(b.periodKind));
    const period = [...new Set(periods.map((f) => f.periodLabel))].map((label) => ({ value: label, text: label }));
    return { geography, period };
  },
  async build(ctx, settings): Promise<BlockContent> {
    const data = await statisticsData(ctx.db);
    const place = await placeOf(ctx, data, settings.geography);
    const period = periodOf(data, place, settings.period);
    const read = readerFor(data, place);
    const register = place.source === 'register';
    return {
      key: 'referrals',
      heading: `Prevent referrals: ${place.geography}`,
      source: register ? REGISTER_SOURCE : PUBLISHED_SOURCE,
      asAt: isoDate(ctx.asAt),
      marking: register ? 'OFFICIAL-SENSITIVE' : 'OFFICIAL',
      parts: [
        { kind: 'sentence', text: totalSentence(data, place, read, period) },
        ...sectorParts(sectorShares(data, place, read, period), period),
        ...yearParts(read, place, period),
      ],
    };
  },
};
