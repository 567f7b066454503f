import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { autostartFile, desktopEntry, execValue, launchPath, xdgAutostart } from '../../src-main/app/autostart';

/** Start at login on Linux: the XDG autostart entry, in a temp XDG_CONFIG_HOME. */
let root: string;
beforeEach(() => {
  root = mkdtempSync(path.join(tmpdir(), 'agentiq-autostart-'));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

const deps = (env: NodeJS.ProcessEnv = {}) => ({
  env: { XDG_CONFIG_HOME: path.join(root, 'config'), ...env },
  homeDir: path.join(root, 'home'),
  execPath: '/opt/AgentIQ Desktop/agentiq-desktop',
});
const entryPath = () => path.join(root, 'config', 'autostart', 'agentiq-desktop.desktop');

describe('XDG autostart entry', () => {
  it('lives in $XDG_CONFIG_HOME/autostart, or ~/.config/autostart when the variable is unset or relative', () => {
    expect(autostartFile(deps())).toBe(entryPath());
    const home = path.join(root, 'home');
    expect(autostartFile({ env: {}, homeDir: home })).toBe(
      path.join(home, '.config/autostart/agentiq-desktop.desktop'),
    );
    expect(autostartFile({ env: { XDG_CONFIG_HOME: 'rel' }, homeDir: home })).toBe(
      path.join(home, '.config/autostart/agentiq-desktop.desktop'),
    );
  });

  it('starts the AppImage itself when the app runs from one, else the executable', () => {
    expect(launchPath(deps())).toBe('/opt/AgentIQ Desktop/agentiq-desktop');
    expect(launchPath(deps({ APPIMAGE: '/home/s/AgentIQ.AppImage' }))).toBe('/home/s/AgentIQ.AppImage');
  });

  it('quotes and escapes the path as the Desktop Entry spec asks', () => {
    expect(execValue('/opt/AgentIQ Desktop/app')).toBe('"/opt/AgentIQ Desktop/app"');
    expect(execValue('/a/"q"/$x/`y`/100%')).toBe('"/a/\\\\"q\\\\"/\\\\$x/\\\\`y\\\\`/100%%"');
    expect(execValue('/a\\b')).toBe('"/a\\\\\\\\b"');
    expect(() => execValue('/a\nExec=/bin/evil')).toThrow(expect.objectContaining({ code: 'login_item_failed' }));
    expect(desktopEntry('/x/app')).toMatch(/^\[Desktop Entry\]\nType=Application\n/);
  });

  it('turning it on writes the entry, off removes it, and reading follows the file', () => {
    const items = xdgAutostart(deps());
    expect(items.read()).toEqual({ supported: true, openAtLogin: false });
    expect(items.set(true)).toEqual({ supported: true, openAtLogin: true });
    expect(readFileSync(entryPath(), 'utf8')).toContain('Exec="/opt/AgentIQ Desktop/agentiq-desktop"\n');
    expect(items.set(false)).toEqual({ supported: true, openAtLogin: false });
    expect(existsSync(entryPath())).toBe(false);
    expect(items.set(false)).toEqual({ supported: true, openAtLogin: false });
  });

  it('an entry switched off in the desktop settings reads as off and is not rewritten at start', () => {
    mkdirSync(path.dirname(entryPath()), { recursive: true });
    const off = '[Desktop Entry]\nType=Application\nExec="/old/app"\nX-GNOME-Autostart-enabled=false\n';
    writeFileSync(entryPath(), off);
    const items = xdgAutostart(deps());
    expect(items.read()).toEqual({ supported: true, openAtLogin: false });
    items.refresh();
    expect(readFileSync(entryPath(), 'utf8')).toBe(off);
    writeFileSync(entryPath(), '[Desktop Entry]\nExec="/old/app"\nHidden=true\n');
    expect(items.read().openAtLogin).toBe(false);
  });

  it('at start an enabled entry with another path is rewritten, one with the current path is left alone', () => {
    mkdirSync(path.dirname(entryPath()), { recursive: true });
    writeFileSync(entryPath(), '[Desktop Entry]\nType=Application\nExec="/old/app"\n');
    const items = xdgAutostart(deps({ APPIMAGE: '/home/s/New.AppImage' }));
    items.refresh();
    const rewritten = readFileSync(entryPath(), 'utf8');
    expect(rewritten).toContain('Exec="/home/s/New.AppImage"');
    writeFileSync(entryPath(), `${rewritten}# the seller's own line\n`);
    items.refresh();
    expect(readFileSync(entryPath(), 'utf8')).toContain("# the seller's own line");
  });
});
