import { redact, redactValue } from './redact';

/** The logger core is handed (DESIGN §1: dependencies passed in). Never pass a secret to it; core masks known ones anyway. */
export interface Logger {
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

export const silentLogger: Logger = { debug() {}, info() {}, warn() {}, error() {} };

/** Every known secret masked in the message and in every field, however deep (an error text may quote a server's echo). */
export function redactingLogger(logger: Logger): Logger {
  const at = (level: keyof Logger) => (message: string, fields?: Record<string, unknown>) =>
    logger[level](redact(message), fields === undefined ? undefined : (redactValue(fields) as Record<string, unknown>));
  return { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

/** Line-per-entry JSON to stderr, so stdout stays clean for CLI output; secrets masked (shells log outside core too);
 * `clock` stamps the entries (the shell's). */
export function createStderrLogger(clock: () => Date, minLevel: 'debug' | 'info' | 'warn' | 'error' = 'info'): Logger {
  const order = { debug: 0, info: 1, warn: 2, error: 3 } as const;
  const emit = (level: keyof typeof order) => (message: string, fields?: Record<string, unknown>) => {
    if (order[level] < order[minLevel]) return;
    process.stderr.write(`${redact(JSON.stringify({ t: clock().toISOString(), level, message, ...fields }))}\n`);
  };
  return { debug: emit('debug'), info: emit('info'), warn: emit('warn'), error: emit('error') };
}
