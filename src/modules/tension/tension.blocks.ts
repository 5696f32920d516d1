import { formatDate, isoDate } from '../../views/filters.ts';
import { formSchema } from '../../views/forms.ts';
import {
  blockPeriod,
  periodWords,
  PERIOD_SETTINGS,
  type BlockContent,
  type BlockPart,
  type BlockPeriod,
  type LiveBlock,
} from '../../reports/paper.ts';
import type { Queryable } from '../../db/client.ts';
import { listAreas } from '../partnership/index.ts';
import { checkReadTensionReports } from './tension.policy.ts';
import { incidentSummaries, incidentsVisibleTo, latestLevels, tensionReaderGroupIds } from './tension.reads.ts';
import { audit } from './tension.service.ts';
import { tensionLevel } from './tension.words.ts';

/*
 * The tension block of a board paper: each area's latest tension level with its meaning, and the
 * incidents recorded in the period. Tension reports and incidents are OFFICIAL-SENSITIVE, so a
 * block showing any is marked so, and taking it into a paper is recorded as a read of them.
 * Someone who may not read tension reports is refused the block; incidents they may not see
 * (not named on a group of theirs) are left out, never mentioned.
 */

const Settings = formSchema({ ...PERIOD_SETTINGS });

const SOURCE = 'Community tension reports and incidents recorded in the Hub';

async function levelsByArea(db: Queryable) {
  const [levels, areas] = await Promise.all([latestLevels(db), listAreas(db)]);
  const name = new Map(areas.map((a) => [a.id, a.name]));
  return levels
    .map((l) => ({ ...l, area: name.get(l.areaId) ?? '', words: tensionLevel(l.level) }))
    .sort((a, b) => b.level - a.level || a.area.localeCompare(b.area));
}

type AreaLevel = Awaited<ReturnType<typeof levelsByArea>>[number];

function levelParts(levels: AreaLevel[]): BlockPart[] {
  if (!levels.length) return [{ kind: 'sentence', text: 'No area has reported a tension level yet.' }];
  const highest = levels[0]!;
  const alike = levels.filter((l) => l.level === highest.level).map((l) => l.area);
  const areas = alike.length > 1 ? `${alike.slice(0, -1).join(', ')} and ${alike.at(-1)}` : alike[0];
  return [
    {
      kind: 'sentence',
      text:
        `Tension has been reported in ${levels.length} ${levels.length === 1 ? 'area' : 'areas'}. ` +
        `The highest latest level is ${highest.level} (${highest.words?.word ?? ''}) in ${areas}: ${highest.words?.meaning ?? ''}`,
    },
    {
      kind: 'table',
      caption: 'Latest tension level by area',
      head: ['Area', 'Level', 'Meaning', 'Reporting period'],
      rows: levels.map((l) => [
        l.area,
        `${l.level} ${l.words?.word ?? ''}`.trim(),
        l.words?.meaning ?? '',
        l.periodStart === l.periodEnd
          ? formatDate(l.periodStart)
          : `${formatDate(l.periodStart)} to ${formatDate(l.periodEnd)}`,
      ]),
    },
  ];
}

/** The incidents in the period the user may see, with their areas. */
async function incidentsIn(db: Queryable, user: Parameters<typeof incidentsVisibleTo>[1], period: BlockPeriod) {
  const visible = (await incidentsVisibleTo(db, user)).filter(
    (i) => i.occurredOn >= period.from && i.occurredOn <= period.to,
  );
  return incidentSummaries(
    db,
    visible.map((i) => i.id),
  );
}

function incidentParts(incidents: Awaited<ReturnType<typeof incidentSummaries>>, period: BlockPeriod): BlockPart[] {
  const count = incidents.length;
  const words = periodWords(period);
  if (!count) return [{ kind: 'sentence', text: `No incidents were recorded from ${words}.` }];
  return [
    {
      kind: 'sentence',
      text: `${count} ${count === 1 ? 'incident was' : 'incidents were'} recorded from ${words}.`,
    },
    {
      kind: 'list',
      items: incidents.map((i) => {
        const areas = i.areas.map((a) => a.name).join(', ');
        return `${i.title}, ${formatDate(i.occurredOn)}${areas ? ` (${areas})` : ''}`;
      }),
    },
  ];
}

export const tensionBlock: LiveBlock<typeof Settings> = {
  key: 'tension',
  title: 'Community tension and incidents',
  description: 'Each area’s latest tension level and its meaning, and the incidents recorded in the period.',
  settings: Settings,
  async build(ctx, settings): Promise<BlockContent> {
    checkReadTensionReports(ctx.user, await tensionReaderGroupIds(ctx.db));
    const period = blockPeriod(ctx, settings);
    const [levels, incidents] = await Promise.all([levelsByArea(ctx.db), incidentsIn(ctx.db, ctx.user, period)]);
    await audit(ctx.db, ctx.user, 'tension_reports.viewed', 'meeting_paper', ctx.meeting.id, {
      ...period,
      incidentIds: incidents.map((i) => i.id),
    });
    return {
      key: 'tension',
      heading: 'Community tension',
      source: SOURCE,
      asAt: isoDate(ctx.asAt),
      marking: levels.length || incidents.length ? 'OFFICIAL-SENSITIVE' : 'OFFICIAL',
      parts: [...levelParts(levels), ...incidentParts(incidents, period)],
    };
  },
};
