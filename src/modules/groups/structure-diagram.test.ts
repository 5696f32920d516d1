import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  escapeXml,
  layoutStructure,
  structureDiagram,
  structureTree,
  wrapName,
  type DiagramNode,
  type ReportingLine,
  type StructureGroup,
} from './structure-diagram.ts';

const g = (id: number, name: string, kind: string, parentGroupId: number | null = null): StructureGroup => ({
  id,
  name,
  kind,
  parentGroupId,
});

// Leicestershire (seed 004) and Teesside (seed 001) side by side.
const groups: StructureGroup[] = [
  g(1, 'Safer Communities Strategy Board', 'board'),
  g(2, 'Prevent Executive Group', 'executive'),
  g(3, 'Prevent Steering Group', 'steering', 2),
  g(4, 'Prevent Operational Leads Group', 'operational_leads', 3),
  g(5, 'Channel panel', 'channel_panel', 4),
  g(6, 'Teesside Gold group', 'gold'),
  g(7, 'Stockton Silver group', 'silver', 6),
  g(8, 'Middlesbrough Silver group', 'silver', 6),
  g(9, 'Hartlepool Silver group', 'silver', 6),
  g(10, 'Redcar and Cleveland Silver group', 'silver', 6),
  g(11, 'Safer Stockton Partnership', 'board'),
  g(12, 'Stockton Renaissance Board', 'board'),
  g(13, 'Children’s Trust Board', 'board'),
  g(14, 'Community Reference Group', 'community_reference', 3),
  g(15, 'Women’s network', 'network'),
];
const lines: ReportingLine[] = [
  { groupId: 2, reportsToGroupId: 1 },
  { groupId: 7, reportsToGroupId: 11 },
  { groupId: 7, reportsToGroupId: 12 },
  { groupId: 7, reportsToGroupId: 13 },
  { groupId: 15, reportsToGroupId: 14 },
];

const overlaps = (a: DiagramNode, b: DiagramNode) =>
  a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

function assertNoOverlap(nodes: DiagramNode[]) {
  for (const [i, a] of nodes.entries()) {
    for (const b of nodes.slice(i + 1)) assert.ok(!overlaps(a, b), `${a.name} and ${b.name} overlap`);
  }
}

test('groups sit below the groups they are part of and the boards they report to', () => {
  const layout = layoutStructure(groups, lines);
  const layer = new Map(layout.nodes.map((n) => [n.id, n.layer]));
  assert.equal(layer.get(1), 0, 'the strategy board is at the top');
  assert.equal(layer.get(2), 1, 'the executive reports to the board, so sits below it');
  assert.equal(layer.get(3), 2);
  assert.equal(layer.get(4), 3);
  assert.equal(layer.get(5), 4, 'Executive → Steering → Operational leads → Channel panel reads downwards');
  assert.equal(layer.get(6), 0, 'the Gold group is a root');
  for (const silver of [7, 8, 9, 10]) assert.equal(layer.get(silver), 1);
  assert.ok(
    layout.nodes.every((n) => n.x >= 0 && n.y >= 0 && n.x + n.width <= layout.width && n.y + n.height <= layout.height),
    'everything inside the picture',
  );
});

test('no two groups overlap, even in a wide and deep structure', () => {
  assertNoOverlap(layoutStructure(groups, lines).nodes);
  // Many children under a few parents, and boards reported to from every layer.
  const many: StructureGroup[] = [g(1, 'Root A', 'gold'), g(2, 'Root B', 'executive'), g(3, 'Board', 'board')];
  const manyLines: ReportingLine[] = [];
  for (let id = 4; id < 60; id++) {
    many.push(g(id, `Group ${id}`, 'other', id % 3 === 0 ? 1 : id % 3 === 1 ? 2 : id - 3));
    if (id % 5 === 0) manyLines.push({ groupId: id, reportsToGroupId: 3 });
  }
  const layout = layoutStructure(many, manyLines);
  assert.equal(layout.nodes.length, many.length);
  assertNoOverlap(layout.nodes);
});

test('every part-of line and reporting line is drawn, once', () => {
  const svg = structureDiagram(groups, lines);
  const edges = [
    ...svg.matchAll(/<path class="hub-diagram__edge hub-diagram__edge--([a-z-]+)" data-from="(\d+)" data-to="(\d+)"/g),
  ].map((m) => `${m[1]}:${m[2]}>${m[3]}`);
  const expected = [
    ...groups.filter((x) => x.parentGroupId !== null).map((x) => `part-of:${x.parentGroupId}>${x.id}`),
    ...lines.map((l) => `reports-to:${l.groupId}>${l.reportsToGroupId}`),
  ];
  assert.deepEqual(edges.sort(), expected.sort());
  assert.equal((svg.match(/stroke-dasharray/g) ?? []).length, lines.length, 'reporting lines are dashed');
  assert.equal((svg.match(/marker-end/g) ?? []).length, lines.length, 'reporting lines end in an arrow');
});

test('lines to groups that are not drawn are left out, and a line to itself is ignored', () => {
  const layout = layoutStructure(
    [g(1, 'A', 'steering', 99), g(2, 'B', 'board')],
    [
      { groupId: 1, reportsToGroupId: 2 },
      { groupId: 1, reportsToGroupId: 42 },
      { groupId: 2, reportsToGroupId: 2 },
    ],
  );
  assert.deepEqual(
    layout.edges.map((e) => [e.kind, e.from, e.to]),
    [['reports_to', 1, 2]],
  );
});

test('a group reporting to a group level with it or below it is still placed and drawn', () => {
  // A reports to B while B reports to A: a loop the ranking must survive.
  const layout = layoutStructure(
    [g(1, 'A', 'forum'), g(2, 'B', 'network'), g(3, 'C', 'other', 1)],
    [
      { groupId: 1, reportsToGroupId: 2 },
      { groupId: 2, reportsToGroupId: 1 },
      { groupId: 1, reportsToGroupId: 3 },
    ],
  );
  assert.equal(layout.nodes.length, 3);
  assert.equal(layout.edges.length, 4);
  assert.ok(layout.edges.every((e) => /^M[\d.-]+ [\d.-]+ C/.test(e.path)));
  assertNoOverlap(layout.nodes);
});

test('names are escaped everywhere they appear', () => {
  const svg = structureDiagram([g(1, 'Tom & Jerry <script>alert("x")</script>', 'forum')], []);
  assert.ok(!svg.includes('<script>'));
  assert.ok(!svg.includes('"x"'));
  assert.match(svg, /<title>Tom &amp; Jerry &lt;script&gt;alert\(&quot;x&quot;\)&lt;\/script&gt; \(Forum\)<\/title>/);
  assert.match(svg, /Tom &amp; Jerry/);
  assert.equal(escapeXml(`&<>"'`), '&amp;&lt;&gt;&quot;&#39;');
});

test('the picture is labelled, and each group is a link with its full name', () => {
  const longName = 'Leicester, Leicestershire and Rutland Prevent Operational Leads and Delivery Group';
  const svg = structureDiagram([g(7, longName, 'operational_leads')], []);
  assert.match(svg, /^<svg [^>]*role="group"[^>]*aria-labelledby="hub-diagram-title hub-diagram-desc"/);
  assert.match(svg, /<title id="hub-diagram-title">Partnership structure<\/title>/);
  assert.match(svg, /<desc id="hub-diagram-desc">1 group\./);
  assert.match(svg, /<a href="\/groups\/7"/);
  assert.ok(svg.includes(`<title>${longName} (Operational leads group)</title>`), 'full name in the node title');
  const drawn = [...svg.matchAll(/<tspan [^>]*>([^<]*)<\/tspan>/g)].map((m) => m[1]!);
  assert.equal(drawn.length, 2);
  assert.ok(drawn[1]!.endsWith('…'), 'a long name is truncated with an ellipsis');
});

test('names wrap at word boundaries and long words are broken', () => {
  assert.deepEqual(wrapName('Channel panel', 22, 2), ['Channel panel']);
  assert.deepEqual(wrapName('Prevent Operational Leads Group', 22, 2), ['Prevent Operational', 'Leads Group']);
  assert.deepEqual(wrapName('Supercalifragilisticexpialidocious', 10, 3), ['Supercalif', 'ragilistic', 'expialido…']);
  assert.ok(
    wrapName('a b c d e f g h i j k l m n o p q r s t u v w x y z a b c d e f g h i j k l m n', 10, 2).every(
      (line) => line.length <= 10,
    ),
  );
});

test('the nested list follows parents, with reporting lines noted', () => {
  const tree = structureTree(groups, lines);
  const executive = tree.find((item) => item.id === 2)!;
  assert.deepEqual(executive.reportsTo, [{ id: 1, name: 'Safer Communities Strategy Board' }]);
  const steering = executive.children[0]!;
  assert.equal(steering.name, 'Prevent Steering Group');
  assert.deepEqual(
    steering.children.map((c) => c.name),
    ['Prevent Operational Leads Group', 'Community Reference Group'],
  );
  assert.deepEqual(
    tree.find((item) => item.id === 6)!.children.map((c) => c.name),
    [
      'Hartlepool Silver group',
      'Middlesbrough Silver group',
      'Redcar and Cleveland Silver group',
      'Stockton Silver group',
    ],
  );
  // A parent that is not shown (archived) leaves its group at the top.
  assert.deepEqual(
    structureTree([g(1, 'Orphan', 'forum', 99)], []).map((item) => item.name),
    ['Orphan'],
  );
});
