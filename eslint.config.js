// Lint enforces the layer rules of DESIGN §1 / STYLE habit 4: a wrong import fails `npm test`.
import tseslint from 'typescript-eslint';

const NODE_BUILTIN = '^node:|^(fs|path|os|child_process|crypto|http|https|net|url|worker_threads|stream|events|util)(/|$)';

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
    ignores: ['src-main/core/db/**'],
    rules: {
      'no-restricted-syntax': [
        'error',
        ...["MemberExpression[object.name='sqlite']", "MemberExpression[property.name='sqlite']"].map((selector) => ({
          selector,
          message: 'Use the SqlRunner (`db`), not the raw better-sqlite3 handle: db.get/all/run(db.build…), db.prepare for hot paths, db.transaction',
        })),
        {
          selector: "CallExpression[callee.property.name=/^(execute|executeTakeFirst|executeTakeFirstOrThrow|stream)$/]",
          message: "Run Kysely builders through the SqlRunner (db.get/all/run), not Kysely's own execute",
        },
      ],
    },
  },
  {
    files: ['src-main/app/preload.ts'],
    rules: restrict('the preload imports only electron and src-shared', '^(?!electron$|(\\.\\./)+src-shared/)'),
  },
);
