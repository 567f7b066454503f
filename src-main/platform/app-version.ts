import { readFileSync } from 'node:fs';

/** The version from package.json, for shells that run without Electron's app.getVersion(). */
export function appVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}
