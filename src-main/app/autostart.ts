import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { App } from 'electron';
import type { LoginItemView } from '../../src-shared/ipc/contract';
import { CoreError } from '../core/errors';

/**
 * Start at login. macOS and Windows keep it themselves (login items, the Run key) and Electron
 * sets it (app.setLoginItemSettings, @platform darwin,win32). On Linux the desktop starts what
 * `$XDG_CONFIG_HOME/autostart/*.desktop` lists (XDG Autostart spec), so the app writes or removes
 * its own entry there. Either way the switch reads the truth from the OS each time: the seller may
 * turn it off in the OS settings (GNOME writes `X-GNOME-Autostart-enabled=false` into the entry).
 */
export interface LoginItems {
  read(): LoginItemView;
  set(openAtLogin: boolean): LoginItemView;
  /** At app start: an enabled entry is pointed at the running binary again (an AppImage moved or updated). */
  refresh(): void;
}

/** The file name is the app's id, so it replaces (not duplicates) an entry an earlier version wrote. */
export const AUTOSTART_FILE_NAME = 'agentiq-desktop.desktop';

export interface XdgAutostartDeps {
  env: NodeJS.ProcessEnv;
  homeDir: string;
  /** process.execPath: the Electron binary of an unpacked or .deb install. */
  execPath: string;
}

/** `$XDG_CONFIG_HOME/autostart/agentiq-desktop.desktop`; XDG_CONFIG_HOME defaults to ~/.config and must be absolute. */
export function autostartFile({ env, homeDir }: Pick<XdgAutostartDeps, 'env' | 'homeDir'>): string {
  const configHome = env.XDG_CONFIG_HOME;
  const base = configHome && path.isAbsolute(configHome) ? configHome : path.join(homeDir, '.config');
  return path.join(base, 'autostart', AUTOSTART_FILE_NAME);
}

/**
 * What the entry starts: an AppImage runs from a temporary mount (process.execPath is inside it
 * and gone after exit), so its own path, which the AppImage runtime puts in `APPIMAGE`.
 */
export const launchPath = ({ env, execPath }: Pick<XdgAutostartDeps, 'env' | 'execPath'>): string =>
  env.APPIMAGE && path.isAbsolute(env.APPIMAGE) ? env.APPIMAGE : execPath;

/**
 * The Exec= value for one program path (Desktop Entry spec, "The Exec key"): quoted, with `"`,
 * `` ` ``, `$` and `\` backslash-escaped inside the quotes, then the string-level escape of `\`
 * applied on top, and `%` doubled (a single one starts a field code).
 */
export function execValue(program: string): string {
  if (/[\u0000-\u001f\u007f]/.test(program)) throw new CoreError('login_item_failed', { reason: 'unusable path' });
  const quoted = `"${program.replace(/["`$\\]/g, '\\$&')}"`;
  return quoted.replace(/\\/g, '\\\\').replace(/%/g, '%%');
}

export function desktopEntry(program: string): string {
  return [
    '[Desktop Entry]',
    'Type=Application',
    'Name=AgentIQ Desktop',
    'Comment=Reviews, questions and chats of Wildberries shops',
    `Exec=${execValue(program)}`,
    'Terminal=false',
    'X-GNOME-Autostart-enabled=true',
    '',
  ].join('\n');
}

/** The entry's lines by key, from its [Desktop Entry] group only. */
function entryKeys(text: string): Map<string, string> {
  const keys = new Map<string, string>();
  let inEntry = false;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line.startsWith('[')) inEntry = line === '[Desktop Entry]';
    else if (inEntry && line.includes('=') && !line.startsWith('#')) {
      const at = line.indexOf('=');
      keys.set(line.slice(0, at).trim(), line.slice(at + 1).trim());
    }
  }
  return keys;
}

const readEntry = (file: string): string | null => {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
};

/** Whether the desktop will start the entry: present, not Hidden, not switched off in GNOME's settings. */
export function entryEnabled(text: string | null): boolean {
  if (text === null) return false;
  const keys = entryKeys(text);
  return keys.get('Hidden') !== 'true' && keys.get('X-GNOME-Autostart-enabled') !== 'false';
}

const failure = (error: unknown) =>
  error instanceof CoreError
    ? error
    : new CoreError('login_item_failed', { reason: error instanceof Error ? error.message : String(error) });

/** Written beside and renamed over: a crash never leaves half an entry for the desktop to run. */
function writeEntry(file: string, text: string) {
  mkdirSync(path.dirname(file), { recursive: true });
  const temp = `${file}.${process.pid}.tmp`;
  writeFileSync(temp, text, { mode: 0o644 });
  renameSync(temp, file);
}

export function xdgAutostart(deps: XdgAutostartDeps): LoginItems {
  const file = autostartFile(deps);
  const read = (): LoginItemView => {
    try {
      return { supported: true, openAtLogin: entryEnabled(readEntry(file)) };
    } catch (error) {
      throw failure(error);
    }
  };
  return {
    read,
    set(openAtLogin) {
      try {
        if (openAtLogin) writeEntry(file, desktopEntry(launchPath(deps)));
        else rmSync(file, { force: true });
      } catch (error) {
        throw failure(error);
      }
      return read();
    },
    refresh() {
      const text = readEntry(file);
      if (!entryEnabled(text)) return;
      const wanted = execValue(launchPath(deps));
      if (entryKeys(text!).get('Exec') !== wanted) writeEntry(file, desktopEntry(launchPath(deps)));
    },
  };
}

type LoginItemApp = Pick<App, 'getLoginItemSettings' | 'setLoginItemSettings'>;

/** macOS and Windows: Electron's login item API; the OS keeps the path of the installed app. */
export function electronLoginItems(app: LoginItemApp): LoginItems {
  const read = (): LoginItemView => ({ supported: true, openAtLogin: app.getLoginItemSettings().openAtLogin });
  return {
    read,
    set(openAtLogin) {
      try {
        app.setLoginItemSettings({ openAtLogin });
      } catch (error) {
        throw failure(error);
      }
      return read();
    },
    refresh() {},
  };
}

/** The platform's way: Electron's API where it has one, the XDG autostart entry elsewhere (Linux, BSDs). */
export function loginItemsFor(platform: NodeJS.Platform, app: LoginItemApp, xdg: XdgAutostartDeps): LoginItems {
  return platform === 'darwin' || platform === 'win32' ? electronLoginItems(app) : xdgAutostart(xdg);
}
