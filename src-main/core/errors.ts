import type { CoreMessage, MessageCode, MessageParams, NoParams } from '../../src-shared/messages/catalog';

type CoreErrorArgs<C extends MessageCode> = NoParams extends MessageParams[C]
  ? [params?: MessageParams[C], retryable?: boolean]
  : [params: MessageParams[C], retryable?: boolean];

/**
 * An expected failure, as a message code and its params (src-shared/messages); crosses IPC as
 * `{code, params, retryable}` and is worded in Russian by the renderer or the CLI, never here.
 * Error.message is an English line for logs and stack traces, not seller text.
 */
export class CoreError<C extends MessageCode = MessageCode> extends Error {
  readonly params: MessageParams[C];
  readonly retryable: boolean;

  constructor(
    readonly code: C,
    ...[params, retryable]: CoreErrorArgs<C>
  ) {
    const fields = (params ?? {}) as MessageParams[C];
    super(`${code}${Object.keys(fields).length ? ` ${JSON.stringify(fields)}` : ''}`);
    this.name = 'CoreError';
    this.params = fields;
    this.retryable = retryable ?? false;
  }

  /** The message this error reports (what IPC carries and what a sync stores). */
  get coreMessage(): CoreMessage {
    return { code: this.code, params: this.params } as CoreMessage;
  }
}
