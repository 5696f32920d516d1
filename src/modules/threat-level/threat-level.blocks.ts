import { Type } from 'typebox';
import type { BlockContent, BlockContext, BlockPart, LiveBlock } from '../../reports/paper.ts';
import { timelineSvg } from '../../views/charts.ts';
import { field, formSchema } from '../../views/forms.ts';
import { formatDate, isoDate } from '../../views/filters.ts';
import { disruptedPlotsSummaries, threatLevelHistory, threatLevelOn } from './threat-level.reads.ts';
import { FIRST_PUBLISHED } from './threat-level.words.ts';

/*
 * The national threat level as a board paper quotes it (seed 004 §3): the level on the meeting's
 * date and what it means, optionally the disrupted plots and the level over the years before.
 * Everything here is published (MI5, the Home Office): OFFICIAL, for every signed-in user.
 */

const YES_NO = ['yes', 'no'] as const;

const ThreatLevelSettings = formSchema({
  plots: Type.Optional(field.choice('Disrupted attack plots', 'Select whether to add the disrupted plots', YES_NO)),
  timeline: Type.Optional(field.choice('Timeline chart', 'Select whether to add the timeline', YES_NO)),
});

/** Years of history the timeline shows before the day asked about. */
const TIMELINE_YEARS = 5;

/**
 * The day the paper can speak of: the meeting's date once it has come, else the day the figures
 * are taken (nobody knows the level on a day still to come), so the sentence says "is" or "was".
 */
function dayOf(ctx: BlockContext): { day: string; today: string } {
  const today = isoDate(ctx.asAt);
  const meetingDay = isoDate(ctx.meeting.startsAt);
  return { day: meetingDay < today ? meetingDay : today, today };
}

const yearsBefore = (day: string, years: number) => `${Number(day.slice(0, 4)) - years}${day.slice(4)}`;

/** The level's periods over the years before `day`, as bands; corrected records are left out. */
async function timelinePart(ctx: BlockContext, day: string): Promise<BlockPart> {
  const history = (await threatLevelHistory(ctx.db)).filter((r) => r.correctedAt === null && r.inForceFrom <= day);
  const earliest = yearsBefore(day, TIMELINE_YEARS);
  const from = earliest < FIRST_PUBLISHED ? FIRST_PUBLISHED : earliest;
  const periods: { level: string; from: string }[] = [];
  for (const row of history)
    if (periods.at(-1)?.level !== row.level) periods.push({ level: row.level, from: row.inForceFrom });
  const shown = periods
    .map((p, i) => ({ ...p, to: periods[i + 1]?.from ?? null }))
    .filter((p) => p.to === null || p.to > from);
  const title = `The national threat level, ${formatDate(from)} to ${formatDate(day)}`;
  const description = 'Each band is a period the level was in force, the level written beside it.';
  const spans = shown.map((p) => ({
    label: `From ${formatDate(p.from < from ? from : p.from)}`,
    start: p.from < from ? from : p.from,
    end: p.to,
    level: p.level,
  }));
  const svg = timelineSvg({ id: 'paper-threat-level-timeline', title, description, from, to: day, spans });
  const alt = `${title}. ${spans.map((s) => `${s.label}: ${s.level}`).join('; ')}.`;
  return { kind: 'chart', caption: title, svg, alt };
}

/** The latest disrupted-plots figures published by `day`: their sentence, and who published them. */
async function plots(ctx: BlockContext, day: string): Promise<{ part: BlockPart; sources: string[] } | null> {
  const summaries = await disruptedPlotsSummaries(ctx.db);
  const latest = summaries.find((s) => s.publishedOn === null || s.publishedOn <= day);
  return latest ? { part: { kind: 'sentence', text: `${latest.sentence}.` }, sources: latest.sources } : null;
}

export const threatLevelBlock: LiveBlock<typeof ThreatLevelSettings> = {
  key: 'threat-level',
  title: 'Threat level',
  description: 'The national threat level on the meeting date and what it means; the disrupted plots if you wish.',
  settings: ThreatLevelSettings,
  async build(ctx, settings): Promise<BlockContent> {
    const { day, today } = dayOf(ctx);
    const level = await threatLevelOn(ctx.db, day, today);
    const parts: BlockPart[] = [
      {
        kind: 'sentence',
        text: level?.sentence ?? `No national threat level was published before ${formatDate(FIRST_PUBLISHED)}.`,
      },
    ];
    const disrupted = settings.plots === 'yes' ? await plots(ctx, day) : null;
    if (disrupted) parts.push(disrupted.part);
    if (settings.timeline === 'yes' && day > FIRST_PUBLISHED) parts.push(await timelinePart(ctx, day));
    return {
      key: 'threat-level',
      heading: 'National threat level',
      source: [
        level?.toConfirm
          ? 'MI5, threat levels (this level is from news coverage and not yet checked against MI5’s page)'
          : 'MI5, threat levels',
        ...(disrupted?.sources ?? []),
      ].join('; '),
      asAt: day,
      marking: 'OFFICIAL',
      parts,
    };
  },
};
