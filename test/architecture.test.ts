import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ESLint, type Linter } from 'eslint';
import tseslint from 'typescript-eslint';

/*
 * The shape of the code, checked: modules import downwards and through their doors (the lint rule
 * really refuses what it should), lifecycle states are compared only in policy files, and the
 * module graph CONTRIBUTING.md draws is the one the code has.
 */

const ROOT = path.resolve(import.meta.dirname, '..');
const RESTRICTED = '@typescript-eslint/no-restricted-imports';

/** Every file under `dir` (relative to the repository), recursively. */
function filesUnder(dir: string): string[] {
  return readdirSync(path.join(ROOT, dir)).flatMap((name) => {
    const file = `${dir}/${name}`;
    return statSync(path.join(ROOT, file)).isDirectory() ? filesUnder(file) : [file];
  });
}

/**
 * ESLint with the project's own import rules and nothing else: the type-checked rules need a
 * whole program and take a minute on a busy machine, and the import rules need no types.
 */
async function importLinter(): Promise<ESLint> {
  const configFile = pathToFileURL(path.join(ROOT, 'eslint.config.js')).href;
  const { default: config } = (await import(configFile)) as { default: Linter.Config[] };
  const importRules = config.filter((block) => block.rules && RESTRICTED in block.rules);
  assert.ok(importRules.length > 0, 'eslint.config.js has import rules');
  return new ESLint({
    cwd: ROOT,
    overrideConfigFile: true,
    overrideConfig: [
      {
        files: ['**/*.ts'],
        languageOptions: { parser: tseslint.parser },
        plugins: { '@typescript-eslint': tseslint.plugin as unknown as ESLint.Plugin },
      },
      ...importRules,
    ],
  });
}

test('the lint rule refuses an upward import and a look inside another module, and passes the file as it is', async () => {
  const eslint = await importLinter();
  const filePath = path.join(ROOT, 'src/modules/organisations/organisations.service.ts');
  const text = readFileSync(filePath, 'utf8');
  const refusalsOf = async (code: string) =>
    (await eslint.lintText(code, { filePath }))[0]!.messages.filter((m) => m.ruleId === RESTRICTED);

  const upward = await refusalsOf(`import { plansRoutes } from '../plans/index.ts';\n${text}`);
  assert.ok(
    upward.some((m) => m.line === 1 && m.severity === 2 && /organisations sits below/.test(m.message)),
    `organisations importing plans is refused: ${JSON.stringify(upward)}`,
  );

  const inside = await refusalsOf(`import { groupPage } from '../groups/groups.service.ts';\n${text}`);
  assert.ok(
    inside.some((m) => m.line === 1 && m.severity === 2 && /through its index\.ts/.test(m.message)),
    `importing another module's service (not its index.ts) is refused: ${JSON.stringify(inside)}`,
  );

  const asItIs = await refusalsOf(text);
  assert.deepEqual(
    asItIs.map((m) => `${m.line}: ${m.message}`),
    [],
    'organisations.service.ts as it is imports only what the rules allow',
  );
});

/*
 * A lifecycle state compared outside a policy file. The states are the words; a comparison is
 * `===`/`!==`/`==`/`!=` next to one, an SQL `eq(…, 'closed')`/`ne(…)`/`inArray(…, [...])`, an
 * SQL text `status = 'closed'`, an array of them asked `.includes(…)`, or a `case 'closed':`.
 * Writing a state (`set({ status: 'closed' })`), a label or a message is not a comparison.
 */
const STATE = `'(?:superseded|withdrawn|closed)'`;
const COMPARISONS = [
  new RegExp(`[!=]==?\\s*${STATE}`),
  new RegExp(`${STATE}\\s*[!=]==?`),
  new RegExp(`\\b(?:eq|ne)\\([^()]*(?:\\([^()]*\\))?[^()]*,\\s*${STATE}\\s*\\)`),
  new RegExp(`\\b(?:inArray|notInArray)\\([^)]*\\[[^\\]]*${STATE}`),
  new RegExp(`\\[[^\\]]*${STATE}[^\\]]*\\]\\s*(?:as const\\s*)?\\)?\\.(?:includes|indexOf|some)\\(`),
  new RegExp(`\\b(?:status|state)\\}?\\s*(?:<>|=|!=|in\\s*\\()\\s*${STATE}`),
  new RegExp(`\\bcase\\s+${STATE}\\s*:`),
];

const EXEMPT_FROM_STATE_SCAN = [
  /\.(policy|tables|forms|test|fixtures)\.ts$/,
  /^src\/demo\//,
  /^src\/views\//,
  /\/views\//,
  /^src\/db\/migrations\//,
];

/** Comments removed, line breaks kept (so line numbers still match). */
const withoutComments = (source: string) =>
  source
    .replace(/\/\*[\s\S]*?\*\//g, (comment) => comment.replace(/[^\n]/g, ' '))
    .replace(/(^|[^:'"`])\/\/.*$/gm, '$1');

export function stateComparisons(file: string, source: string): string[] {
  return withoutComments(source)
    .split('\n')
    .flatMap((line, index) =>
      COMPARISONS.some((pattern) => pattern.test(line)) ? [`${file}:${index + 1}: ${line.trim()}`] : [],
    );
}

test('the scan finds lifecycle-state comparisons, and not labels, messages or writes', () => {
  const found = (code: string) => stateComparisons('x.ts', code).length;
  for (const comparison of [
    "if (plan.status === 'superseded') throw x;",
    "const open = event.status !== 'closed';",
    "if ('withdrawn' === action.state) return;",
    ".where(eq(plans.status, 'superseded'))",
    ".where(and(eq(events.id, id), ne(events.status, 'closed')))",
    ".where(inArray(planActions.state, ['withdrawn', 'done']))",
    "if (['superseded', 'withdrawn'].includes(plan.status)) return;",
    "sql`${plans.status} <> 'superseded'`",
    "sql`status = 'closed'`",
    "case 'closed':",
  ])
    assert.equal(found(comparison), 1, comparison);
  for (const harmless of [
    "throw new FormError('plan', 'This plan has been superseded: it can no longer change');",
    "await tx.update(events).set({ status: 'closed', closedAt: new Date() });",
    "publishEventChange(db, id, { type: 'event', status: 'closed' });",
    "const labels = { closed: 'Closed', withdrawn: 'Withdrawn' };",
    "// if (plan.status === 'superseded') in a comment",
    "/* event.status !== 'closed' */",
    "return reply.redirect(`/events/${id}?done=submissions-${open ? 'open' : 'closed'}`, 303);",
    "await recordPlanChanges(tx, context, planId, actionId, [{ field: 'withdrawn', after: reason }]);",
  ])
    assert.equal(found(harmless), 0, harmless);
});

test('lifecycle states are compared only in policy files', () => {
  const offending = filesUnder('src')
    .filter((file) => file.endsWith('.ts') && !EXEMPT_FROM_STATE_SCAN.some((pattern) => pattern.test(file)))
    .flatMap((file) => stateComparisons(file, readFileSync(path.join(ROOT, file), 'utf8')));
  assert.deepEqual(
    offending,
    [],
    `Compare 'superseded', 'withdrawn' and 'closed' only in the kind's *.policy.ts (can…/check… or an exported SQL condition):\n${offending.join('\n')}`,
  );
});

/** The modules, by folder: src/modules/<name>/. */
const MODULES = readdirSync(path.join(ROOT, 'src/modules')).filter((name) =>
  statSync(path.join(ROOT, 'src/modules', name)).isDirectory(),
);

/** `from` imports `to`'s index.ts in a file that is not a test, fixture or tables file. */
function actualEdges(): Set<string> {
  const edges = new Set<string>();
  for (const from of MODULES) {
    for (const file of filesUnder(`src/modules/${from}`)) {
      if (!file.endsWith('.ts') || /\.(test|fixtures|tables)\.ts$/.test(file)) continue;
      const source = readFileSync(path.join(ROOT, file), 'utf8');
      for (const [, to] of source.matchAll(/from\s+'(?:\.\.\/)+(?:modules\/)?([a-z-]+)\/index\.ts'/g))
        if (to !== from && MODULES.includes(to!)) edges.add(`${from} --> ${to}`);
    }
  }
  return edges;
}

/** The edges of the first ```mermaid graph (or flowchart) block of a Markdown text, or null if it has none. */
export function documentedEdges(markdown: string): Set<string> | null {
  const block = [...markdown.matchAll(/```mermaid\n([\s\S]*?)```/g)]
    .map((m) => m[1]!)
    .find((body) => /^\s*(graph|flowchart)\b/.test(body));
  if (!block) return null;
  const edges = new Set<string>();
  for (const line of block.split('\n')) {
    // `a --> b`, `a --> b & c`, `a -->|label| b`, with optional node text: `a[Accounts]`.
    const match = /^\s*([\w-]+)(?:\[[^\]]*\])?\s*-->(?:\|[^|]*\|)?\s*(.+?)\s*;?\s*$/.exec(line);
    if (!match) continue;
    for (const target of match[2]!.split('&')) {
      const to = /^\s*([\w-]+)/.exec(target)?.[1];
      if (to) edges.add(`${match[1]!.toLowerCase()} --> ${to.toLowerCase()}`);
    }
  }
  return edges;
}

test('the graph is read from its mermaid block', () => {
  assert.equal(documentedEdges('# No graph here\n```ts\nconst a = 1;\n```\n'), null);
  const markdown = [
    'Modules and what they may use:',
    '```mermaid',
    'graph BT',
    '  accounts --> organisations',
    '  groups[Groups] --> accounts & organisations',
    '  plans -->|asks| events;',
    '  %% a comment',
    '```',
  ].join('\n');
  assert.deepEqual([...documentedEdges(markdown)!].sort(), [
    'accounts --> organisations',
    'groups --> accounts',
    'groups --> organisations',
    'plans --> events',
  ]);
});

test('the module graph in CONTRIBUTING.md is the one the code has', (t) => {
  const documented = documentedEdges(readFileSync(path.join(ROOT, 'CONTRIBUTING.md'), 'utf8'));
  if (!documented) {
    t.skip('CONTRIBUTING.md has no ```mermaid graph block of module dependencies yet');
    return;
  }
  const actual = actualEdges();
  const undocumented = [...actual].filter((edge) => !documented.has(edge)).sort();
  const unused = [...documented]
    .filter((edge) => !actual.has(edge) && MODULES.includes(edge.split(' --> ')[0]!))
    .sort();
  assert.deepEqual(undocumented, [], 'imports the graph does not show: add them to CONTRIBUTING.md or remove them');
  assert.deepEqual(unused, [], 'edges the graph shows that no module imports: remove them from CONTRIBUTING.md');
});
