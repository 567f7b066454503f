/**
 * `npx tsx tests/bench/knowledge.ts`: figures for the Avito bot's knowledge base, never assertions.
 * A generated folder of BENCH_KB_FILES files (default 100) × 20 FAQ entries each (2 000 entries):
 * the first index, a re-check with nothing changed (what every bot decision pays), a re-check
 * after one file changed, and retrieval latency percentiles over 500 buyer-like messages.
 * The last line is one JSON object of named figures.
 */
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { openDatabase } from '../../src-main/core/db/database';
import { searchKnowledge, syncKnowledge } from '../../src-main/core/knowledge/knowledge-index';

const FILES = Number(process.env.BENCH_KB_FILES ?? 100);
const TOPICS = ['доставка', 'размер', 'цвет', 'оплата', 'самовывоз', 'гарантия', 'материал', 'упаковка', 'скидка'];
const CITIES = ['Москвы', 'Казани', 'Перми', 'Тулы', 'Омска'];

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return Number(sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!.toFixed(3));
};

async function main() {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'agentiq-kb-bench-'));
  try {
    const knowledge = path.join(dir, 'knowledge');
    mkdirSync(knowledge);
    const database = await openDatabase(path.join(dir, 'agentiq.db'));
    const db = database.runner;
    const stamp = new Date().toISOString();
    const accountId = Number(
      db.run(db.build.insertInto('accounts').values({ name: 'Bench', created_at: stamp, updated_at: stamp }))
        .lastInsertRowid,
    );
    for (let f = 0; f < FILES; f += 1) {
      const lines = [`# Раздел ${f}`, `Общие сведения о разделе ${f}.`, ''];
      for (let q = 0; q < 20; q += 1) {
        const topic = TOPICS[(f + q) % TOPICS.length]!;
        lines.push(`Q: Как у вас ${topic} товара ${f}-${q} до ${CITIES[q % CITIES.length]}?`);
        lines.push(
          `A: ${topic} для товара ${f}-${q}: подробный ответ продавца, два-три предложения о сроках и условиях.`,
        );
        lines.push('');
      }
      writeFileSync(path.join(knowledge, `file-${f}.md`), lines.join('\n'), { flag: 'w' });
    }
    let started = performance.now();
    const first = syncKnowledge(db, accountId, knowledge, new Date());
    const firstMs = performance.now() - started;
    const entries = db.get(
      db.build.selectFrom('knowledge_entries').select((eb) => eb.fn.countAll<number>().as('n')),
    )!.n;

    const unchanged: number[] = [];
    for (let i = 0; i < 50; i += 1) {
      started = performance.now();
      syncKnowledge(db, accountId, knowledge, new Date());
      unchanged.push(performance.now() - started);
    }
    const changedFile = path.join(knowledge, 'file-0.md');
    writeFileSync(changedFile, 'Q: Новый вопрос про доставку?\nA: Новый ответ.\n');
    utimesSync(changedFile, new Date(Date.now() + 60_000), new Date(Date.now() + 60_000));
    started = performance.now();
    syncKnowledge(db, accountId, knowledge, new Date());
    const oneChangedMs = performance.now() - started;

    const search: number[] = [];
    for (let i = 0; i < 500; i += 1) {
      const text = `Здравствуйте! Подскажите, пожалуйста, ${TOPICS[i % TOPICS.length]} до ${CITIES[i % CITIES.length]} сколько займёт? Заказ ${i}`;
      started = performance.now();
      searchKnowledge(db, accountId, text);
      search.push(performance.now() - started);
    }
    await database.close();
    const figures = {
      kb_files: first.files,
      kb_entries: entries,
      kb_first_index_ms: Number(firstMs.toFixed(1)),
      kb_recheck_unchanged_p50_ms: percentile(unchanged, 50),
      kb_recheck_unchanged_p95_ms: percentile(unchanged, 95),
      kb_recheck_one_changed_ms: Number(oneChangedMs.toFixed(2)),
      kb_search_p50_ms: percentile(search, 50),
      kb_search_p95_ms: percentile(search, 95),
    };
    console.log(
      `${figures.kb_entries} entries in ${figures.kb_files} files: first index ${figures.kb_first_index_ms} ms, ` +
        `re-check p50 ${figures.kb_recheck_unchanged_p50_ms} ms, one file changed ${figures.kb_recheck_one_changed_ms} ms, ` +
        `search p50 ${figures.kb_search_p50_ms} ms / p95 ${figures.kb_search_p95_ms} ms`,
    );
    console.log(JSON.stringify(figures));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

void main();
