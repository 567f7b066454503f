/**
 * The colour theme: «Системная» follows the OS (prefers-color-scheme, in styles.css), «Светлая» and
 * «Тёмная» pin one by `data-theme` on <html>. Kept in this window's localStorage: a per-computer taste,
 * not a shop's setting.
 */
export const THEMES = ['system', 'light', 'dark'] as const;
export type Theme = (typeof THEMES)[number];

const KEY = 'agentiq.theme';

export function readTheme(): Theme {
  try {
    const value = window.localStorage.getItem(KEY);
    return (THEMES as readonly string[]).includes(value ?? '') ? (value as Theme) : 'system';
  } catch {
    return 'system';
  }
}

export function applyTheme(theme: Theme = readTheme()): void {
  const root = document.documentElement;
  if (theme === 'system') delete root.dataset.theme;
  else root.dataset.theme = theme;
}

export function saveTheme(theme: Theme): void {
  try {
    window.localStorage.setItem(KEY, theme);
  } catch {
    // Storage may be disabled: the choice then lasts for this session only.
  }
  applyTheme(theme);
}
