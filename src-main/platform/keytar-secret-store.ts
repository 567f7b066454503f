import { createRequire } from 'node:module';
import type { KeychainStatus } from '../../src-shared/domain/keychain';
import { CoreError } from '../core/errors';
import type { SecretStore } from '../core/secrets';
import {
  classifyLoadFailure,
  moduleFixCommand,
  secretServiceFixCommand,
  type KeychainFixContext,
} from './keychain-fix';
import type { KeychainAction } from '../../src-shared/messages/catalog';

/** The keychain entry's "service" (macOS Keychain item name, Windows credential target prefix, libsecret attribute). */
export const KEYCHAIN_SERVICE = 'AgentIQ Desktop';

/** The subset of keytar we use; declared here so a missing native module is a runtime state, not a type error. */
interface KeytarApi {
  getPassword(service: string, account: string): Promise<string | null>;
  setPassword(service: string, account: string, password: string): Promise<void>;
  deletePassword(service: string, account: string): Promise<boolean>;
}

type Availability =
  { available: true; keytar: KeytarApi } | ({ available: false } & Omit<KeychainStatus, 'available' | 'backend'>);

/**
 * Reads nothing secret: a lookup of a name no one writes, just to reach the secret service.
 * On Linux without a session bus libsecret fails here ("Cannot autolaunch D-Bus without X11 $DISPLAY").
 */
const PROBE_ACCOUNT = '__agentiq_probe__';
/** A session bus with no secret service can block until D-Bus activation times out (~25 s); a probe must not. */
const PROBE_TIMEOUT_MS = 5_000;

/**
 * keytar is an optionalDependency (package.json): a checkout whose keytar build failed still
 * installs, type-checks and runs, with the keychain reported unavailable. So it is required by a
 * name TypeScript and esbuild do not follow, not imported. CommonJS require also keeps loading the
 * native module from app.asar on Electron's asar-aware path.
 */
const requireHere = createRequire(import.meta.url);
const KEYTAR_MODULE = 'keytar';
const loadInstalledKeytar = () => requireHere(KEYTAR_MODULE) as unknown;

export interface KeytarSecretStoreOptions {
  service?: string;
  /** Loads the keytar module (tests inject one that fails or a fake keychain). */
  loadKeytar?: () => unknown;
  platform?: NodeJS.Platform;
  /** Electron's `app.isPackaged`: the fix for a broken install is reinstalling the app. */
  packaged?: boolean;
}

/**
 * SecretStore over the OS keychain (DESIGN §1: tokens live in the keychain, the DB keeps a reference).
 * keytar is loaded lazily, so a machine without it, without libsecret or without a secret service
 * reports `status().available = false` with the reason and the fix instead of crashing at start-up.
 */
export class KeytarSecretStore implements SecretStore {
  private availability: Promise<Availability> | null = null;
  private readonly service: string;
  private readonly loadKeytar: () => unknown;
  private readonly context: KeychainFixContext;

  constructor(options: KeytarSecretStoreOptions = {}) {
    this.service = options.service ?? KEYCHAIN_SERVICE;
    this.loadKeytar = options.loadKeytar ?? loadInstalledKeytar;
    this.context = {
      platform: options.platform ?? process.platform,
      packaged: options.packaged ?? false,
      electron: Boolean(process.versions.electron),
    };
  }

  async status(): Promise<KeychainStatus> {
    const state = await this.check();
    if (state.available) return { available: true, backend: 'keytar', problem: null, reason: null, fixCommand: null };
    return {
      available: false,
      backend: 'keytar',
      problem: state.problem,
      reason: state.reason,
      fixCommand: state.fixCommand,
    };
  }

  async get(ref: string): Promise<string | null> {
    const keytar = await this.require('read');
    return this.guard('read', undefined, () => keytar.getPassword(this.service, ref));
  }

  async set(ref: string, secret: string): Promise<void> {
    const keytar = await this.require('save');
    await this.guard('save', secret, () => keytar.setPassword(this.service, ref, secret));
  }

  async delete(ref: string): Promise<void> {
    const keytar = await this.require('delete');
    await this.guard('delete', undefined, () => keytar.deletePassword(this.service, ref));
  }

  /** Probed once per store; a failed probe is retried on the next call (the seller may unlock the keychain meanwhile). */
  private check(): Promise<Availability> {
    this.availability ??= probe(this.service, this.loadKeytar, this.context).then((state) => {
      if (!state.available) this.availability = null;
      return state;
    });
    return this.availability;
  }

  private async require(action: KeychainAction): Promise<KeytarApi> {
    const state = await this.check();
    if (state.available) return state.keytar;
    throw new CoreError(
      'keychain_unavailable',
      { action, reason: state.reason, problem: state.problem, fixCommand: state.fixCommand },
      true,
    );
  }

  private async guard<T>(action: KeychainAction, secret: string | undefined, run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (error) {
      const reason = redact(errorText(error), secret);
      throw new CoreError('keychain_failed', { action, reason }, true);
    }
  }
}

async function probe(service: string, loadKeytar: () => unknown, context: KeychainFixContext): Promise<Availability> {
  let keytar: KeytarApi;
  try {
    keytar = asKeytar(await loadKeytar());
  } catch (error) {
    // Not installed (npm dropped it), built for the other runtime, or libsecret-1.so absent on Linux.
    return {
      available: false,
      problem: 'module_missing',
      reason: `keytar could not be loaded: ${errorText(error)}`,
      fixCommand: moduleFixCommand(classifyLoadFailure(error), context),
    };
  }
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`no answer from the secret service within ${PROBE_TIMEOUT_MS} ms`)),
      PROBE_TIMEOUT_MS,
    );
    timer.unref();
  });
  try {
    await Promise.race([keytar.getPassword(service, PROBE_ACCOUNT), timeout]);
    return { available: true, keytar };
  } catch (error) {
    return {
      available: false,
      problem: 'no_secret_service',
      reason: errorText(error),
      fixCommand: secretServiceFixCommand(context),
    };
  } finally {
    clearTimeout(timer);
  }
}

/** keytar is CommonJS: required, it is the module itself; a loader that imports it gets it on `default`. */
function asKeytar(module: unknown): KeytarApi {
  const candidate = (module as { default?: unknown }).default ?? module;
  const api = candidate as Partial<KeytarApi>;
  if (
    typeof api.getPassword !== 'function' ||
    typeof api.setPassword !== 'function' ||
    typeof api.deletePassword !== 'function'
  ) {
    throw new Error('the keytar module has no getPassword/setPassword/deletePassword');
  }
  return api as KeytarApi;
}

/** The first line: Node's "Cannot find module" goes on with a require stack of our own file paths. */
const errorText = (error: unknown) =>
  (error instanceof Error ? error.message : String(error)).split('\n')[0]!.slice(0, 300);

/** Native errors do not echo the password today; this keeps it that way if one ever does. */
const redact = (text: string, secret: string | undefined) => (secret ? text.split(secret).join('***') : text);
