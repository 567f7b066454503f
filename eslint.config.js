// Lint enforces the layer rules of DESIGN §1 / STYLE habit 4: a wrong import fails `npm test`.
import tseslint from 'typescript-eslint';

const NODE_BUILTIN =
  '^node:|^(fs|path|os|child_process|crypto|http|https|net|url|worker_threads|stream|events|util)(/|$)';

const CYRILLIC = '/[А-Яа-яЁё]/';
/** src-main/core files whose Russian is content (data the engine works with), not seller-facing messages. */
const CORE_RUSSIAN_CONTENT = [
  'src-main/core/replies/guardrail-phrases.ts',
  'src-main/core/replies/builtin-templates.ts',
  'src-main/core/replies/word-match.ts',
  'src-main/core/demo/demo-data.ts',
  'src-main/core/ai/draft-prompt.ts',
  'src-main/core/ai/draft-topic.ts',
  'src-main/core/ai/negative-signals.ts',
  'src-main/core/ai/offline-provider.ts',
  'src-main/core/inbox/intent.ts',
  'src-main/core/inbox/priority.ts',
  'src-main/core/links/issue-text.ts',
  'src-main/core/links/names.ts',
  'src-main/core/avito-bot/buyer-signals.ts',
  'src-main/core/avito-bot/bot-prompt.ts',
  'src-main/core/knowledge/knowledge-format.ts',
  'src-main/core/knowledge/knowledge-stopwords.ts',
];

/** Statements go through the SqlRunner: no raw better-sqlite3 handle, no Kysely execute (outside core/db). */
const ONE_WAY_TO_THE_DATABASE = [
  ...["MemberExpression[object.name='sqlite']", "MemberExpression[property.name='sqlite']"].map((selector) => ({
    selector,
    message:
      'Use the SqlRunner (`db`), not the raw better-sqlite3 handle: db.get/all/run(db.build…), db.prepare for hot paths, db.transaction',
  })),
  {
    selector: 'CallExpression[callee.property.name=/^(execute|executeTakeFirst|executeTakeFirstOrThrow|stream)$/]',
    message: "Run Kysely builders through the SqlRunner (db.get/all/run), not Kysely's own execute",
  },
];

/** `core.internals` is for tests and the bench: the shells use call, events, start and close (issue 8 item 9). */
const NO_CORE_INTERNALS = [
  {
    selector: "MemberExpression[property.name='internals']",
    message:
      'core.internals is for tests and the bench only: go through core.call (add an IPC channel) and core.events',
  },
];

/** Core speaks in codes: a Russian string literal is a message that belongs in src-shared/messages. */
const NO_RUSSIAN_MESSAGES = ['Literal', 'TemplateElement'].map((node) => ({
  selector: `:not(TSLiteralType) > ${node}[${node === 'Literal' ? 'value' : 'value.raw'}=${CYRILLIC}]`,
  message:
    'core returns message codes (src-shared/messages/catalog.ts), not Russian text; content belongs in the allowlisted files (eslint.config.js)',
}));

/** Forbid every import specifier matching `regex`; `message` says which direction is allowed. */
const restrict = (message, regex) => ({
  'no-restricted-imports': ['error', { patterns: [{ regex, message }] }],
});

export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', 'out/**', 'release/**', 'test-results/**', 'playwright-report/**'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/ban-ts-comment': ['error', { 'ts-expect-error': 'allow-with-description' }],
    },
  },
  {
    // Migrations are frozen in time and take Kysely<any> (STYLE: Kysely habit).
    files: ['migrations/**/*.ts', 'src-main/core/db/database.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    files: ['src-shared/**/*.ts'],
    rules: restrict(
      'src-shared imports nothing of ours and no Node, Electron or database API',
      `(^|/)(src-main|src-renderer|migrations|tests)(/|$)|^(electron|keytar|better-sqlite3|kysely|undici|ws|react)$|${NODE_BUILTIN}`,
    ),
  },
  {
    files: ['src-renderer/**/*.ts', 'src-renderer/**/*.tsx'],
    rules: restrict(
      'src-renderer may import only src-shared and browser libraries',
      `(^|/)(src-main|migrations|tests)(/|$)|^(electron|keytar|better-sqlite3|kysely|undici|ws)$|${NODE_BUILTIN}`,
    ),
  },
  {
    files: ['src-main/core/**/*.ts'],
    rules: restrict(
      'src-main/core never imports electron, the keychain module or the shells (app, host, cli)',
      '^(electron|keytar)$|(^|/)(app|host|cli|src-renderer)(/|$)',
    ),
  },
  {
    // One way to the database (issue 8 item 7): statements are built with Kysely and run through
    // SqlRunner (db/sql-runner.ts), whose slow-query log sees them all. Only db/ touches the raw
    // better-sqlite3 handle or lets Kysely execute; the runner's own db.prepare / db.transaction are fine.
    files: ['src-main/**/*.ts'],
    ignores: ['src-main/core/**'],
    rules: { 'no-restricted-syntax': ['error', ...ONE_WAY_TO_THE_DATABASE, ...NO_CORE_INTERNALS] },
  },
  {
    // Core returns message codes; the Russian is in src-shared/messages (issue 8, item 10). Russian
    // that is content, not a message to the seller, lives in these files: phrase lists, templates,
    // the demo shop, the AI prompt, keyword rules, the priority reasons stored with each item.
    // (One `no-restricted-syntax` per file: a later config replaces an earlier one, so core's
    // configs each list every selector that applies to their files.)
    files: ['src-main/core/**/*.ts'],
    ignores: [...CORE_RUSSIAN_CONTENT, 'src-main/core/db/**'],
    rules: {
      'no-restricted-syntax': ['error', ...ONE_WAY_TO_THE_DATABASE, ...NO_RUSSIAN_MESSAGES, ...NO_CORE_INTERNALS],
    },
  },
  {
    files: CORE_RUSSIAN_CONTENT,
    rules: { 'no-restricted-syntax': ['error', ...ONE_WAY_TO_THE_DATABASE, ...NO_CORE_INTERNALS] },
  },
  {
    files: ['src-main/core/db/**/*.ts'],
    rules: { 'no-restricted-syntax': ['error', ...NO_RUSSIAN_MESSAGES, ...NO_CORE_INTERNALS] },
  },
  {
    files: ['src-main/app/preload.ts'],
    rules: restrict('the preload imports only electron and src-shared', '^(?!electron$|(\\.\\./)+src-shared/)'),
  },
);
