/**
 * The knowledge base format (issue 12 item 5; README «Avito bot and knowledge base»): plain text
 * or Markdown files the seller edits. Two kinds of entries:
 *
 * - FAQ: a line starting with `Q:` / `В:` / `Вопрос:` opens a question, a line starting with
 *   `A:` / `О:` / `Ответ:` its answer; the answer runs to the next question or heading.
 * - Notes: a Markdown heading (`#` … `######`) opens a section titled by it; its text (outside
 *   FAQ pairs) is the note. Text before the first heading is a note titled by the file name.
 *
 * Sections without text and questions without an answer are no entries: the bot cannot cite them.
 */
export interface ParsedEntry {
  kind: 'faq' | 'note';
  title: string;
  body: string;
}

const QUESTION = /^\s*(?:q|в|вопрос)\s*[:：]\s*/iu;
const ANSWER = /^\s*(?:a|о|ответ)\s*[:：]\s*/iu;
const HEADING = /^\s{0,3}#{1,6}\s+(.*?)\s*#*\s*$/u;

/** Long enough for any FAQ answer; bounds the prompt when a whole document sits under one heading. */
const MAX_BODY = 4000;
const MAX_TITLE = 300;

const clip = (text: string, max: number) => (text.length > max ? `${text.slice(0, max)}…` : text);
const tidy = (lines: string[]) =>
  lines
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();

export function parseKnowledge(text: string, fileTitle: string): ParsedEntry[] {
  const entries: ParsedEntry[] = [];
  let noteTitle = fileTitle;
  let noteLines: string[] = [];
  let faq: { question: string[]; answer: string[] | null } | null = null;

  const closeFaq = () => {
    if (faq?.answer) {
      const title = tidy(faq.question);
      const body = tidy(faq.answer);
      if (title && body) entries.push({ kind: 'faq', title: clip(title, MAX_TITLE), body: clip(body, MAX_BODY) });
    }
    faq = null;
  };
  const closeNote = () => {
    const body = tidy(noteLines);
    if (body) entries.push({ kind: 'note', title: clip(noteTitle, MAX_TITLE), body: clip(body, MAX_BODY) });
    noteLines = [];
  };

  for (const line of text.replace(/^\uFEFF/, '').split(/\r?\n/)) {
    const heading = HEADING.exec(line);
    if (heading) {
      closeFaq();
      closeNote();
      noteTitle = heading[1] || fileTitle;
      continue;
    }
    if (QUESTION.test(line)) {
      closeFaq();
      // The section's text so far is its note, numbered before the questions that follow it.
      closeNote();
      faq = { question: [line.replace(QUESTION, '')], answer: null };
      continue;
    }
    const open = faq as { question: string[]; answer: string[] | null } | null;
    if (open && open.answer === null && ANSWER.test(line)) {
      open.answer = [line.replace(ANSWER, '')];
      continue;
    }
    if (open) (open.answer ?? open.question).push(line);
    else noteLines.push(line);
  }
  closeFaq();
  closeNote();
  return entries;
}
