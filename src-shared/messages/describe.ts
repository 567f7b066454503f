import type { CoreMessage, MessageCode } from './catalog';
import { TEXTS, type TextFormat } from './texts';

export interface DescribeOptions {
  /** The moment the text is read at: a time on this calendar day reads «14:05», another day adds the date. */
  now: Date;
  /** IANA zone for times and dates; the runtime's own zone when left out. */
  timeZone?: string;
}

/**
 * The seller-facing Russian of a message core reported (catalog.ts): the renderer and the CLI
 * call this, core never does. An unknown code (data from a newer version) still reads as something.
 */
export function describe(message: CoreMessage, options: DescribeOptions): string {
  return render(message, textFormat(options));
}

function render(message: { code: MessageCode; params: unknown }, format: TextFormat): string {
  const text = TEXTS[message.code] as ((params: unknown, format: TextFormat) => string) | undefined;
  if (!text) return `Неизвестная ошибка (${String(message.code)})`;
  try {
    return text(message.params ?? {}, format);
  } catch {
    // Params of an older or damaged row: the code alone still says what kind of problem it was.
    return `Ошибка: ${String(message.code)}`;
  }
}

function textFormat({ now, timeZone }: DescribeOptions): TextFormat {
  // Built on first use: most messages carry no time, and the renderer describes on every render.
  let formats: { clock: Intl.DateTimeFormat; day: Intl.DateTimeFormat } | null = null;
  const intl = () =>
    (formats ??= {
      clock: new Intl.DateTimeFormat('ru-RU', { hour: '2-digit', minute: '2-digit', timeZone }),
      day: new Intl.DateTimeFormat('ru-RU', { day: '2-digit', month: '2-digit', year: 'numeric', timeZone }),
    });
  const parse = (iso: string) => {
    const at = new Date(iso);
    return Number.isNaN(at.getTime()) ? null : at;
  };
  const format: TextFormat = {
    time(iso) {
      const at = parse(iso);
      if (!at) return iso;
      const { clock, day } = intl();
      const date = day.format(at);
      return date === day.format(now) ? clock.format(at) : `${date} ${clock.format(at)}`;
    },
    date(iso) {
      const at = parse(iso);
      return at ? intl().day.format(at) : iso;
    },
    describe: (nested) => render(nested, format),
  };
  return format;
}
