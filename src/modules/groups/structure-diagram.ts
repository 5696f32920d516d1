/*
 * The partnership structure as a picture, drawn on the server: a layered layout (groups above
 * the groups within them and above the boards' reporters) rendered as plain SVG. Pure functions,
 * no I/O, so the layout can be tested on its own.
 */
import { label } from '../../views/filters.ts';
import { GROUP_KINDS } from './groups.tables.ts';

export interface StructureGroup {
  id: number;
  name: string;
  kind: string;
  parentGroupId: number | null;
}

export interface ReportingLine {
  groupId: number;
  reportsToGroupId: number;
}

export interface DiagramNode {
  id: number;
  name: string;
  kind: string;
  layer: number;
  x: number;
  y: number;
  width: number;
  height: number;
  /** The name as drawn: wrapped, and truncated with an ellipsis if too long. */
  lines: string[];
}

/** 'part_of': a solid line from a group down to a group within it; 'reports_to': a dashed arrow to the board. */
export interface DiagramEdge {
  from: number;
  to: number;
  kind: 'part_of' | 'reports_to';
  path: string;
}

export interface StructureLayout {
  nodes: DiagramNode[];
  edges: DiagramEdge[];
  width: number;
  height: number;
}

export const SIZES = { nodeWidth: 200, nodeHeight: 68, gapX: 24, gapY: 64, margin: 16, lineChars: 22, nameLines: 2 };

const kindRank = (kind: string) => {
  const index = (GROUP_KINDS as readonly string[]).indexOf(kind);
  return index === -1 ? GROUP_KINDS.length : index;
};

const byKindThenName = (a: StructureGroup, b: StructureGroup) =>
  kindRank(a.kind) - kindRank(b.kind) || a.name.localeCompare(b.name, 'en-GB') || a.id - b.id;

/** Split a name into lines of at most `width` characters; past `maxLines`, end the last with "…". */
export function wrapName(name: string, width = SIZES.lineChars, maxLines = SIZES.nameLines): string[] {
  const words = name
    .trim()
    .split(/\s+/)
    .flatMap((word) => chunk(word, width));
  const lines: string[] = [];
  for (const word of words) {
    const last = lines[lines.length - 1];
    if (last !== undefined && last.length + 1 + word.length <= width) lines[lines.length - 1] = `${last} ${word}`;
    else lines.push(word);
  }
  if (lines.length <= maxLines) return lines;
  const kept = lines.slice(0, maxLines);
  const lastLine = kept[maxLines - 1]!;
  kept[maxLines - 1] = `${lastLine.slice(0, width - 1).trimEnd()}…`;
  return kept;
}

function chunk(word: string, width: number): string[] {
  const parts: string[] = [];
  for (let i = 0; i < word.length; i += width) parts.push(word.slice(i, i + width));
  return parts;
}

export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** The edges between groups that are both drawn; a line to a group not drawn (archived) is dropped. */
function edgesAmong(groups: StructureGroup[], lines: ReportingLine[]) {
  const present = new Set(groups.map((g) => g.id));
  const partOf = groups
    .filter((g) => g.parentGroupId !== null && g.parentGroupId !== g.id && present.has(g.parentGroupId))
    .map((g) => ({ from: g.parentGroupId!, to: g.id, kind: 'part_of' as const }));
  const seen = new Set<string>();
  const reportsTo = lines
    .filter((l) => l.groupId !== l.reportsToGroupId && present.has(l.groupId) && present.has(l.reportsToGroupId))
    .filter((l) => !seen.has(`${l.groupId}>${l.reportsToGroupId}`) && seen.add(`${l.groupId}>${l.reportsToGroupId}`))
    .map((l) => ({ from: l.groupId, to: l.reportsToGroupId, kind: 'reports_to' as const }));
  return [...partOf, ...reportsTo];
}

/**
 * Layer of each group: one below the lowest of the groups above it (its parent and the boards it
 * reports to), so a chain Executive → Steering → Operational leads reads top to bottom. An edge that
 * would close a loop is left out of the ranking (it is still drawn).
 */
function assignLayers(ordered: StructureGroup[], above: Map<number, number[]>): Map<number, number> {
  const layer = new Map<number, number>();
  const onPath = new Set<number>();
  const visit = (id: number): number => {
    const known = layer.get(id);
    if (known !== undefined) return known;
    onPath.add(id);
    let rank = 0;
    for (const up of above.get(id) ?? []) if (!onPath.has(up)) rank = Math.max(rank, visit(up) + 1);
    onPath.delete(id);
    layer.set(id, rank);
    return rank;
  };
  for (const group of ordered) visit(group.id);
  return layer;
}

/**
 * Left edges for one layer, in the given order, each as close as it can be to where it wants to be
 * (under the groups above it) without overlapping: neighbours that collide are merged into a block
 * placed at the mean of its members' wishes.
 */
function placeInRow(wanted: number[], step: number): number[] {
  const blocks: { count: number; sum: number }[] = [];
  const start = (b: { count: number; sum: number }) => b.sum / b.count;
  for (const want of wanted) {
    blocks.push({ count: 1, sum: want });
    while (blocks.length > 1) {
      const current = blocks[blocks.length - 1]!;
      const previous = blocks[blocks.length - 2]!;
      if (start(previous) + previous.count * step <= start(current)) break;
      previous.sum += current.sum - step * previous.count * current.count;
      previous.count += current.count;
      blocks.pop();
    }
  }
  return blocks.flatMap((b) => Array.from({ length: b.count }, (_, k) => start(b) + k * step));
}

export function layoutStructure(groups: StructureGroup[], lines: ReportingLine[], sizes = SIZES): StructureLayout {
  const ordered = [...groups].sort(byKindThenName);
  const edges = edgesAmong(ordered, lines);
  const above = new Map<number, number[]>();
  // Parent first: the tree decides the layers before the reporting lines do.
  for (const edge of [...edges.filter((e) => e.kind === 'part_of'), ...edges.filter((e) => e.kind === 'reports_to')]) {
    const [lower, upper] = edge.kind === 'part_of' ? [edge.to, edge.from] : [edge.from, edge.to];
    above.set(lower, [...(above.get(lower) ?? []), upper]);
  }
  const layerOf = assignLayers(ordered, above);
  const step = sizes.nodeWidth + sizes.gapX;
  const centre = new Map<number, number>();
  const layers: StructureGroup[][] = [];
  for (const group of ordered) (layers[layerOf.get(group.id)!] ??= []).push(group);

  const neighbours = new Map<number, number[]>();
  for (const e of edges) {
    neighbours.set(e.from, [...(neighbours.get(e.from) ?? []), e.to]);
    neighbours.set(e.to, [...(neighbours.get(e.to) ?? []), e.from]);
  }
  const meanCentre = (ids: number[]) => {
    const placed = ids.map((id) => centre.get(id)).filter((x): x is number => x !== undefined);
    return placed.length ? placed.reduce((a, b) => a + b, 0) / placed.length : undefined;
  };
  const placeRow = (row: StructureGroup[], wish: (g: StructureGroup) => number | undefined) => {
    const wishes = new Map(row.map((g) => [g.id, wish(g)]));
    // Groups with nowhere to be yet go to the right of the rest, in kind-then-name order.
    let next = Math.max(0, ...[...wishes.values()].filter((x): x is number => x !== undefined));
    for (const g of row) if (wishes.get(g.id) === undefined) wishes.set(g.id, (next += step));
    const sorted = [...row].sort((a, b) => wishes.get(a.id)! - wishes.get(b.id)!);
    const lefts = placeInRow(
      sorted.map((g) => wishes.get(g.id)! - sizes.nodeWidth / 2),
      step,
    );
    sorted.forEach((g, i) => centre.set(g.id, lefts[i]! + sizes.nodeWidth / 2));
  };
  // First downwards under the groups above; then a few sweeps up and down towards all neighbours,
  // which brings boards over the groups that report to them and parents over their children.
  for (const row of layers) placeRow(row ?? [], (g) => meanCentre(above.get(g.id) ?? []));
  for (const upwards of [true, false, true, false]) {
    for (const row of upwards ? [...layers].reverse() : layers) {
      placeRow(row ?? [], (g) => meanCentre(neighbours.get(g.id) ?? []) ?? centre.get(g.id));
    }
  }

  const shift = sizes.margin - Math.min(...[...centre.values()].map((c) => c - sizes.nodeWidth / 2));
  const nodes: DiagramNode[] = ordered.map((g) => ({
    id: g.id,
    name: g.name,
    kind: g.kind,
    layer: layerOf.get(g.id)!,
    x: Math.round(centre.get(g.id)! - sizes.nodeWidth / 2 + shift),
    y: sizes.margin + layerOf.get(g.id)! * (sizes.nodeHeight + sizes.gapY),
    width: sizes.nodeWidth,
    height: sizes.nodeHeight,
    lines: wrapName(g.name, sizes.lineChars, sizes.nameLines),
  }));
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const width = nodes.length ? Math.max(...nodes.map((n) => n.x + n.width)) + sizes.margin : 0;
  const height = nodes.length ? Math.max(...nodes.map((n) => n.y + n.height)) + sizes.margin : 0;
  return {
    nodes,
    edges: edges.map((e) => ({ ...e, path: edgePath(byId.get(e.from)!, byId.get(e.to)!) })),
    width,
    height,
  };
}

/** A curve from one box to another: bottom to top when they are in different layers, over the top when level. */
function edgePath(from: DiagramNode, to: DiagramNode): string {
  const fx = from.x + from.width / 2;
  const tx = to.x + to.width / 2;
  if (from.layer === to.layer) {
    const lift = Math.min(from.y, 40 + Math.abs(tx - fx) / 8);
    return `M${fx} ${from.y} C${fx} ${from.y - lift} ${tx} ${to.y - lift} ${tx} ${to.y}`;
  }
  const [fy, ty] = from.layer < to.layer ? [from.y + from.height, to.y] : [from.y, to.y + to.height];
  const mid = (fy + ty) / 2;
  return `M${fx} ${fy} C${fx} ${mid} ${tx} ${mid} ${tx} ${ty}`;
}

export interface SvgOptions {
  title: string;
  description: string;
  href: (groupId: number) => string;
}

/**
 * The SVG markup. Every piece of text from the database is escaped here. A labelled group, not
 * an image: its nodes are links that keyboard and screen-reader users must be able to reach.
 */
export function renderStructureSvg(layout: StructureLayout, options: SvgOptions): string {
  const { width, height } = layout;
  const edges = layout.edges.map(
    (e) =>
      `<path class="hub-diagram__edge hub-diagram__edge--${e.kind === 'part_of' ? 'part-of' : 'reports-to'}" data-from="${e.from}" data-to="${e.to}" d="${e.path}" ${e.kind === 'reports_to' ? 'stroke="#505a5f" stroke-width="2" stroke-dasharray="6 4" marker-end="url(#hub-diagram-arrow)"' : 'stroke="#0b0c0c" stroke-width="2"'}/>`,
  );
  const nodes = layout.nodes.map((n) => renderNode(n, options.href(n.id)));
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" class="hub-diagram" role="group" aria-labelledby="hub-diagram-title hub-diagram-desc" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">`,
    `<title id="hub-diagram-title">${escapeXml(options.title)}</title>`,
    `<desc id="hub-diagram-desc">${escapeXml(options.description)}</desc>`,
    '<defs><marker id="hub-diagram-arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="8" markerHeight="8" orient="auto-start-reverse"><path d="M0 0 L10 5 L0 10 z" fill="#505a5f"/></marker></defs>',
    `<g class="hub-diagram__edges" fill="none">${edges.join('')}</g>`,
    `<g class="hub-diagram__nodes">${nodes.join('')}</g>`,
    '</svg>',
  ].join('\n');
}

function renderNode(node: DiagramNode, href: string): string {
  const cx = node.x + node.width / 2;
  const lineHeight = 18;
  const firstBaseline = node.y + 24 + (SIZES.nameLines - node.lines.length) * (lineHeight / 2);
  const nameLines = node.lines
    .map((line, i) => `<tspan x="${cx}" y="${firstBaseline + i * lineHeight}">${escapeXml(line)}</tspan>`)
    .join('');
  const board = node.kind === 'board' ? ' hub-diagram__node--board' : '';
  return (
    `<a href="${escapeXml(href)}" class="hub-diagram__node${board}" data-group-id="${node.id}">` +
    `<title>${escapeXml(node.name)} (${escapeXml(label(node.kind))})</title>` +
    `<rect x="${node.x}" y="${node.y}" width="${node.width}" height="${node.height}" rx="4" fill="${board ? '#f3f2f1' : '#ffffff'}" stroke="${board ? '#505a5f' : '#1d70b8'}" stroke-width="2"/>` +
    `<text class="hub-diagram__name" text-anchor="middle" font-family="arial, sans-serif" font-size="14" font-weight="700" fill="#0b0c0c">${nameLines}</text>` +
    `<text class="hub-diagram__kind" text-anchor="middle" font-family="arial, sans-serif" font-size="12" fill="#505a5f" x="${cx}" y="${node.y + node.height - 10}">${escapeXml(label(node.kind))}</text>` +
    '</a>'
  );
}

export interface StructureTreeItem {
  id: number;
  name: string;
  kind: string;
  reportsTo: { id: number; name: string }[];
  children: StructureTreeItem[];
}

/** The same facts as a nested list: groups within their parents, with the boards each reports to. */
export function structureTree(groups: StructureGroup[], lines: ReportingLine[]): StructureTreeItem[] {
  const ordered = [...groups].sort(byKindThenName);
  const byId = new Map(ordered.map((g) => [g.id, g]));
  const items = new Map<number, StructureTreeItem>(
    ordered.map((g) => [g.id, { id: g.id, name: g.name, kind: g.kind, reportsTo: [], children: [] }]),
  );
  for (const edge of edgesAmong(ordered, lines)) {
    if (edge.kind === 'reports_to')
      items.get(edge.from)!.reportsTo.push({ id: edge.to, name: byId.get(edge.to)!.name });
  }
  const roots: StructureTreeItem[] = [];
  for (const g of ordered) {
    const parent = g.parentGroupId === null ? undefined : items.get(g.parentGroupId);
    if (parent && !createsLoop(g.id, byId)) parent.children.push(items.get(g.id)!);
    else roots.push(items.get(g.id)!);
  }
  return roots;
}

/** True when following parents from this group comes back to it (only possible in bad data). */
function createsLoop(id: number, byId: Map<number, StructureGroup>): boolean {
  const seen = new Set<number>();
  let current = byId.get(id)?.parentGroupId ?? null;
  while (current !== null && !seen.has(current)) {
    if (current === id) return true;
    seen.add(current);
    current = byId.get(current)?.parentGroupId ?? null;
  }
  return false;
}

/** Layout and markup in one: what the structure page shows. */
export function structureDiagram(
  groups: StructureGroup[],
  lines: ReportingLine[],
  href = (id: number) => `/groups/${id}`,
): string {
  const layout = layoutStructure(groups, lines);
  const reporting = layout.edges.filter((e) => e.kind === 'reports_to').length;
  return renderStructureSvg(layout, {
    title: 'Partnership structure',
    description:
      `${groups.length} ${groups.length === 1 ? 'group' : 'groups'}. Solid lines join a group to the groups within it, drawn below it; ` +
      `dashed arrows (${reporting}) point from a group to the boards it reports to. The same facts are listed after the diagram.`,
    href,
  });
}
