import path from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(__dirname, '../..');
const eslint = new ESLint({ cwd: ROOT });

/** Lints `code` as if it were the file at `file`, returning the messages of `rule` (the layer rule by default). */
async function layerErrors(file: string, code: string, rule = 'no-restricted-imports'): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(ROOT, file) });
  return result!.messages.filter((m) => m.ruleId === rule).map((m) => m.message);
}

describe('import directions are lint errors (DESIGN §1)', () => {
  it('src-shared imports nothing of ours and no Node API', async () => {
    expect(await layerErrors('src-shared/ipc/x.ts', "import '../../src-main/core/core';\n")).toHaveLength(1);
    expect(await layerErrors('src-shared/domain/x.ts', "import 'node:fs';\n")).toHaveLength(1);
    expect(
      await layerErrors('src-shared/domain/x.ts', "import { z } from 'zod';\nimport './interaction';\nvoid z;\n"),
    ).toHaveLength(0);
  });

  it('src-renderer imports only src-shared', async () => {
    expect(await layerErrors('src-renderer/x.ts', "import '../src-main/core/core';\n")).toHaveLength(1);
    expect(await layerErrors('src-renderer/x.ts', "import 'electron';\n")).toHaveLength(1);
    expect(await layerErrors('src-renderer/x.ts', "import '../src-shared/ipc/contract';\n")).toHaveLength(0);
  });

  it('src-main/core never imports electron, keytar or the shells', async () => {
    expect(await layerErrors('src-main/core/x.ts', "import 'electron';\n")).toHaveLength(1);
    expect(await layerErrors('src-main/core/x.ts', "import 'keytar';\n")).toHaveLength(1);
    expect(await layerErrors('src-main/core/sync/x.ts', "import '../../app/main';\n")).toHaveLength(1);
    expect(await layerErrors('src-main/core/sync/x.ts', "import '../db/database';\n")).toHaveLength(0);
  });

  it('the preload imports only electron and src-shared', async () => {
    expect(await layerErrors('src-main/app/preload.ts', "import './ipc-main';\n")).toHaveLength(1);
    expect(await layerErrors('src-main/app/preload.ts', "import 'node:fs';\n")).toHaveLength(1);
    expect(
      await layerErrors('src-main/app/preload.ts', "import 'electron';\nimport '../../src-shared/ipc/contract';\n"),
    ).toHaveLength(0);
  });
});

describe('one way to the database: statements run through the SqlRunner (issue 8 item 7)', () => {
  const dbErrors = (file: string, code: string) => layerErrors(file, code, 'no-restricted-syntax');

  it('the raw better-sqlite3 handle is not used outside db/', async () => {
    expect(
      await dbErrors(
        'src-main/core/sync/x.ts',
        "export const f = (sqlite: any) => sqlite.prepare('SELECT 1').get();\n",
      ),
    ).toHaveLength(1);
    expect(
      await dbErrors('src-main/core/inbox/x.ts', 'export const f = (ctx: any) => ctx.sqlite.transaction(() => 1)();\n'),
    ).toHaveLength(1);
    expect(await dbErrors('src-main/cli/x.ts', 'export const f = (core: any) => core.database.sqlite;\n')).toHaveLength(
      1,
    );
    expect(
      await dbErrors('src-main/core/db/x.ts', "export const f = (sqlite: any) => sqlite.prepare('SELECT 1').get();\n"),
    ).toHaveLength(0);
  });

  it('Kysely builders are not executed by Kysely outside db/', async () => {
    expect(
      await dbErrors(
        'src-main/core/ai/x.ts',
        "export const f = (db: any) => db.build.selectFrom('accounts').selectAll().execute();\n",
      ),
    ).toHaveLength(1);
    expect(
      await dbErrors(
        'src-main/cli/x.ts',
        "export const f = (db: any) => db.selectFrom('accounts').executeTakeFirst();\n",
      ),
    ).toHaveLength(1);
  });

  it('the runner itself is the way: db.get / db.prepare / db.transaction pass, and so does RegExp exec', async () => {
    const code = [
      "export const a = (db: any) => db.get(db.build.selectFrom('accounts').selectAll());",
      "export const b = (db: any) => db.prepare((p: any) => db.build.selectFrom('accounts').where('id', '=', p.id));",
      'export const c = (db: any) => db.transaction(() => 1, { fsync: false });',
      'export const d = (text: string) => /a/.exec(text);',
    ].join('\n');
    expect(await dbErrors('src-main/core/sync/x.ts', `${code}\n`)).toHaveLength(0);
  });
});

describe('core returns message codes, not Russian (issue 8, item 10)', () => {
  const russianErrors = async (file: string, code: string) => {
    const [result] = await eslint.lintText(code, { filePath: path.join(ROOT, file) });
    return result!.messages.filter((m) => m.ruleId === 'no-restricted-syntax');
  };

  it('a Russian string or template literal in core is a lint error', async () => {
    expect(await russianErrors('src-main/core/sync/x.ts', "export const m = 'Нет связи с WB';\n")).toHaveLength(1);
    expect(
      await russianErrors('src-main/core/replies/x.ts', 'export const m = (n: number) => `#${n} не найден`;\n'),
    ).toHaveLength(1);
  });

  it('codes, comments, type literals and the content files are fine', async () => {
    expect(
      await russianErrors(
        'src-main/core/sync/x.ts',
        "// «Повторить» retries\nexport const m = { code: 'wb_unreachable', params: {} };\n",
      ),
    ).toHaveLength(0);
    expect(await russianErrors('src-main/core/ai/x.ts', "export type Formality = 'вы' | 'ты';\n")).toHaveLength(0);
    // A pattern reads buyers' text; it says nothing to the seller.
    expect(await russianErrors('src-main/core/inbox/x.ts', 'export const defect = /брак/;\n')).toHaveLength(0);
    expect(
      await russianErrors('src-main/core/replies/guardrail-phrases.ts', "export const p = ['вернём деньги'];\n"),
    ).toHaveLength(0);
    expect(await russianErrors('src-shared/messages/texts.ts', "export const t = 'Нет связи с WB';\n")).toHaveLength(0);
  });
});

describe('the shells use core.call and core.events, not core.internals (issue 8 item 9)', () => {
  const internalsErrors = (file: string, code: string) => layerErrors(file, code, 'no-restricted-syntax');

  it('core.internals is a lint error anywhere in src-main, also where other syntax rules apply', async () => {
    const code = 'export const f = (core: any) => core.internals.outbox;\n';
    for (const file of [
      'src-main/cli/x.ts',
      'src-main/host/x.ts',
      'src-main/app/x.ts',
      'src-main/core/x.ts',
      'src-main/core/db/x.ts',
      'src-main/core/demo/demo-data.ts',
    ])
      expect(await internalsErrors(file, code), file).toHaveLength(1);
  });

  it('the rest of src-main still gets its other syntax rules alongside it', async () => {
    expect(
      await internalsErrors('src-main/cli/x.ts', 'export const f = (core: any) => core.internals.database.sqlite;\n'),
    ).toHaveLength(2);
    expect(
      await internalsErrors(
        'src-main/cli/x.ts',
        "export const f = async (core: any) => core.call('accounts.list', {});\n",
      ),
    ).toHaveLength(0);
  });
});
