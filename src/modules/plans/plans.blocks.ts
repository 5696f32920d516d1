import type { BlockChoice, BlockContent, BlockContext, BlockPart, LiveBlock } from '../../reports/paper.ts';
import { stackedBarChart, type StackedChartSpec } from '../../views/charts.ts';
import { field, formSchema } from '../../views/forms.ts';
import { formatDate, isoDate, label } from '../../views/filters.ts';
import { youSaidWeDid } from './consultation.service.ts';
import { RAG_COLOURS, RAG_RATINGS, RAG_RULE, isOverdue } from './plans.rag.ts';
import { freezeActions, getPlan, listPlanActions, listPlans, type Plan, type PlanAction } from './plans.service.ts';
import { planSuggestions, STRANDS } from './plans.tables.ts';
import { getSnapshot, listSnapshots, movedAndSlipped } from './snapshots.service.ts';
import type { ChangedAction } from './versions.ts';

/*
 * A delivery plan in a board paper (seed 001: "Appendix B – PVE Action Plan"; seed 004's progress
 * report): its progress by strand, what is overdue and what changed since the last snapshot; the
 * plan itself as an appendix; and a consultation's "you said, we did". Plans and their
 * consultations are OFFICIAL and open to every signed-in user (getPlan), so nothing here is refused
 * for who asks; a plan that is no longer in the Hub is a NotFoundError, as on its page.
 */

const PlanSettings = formSchema({ plan: field.id('Plan', 'Select a plan from the list') });
const ConsultationSettings = formSchema({
  consultation: field.id('Consultation', 'Select a consultation from the list'),
});

const SOURCE = 'the partnership’s delivery plan in the Hub';

async function planChoices(ctx: BlockContext): Promise<BlockChoice[]> {
  return (await listPlans(ctx.db)).map((p) => ({ value: String(p.id), text: `${p.title} (${label(p.status)})` }));
}

const count = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** RAG ratings by strand: the chart and its table from one spec, so they cannot disagree. */
function ragByStrand(plan: Plan, actions: PlanAction[]): BlockPart[] {
  const strands = STRANDS.filter((s) => actions.some((a) => a.strand === s));
  const spec: StackedChartSpec = {
    kind: 'stacked',
    id: `paper-plan-${plan.id}-rag`,
    title: `RAG rating by strand: ${plan.title}`,
    category: 'Strand',
    series: RAG_RATINGS.map((rag) => ({ label: label(rag), colour: RAG_COLOURS[rag] })),
    rows: strands.map((s) => ({
      label: label(s),
      values: RAG_RATINGS.map((rag) => actions.filter((a) => a.strand === s && a.rag === rag).length),
    })),
  };
  const rows = spec.rows.map((r) => [r.label, ...r.values.map(String), String(r.values.reduce((a, b) => a + b, 0))]);
  const alt = `${spec.title}. ${spec.rows.map((r) => `${r.label}: ${RAG_RATINGS.map((rag, i) => `${r.values[i]} ${label(rag).toLowerCase()}`).join(', ')}`).join('; ')}.`;
  return [
    { kind: 'table', caption: spec.title, head: [spec.category, ...spec.series.map((s) => s.label), 'Total'], rows },
    { kind: 'chart', caption: spec.title, svg: stackedBarChart(spec), alt },
  ];
}

/** "Of the plan's 12 actions, 3 are complete, 6 green, 2 amber and 1 red." */
function ragSentence(actions: PlanAction[]): string {
  const of = (rag: string) => actions.filter((a) => a.rag === rag).length;
  return `Of the plan’s ${count(actions.length, 'action')}, ${of('complete')} ${of('complete') === 1 ? 'is' : 'are'} complete, ${of('green')} green, ${of('amber')} amber and ${of('red')} red.`;
}

const actionLine = (a: { reference: string; title: string }) => `${a.reference} ${a.title}`;

function overdueParts(actions: PlanAction[], today: string): BlockPart[] {
  const overdue = actions.filter((a) => isOverdue(a, today));
  if (overdue.length === 0) return [{ kind: 'sentence', text: 'No action is overdue.' }];
  return [
    { kind: 'sentence', text: `${count(overdue.length, 'action is', 'actions are')} overdue:` },
    {
      kind: 'list',
      items: overdue.map(
        (a) =>
          `${actionLine(a)} (due ${formatDate(a.dueOn)}${a.leadOrganisationName ? `, ${a.leadOrganisationName}` : ''})`,
      ),
    },
  ];
}

const changedLine = (c: ChangedAction) =>
  `${actionLine(c.after)}: ${label(c.before.rag)} to ${label(c.after.rag)}${c.dueLater ? `, due date moved from ${formatDate(c.before.dueOn)} to ${c.after.dueOn ? formatDate(c.after.dueOn) : 'none'}` : ''}`;

/** What moved and what slipped since the latest snapshot taken by the as-at moment. */
async function changeParts(ctx: BlockContext, plan: Plan, actions: PlanAction[]): Promise<BlockPart[]> {
  const latest = (await listSnapshots(ctx.db, plan.id)).find((s) => s.takenAt <= ctx.asAt);
  if (!latest)
    return [
      { kind: 'sentence', text: 'No snapshot of the plan has been taken yet, so no changes since one are shown.' },
    ];
  const snapshot = await getSnapshot(ctx.db, plan.id, latest.id);
  const change = movedAndSlipped(snapshot.actions, freezeActions(actions));
  const sentence = `Since the snapshot “${snapshot.label}” of ${formatDate(snapshot.takenAt)}, ${count(change.moved.length, 'action has', 'actions have')} moved on, ${count(change.slipped.length, 'has', 'have')} slipped, ${count(change.added.length, 'was', 'were')} added and ${count(change.withdrawn.length, 'was', 'were')} withdrawn.`;
  const items = [
    ...change.moved.map((c) => `Moved: ${changedLine(c)}`),
    ...change.slipped.map((c) => `Slipped: ${changedLine(c)}`),
    ...change.added.map((a) => `Added: ${actionLine(a)}`),
    ...change.withdrawn.map((a) => `Withdrawn: ${actionLine(a)}`),
  ];
  return [{ kind: 'sentence', text: sentence }, ...(items.length ? [{ kind: 'list' as const, items }] : [])];
}

/** The plan a block names and its current actions, rated as at the paper's date. */
async function planAsAt(ctx: BlockContext, settings: { plan: number }) {
  const plan = await getPlan(ctx.db, Number(settings.plan));
  const today = isoDate(ctx.asAt);
  return { plan, today, actions: await listPlanActions(ctx.db, { planId: plan.id }, today) };
}

/** What both plan blocks share: the setting, its choices, and where the figures come from. */
const planBlockBase = {
  settings: PlanSettings,
  async choices(ctx: BlockContext) {
    return { plan: await planChoices(ctx) };
  },
};

export const planProgressBlock: LiveBlock<typeof PlanSettings> = {
  key: 'plans',
  title: 'Delivery plan progress',
  description:
    'A plan’s RAG ratings by strand (table and chart), its overdue actions and what changed since the last snapshot.',
  ...planBlockBase,
  async build(ctx, settings): Promise<BlockContent> {
    const { plan, today, actions } = await planAsAt(ctx, settings);
    return {
      key: 'plans',
      heading: `Progress on the ${plan.title}`,
      source: SOURCE,
      asAt: today,
      marking: 'OFFICIAL',
      parts: [
        { kind: 'sentence', text: ragSentence(actions) },
        ...ragByStrand(plan, actions),
        ...overdueParts(actions, today),
        ...(await changeParts(ctx, plan, actions)),
      ],
    };
  },
};

/**
 * Today's "Appendix B" columns, each with how an action fills it (export.docx.ts prints the same
 * plan as a document of its own).
 */
const APPENDIX_COLUMNS: [string, (a: PlanAction) => string][] = [
  ['Ref', (a) => a.reference],
  ['Action', (a) => (a.description ? `${a.title}\n${a.description}` : a.title)],
  ['Strand', (a) => label(a.strand)],
  ['Lead', (a) => [a.leadOrganisationName, a.leadPersonName].filter(Boolean).join(', ')],
  ['Partners', (a) => a.partnerNames.join(', ')],
  ['Start', (a) => formatDate(a.startOn)],
  ['Due', (a) => formatDate(a.dueOn)],
  ['RAG', (a) => label(a.rag)],
  ['Latest update', (a) => a.latestUpdate ?? ''],
];

export const planAppendixBlock: LiveBlock<typeof PlanSettings> = {
  key: 'plans.appendix',
  title: 'Delivery plan (appendix)',
  description:
    'The plan itself as an appendix table: every current action with its lead, dates, RAG rating and latest update.',
  ...planBlockBase,
  async build(ctx, settings): Promise<BlockContent> {
    const { plan, today, actions } = await planAsAt(ctx, settings);
    return {
      key: 'plans.appendix',
      heading: plan.title,
      source: SOURCE,
      asAt: today,
      marking: 'OFFICIAL',
      parts: [
        {
          kind: 'table',
          caption: plan.title,
          head: APPENDIX_COLUMNS.map(([name]) => name),
          rows: actions.map((a) => APPENDIX_COLUMNS.map(([, cell]) => cell(a))),
        },
        { kind: 'list', items: RAG_RULE },
      ],
    };
  },
};

/** Plans that have had comments or proposals: the consultations a paper can report on. */
async function consultationChoices(ctx: BlockContext): Promise<BlockChoice[]> {
  const consulted = await ctx.db.selectDistinct({ planId: planSuggestions.planId }).from(planSuggestions);
  const ids = new Set(consulted.map((c) => c.planId));
  return (await planChoices(ctx)).filter((c) => ids.has(Number(c.value)));
}

type YouSaid = Awaited<ReturnType<typeof youSaidWeDid>>;

/** "14 comments and proposals were received: 8 accepted, 3 accepted with changes, 2 declined and 1 awaiting a response." */
function consultationSentence(result: YouSaid): string {
  const counts = result.sections.map(
    (s) => `${s.suggestions.length} ${s.response ? label(s.response).toLowerCase() : 'awaiting a response'}`,
  );
  const listed = counts.length > 1 ? `${counts.slice(0, -1).join(', ')} and ${counts.at(-1)}` : (counts[0] ?? '');
  const received = `${count(result.count, 'comment or proposal was', 'comments and proposals were')} received on the ${result.plan.title}`;
  return result.count
    ? `${received}: ${listed}.`
    : `No comments or proposals were received on the ${result.plan.title}.`;
}

function weDid(s: YouSaid['sections'][number]['suggestions'][number]): string {
  if (!s.response) return 'Awaiting a response';
  const version = s.inVersion ? ` (in version ${s.inVersion})` : '';
  return `${label(s.response)}${s.responseText ? `: ${s.responseText}` : ''}${version}`;
}

export const consultationBlock: LiveBlock<typeof ConsultationSettings> = {
  key: 'plans.consultation',
  title: 'Consultation: you said, we did',
  description: 'What partners and the public said about a draft plan, and what was done with each comment.',
  settings: ConsultationSettings,
  async choices(ctx) {
    return { consultation: await consultationChoices(ctx) };
  },
  async build(ctx, settings): Promise<BlockContent> {
    const plan = await getPlan(ctx.db, Number(settings.consultation));
    const result = await youSaidWeDid(ctx.db, plan.id);
    const rows = result.sections.flatMap((section) => section.suggestions.map((s) => [s.about, s.text, weDid(s)]));
    return {
      key: 'plans.consultation',
      heading: `You said, we did: ${plan.title}`,
      source: 'comments and proposals on the plan, and the responses to them, in the Hub',
      asAt: isoDate(ctx.asAt),
      marking: 'OFFICIAL',
      parts: [
        { kind: 'sentence', text: consultationSentence(result) },
        ...(rows.length
          ? [
              {
                kind: 'table' as const,
                caption: `You said, we did: ${plan.title}`,
                head: ['About', 'You said', 'We did'],
                rows,
              },
            ]
          : []),
      ],
    };
  },
};
