import type { BlockContent, BlockContext, BlockPart, LiveBlock } from '../../reports/paper.ts';
import { field, formSchema } from '../../views/forms.ts';
import { formatDate, isoDate, label } from '../../views/filters.ts';
import { eventEngagementEntries, periodFrom, summariseEngagement, type EngagementLog } from './engagement.service.ts';

/*
 * Events and engagement in a period for a board paper: whom the partnership's events reached and,
 * as reviews of engagement keep asking, whom they did not. The engagement log page
 * (src/pages/engagement.page.ts) also gathers project deliveries and training sessions; a block
 * lives in one module, so this one covers events, and those come from their own modules' blocks.
 * Events held (never drafts) are OFFICIAL and open to every signed-in user, as the log is.
 */

const EngagementSettings = formSchema({
  from: field.optionalDate('From', 'Enter the start of the period as a real date, for example 1/4/2018'),
  to: field.optionalDate('To', 'Enter the end of the period as a real date, for example 31/3/2019'),
});

/** Without dates: the twelve months to the meeting, or to the as-at date if the meeting is still to come. */
function periodOf(ctx: BlockContext, settings: { from?: string; to?: string }) {
  const end = ctx.meeting.startsAt < ctx.asAt ? ctx.meeting.startsAt : ctx.asAt;
  return periodFrom({ from: settings.from, to: settings.to ?? isoDate(end) }, end);
}

const listed = (words: string[]) =>
  words.length > 1 ? `${words.slice(0, -1).join(', ')} and ${words.at(-1)}` : (words[0] ?? '');
const audienceWords = (codes: string[]) => listed(codes.map((code) => label(code).toLowerCase()));

function summarySentences(log: EngagementLog): string[] {
  const between = `between ${formatDate(log.from)} and ${formatDate(log.to)}`;
  if (log.entries.length === 0) return [`No events were held ${between}.`];
  const events = log.entries.length === 1 ? '1 event was' : `${log.entries.length} events were`;
  const reached = log.audiences.filter((a) => a.held > 0).map((a) => a.audience);
  return [
    `${events} held ${between}, with ${log.totalAttendance.toLocaleString('en-GB')} people attending.`,
    ...(reached.length ? [`They reached ${audienceWords(reached)}.`] : []),
    log.notReached.length
      ? `No event reached ${audienceWords(log.notReached)}.`
      : 'Every audience the Hub records was reached by at least one event.',
  ];
}

function tables(log: EngagementLog): BlockPart[] {
  const audiences: BlockPart = {
    kind: 'table',
    caption: 'Audiences reached by events',
    head: ['Audience', 'Events', 'Attendance'],
    rows: log.audiences.map((a) =>
      a.held
        ? [label(a.audience), String(a.held), a.attendance.toLocaleString('en-GB')]
        : [label(a.audience), 'Not reached', ''],
    ),
  };
  if (log.entries.length === 0) return [audiences];
  const held: BlockPart = {
    kind: 'table',
    caption: 'Events held',
    head: ['Date', 'Event', 'Audiences', 'Attendance'],
    rows: log.entries.map((e) => [
      formatDate(e.heldOn),
      e.title,
      e.audiences.map((a) => label(a)).join(', '),
      e.attendance === null ? '' : String(e.attendance),
    ]),
  };
  return [audiences, held];
}

export const engagementBlock: LiveBlock<typeof EngagementSettings> = {
  key: 'events.engagement',
  title: 'Events and engagement',
  description: 'Events held in a period: the audiences they reached and did not reach, and a table of them.',
  settings: EngagementSettings,
  async build(ctx, settings): Promise<BlockContent> {
    const period = periodOf(ctx, settings);
    const log = summariseEngagement(period, await eventEngagementEntries(ctx.db, period));
    return {
      key: 'events.engagement',
      heading: 'Events and engagement',
      source: 'the partnership’s events recorded in the Hub',
      asAt: isoDate(ctx.asAt),
      marking: 'OFFICIAL',
      parts: [...summarySentences(log).map((text) => ({ kind: 'sentence' as const, text })), ...tables(log)],
    };
  },
};
