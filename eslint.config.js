// @ts-check
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/*
 * The modules, lowest first. A module may import the modules before it in this list, through
 * their index.ts, and never one after it: that is the direction CONTRIBUTING.md draws.
 */
export const MODULE_LAYERS = [
  'audit',
  'mail',
  'partnership',
  'organisations',
  'accounts',
  'groups',
  'meetings',
  'documents',
  'events',
  'plans',
  'threat-level',
  'referrals',
  'tension',
  'response-plans',
  'impact-assessments',
  'self-assessment',
  'resources',
  'funding',
  'training',
  'papers',
  'reminders',
  'search',
  'backups',
  'retention',
];

const INFRASTRUCTURE = [
  'src/db/**',
  'src/views/**',
  'src/plugins/**',
  'src/live/**',
  'src/imports/**',
  'src/reports/**',
  'src/backup/**',
  'src/errors.ts',
  'src/config.ts',
  'src/reactions.ts',
];
/** Files that build whole data sets on purpose (demo data, test fixtures) may write any module's tables. */
const EXEMPT = ['**/*.test.ts', '**/*.fixtures.ts', 'src/demo/**', 'test/**', 'bench/**', 'src/db/schema.ts'];

const restrict = (patterns) => ({
  '@typescript-eslint/no-restricted-imports': ['error', { patterns }],
});

const door = (prefix) => ({
  regex: `^${prefix}[a-z-]+/(?!index\\.ts$)`,
  message: 'Import another module through its index.ts: what it exports there is what others may use.',
});
const tablesDoor = (prefix) => ({
  regex: `^${prefix}[a-z-]+/(?!index\\.ts$|[a-z-]+\\.tables\\.ts$)`,
  message: "A tables file may reference another module's tables (foreign keys); anything else goes through index.ts.",
});
const ABOVE_MODULES = {
  regex: '^(\\.\\./)+(pages|demo)/|^(\\.\\./)+app\\.ts$',
  message: 'Modules sit below the pages and the app: they never import them.',
};

function moduleRules(name, index) {
  const higher = MODULE_LAYERS.slice(index + 1);
  const upward = higher.length
    ? [
        {
          regex: `^\\.\\./(${higher.join('|')})/`,
          message: `${name} sits below ${higher.join(', ')} (see MODULE_LAYERS in eslint.config.js): react through src/reactions.ts or move the code up to src/pages.`,
        },
      ]
    : [];
  return [
    {
      files: [`src/modules/${name}/**/*.ts`],
      ignores: EXEMPT,
      rules: restrict([door('\\.\\./'), ...upward, ABOVE_MODULES]),
    },
    // The schema is one: a foreign key may point at another module's table in either direction.
    {
      files: [`src/modules/${name}/**/*.tables.ts`],
      ignores: EXEMPT,
      rules: restrict([tablesDoor('\\.\\./'), ABOVE_MODULES]),
    },
  ];
}

export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', 'data/**', 'data-demo/**', 'src/db/migrations/**', 'coverage/**'] },
  js.configs.recommended,
  {
    files: ['**/*.ts'],
    extends: [tseslint.configs.recommendedTypeChecked],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      // node:test's test() returns a promise the runner itself awaits.
      '@typescript-eslint/no-floating-promises': [
        'error',
        {
          allowForKnownSafeCalls: [
            { from: 'package', package: 'node:test', name: ['test', 'describe', 'it', 'suite'] },
          ],
        },
      ],
      '@typescript-eslint/no-misused-promises': 'error',
      // Fastify route plugins are async by contract, whether or not they await anything.
      '@typescript-eslint/require-await': 'off',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' },
      ],
    },
  },
  { files: ['public/**/*.js'], languageOptions: { globals: globals.browser, sourceType: 'module' } },
  {
    files: ['eslint.config.js', 'bench/**/*.mjs', 'src/**/*.mjs', 'scripts/**/*.mjs'],
    languageOptions: { globals: globals.node },
  },
  ...MODULE_LAYERS.flatMap(moduleRules),
  {
    files: INFRASTRUCTURE,
    ignores: EXEMPT,
    rules: restrict([
      {
        regex: '(^|/)(modules|pages)/|(^|/)app\\.ts$',
        message: 'Infrastructure serves the modules and never imports them.',
      },
    ]),
  },
  {
    files: ['src/auth/**/*.ts'],
    ignores: EXEMPT,
    rules: restrict([
      {
        regex: '^\\.\\./modules/(?!(accounts|organisations|groups)/[a-z-]+\\.tables\\.ts$)|(^|/)pages/|(^|/)app\\.ts$',
        message: 'Auth reads only the accounts, people and group membership tables, to know who is asking.',
      },
    ]),
  },
  { files: ['src/pages/**/*.ts'], ignores: EXEMPT, rules: restrict([door('\\.\\./modules/')]) },
  { files: ['src/app.ts', 'src/server.ts'], rules: restrict([door('\\./modules/')]) },
);
