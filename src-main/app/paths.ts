import path from 'node:path';

export interface PathsApp {
  getPath(name: 'userData'): string;
  getAppPath(): string;
}

/** Where agentiq.db lives: AGENTIQ_DATA_DIR (tests, portable runs, a second profile) or the OS user-data folder. */
export function resolveDataDir(app: PathsApp, env: NodeJS.ProcessEnv = process.env): string {
  const fromEnv = env.AGENTIQ_DATA_DIR?.trim();
  return fromEnv ? path.resolve(fromEnv) : app.getPath('userData');
}

/**
 * Built files, relative to the app root (the folder with package.json, or app.asar when packaged),
 * so they resolve the same in `npm start` and in an installed app; no __dirname in the ESM source.
 */
export function resolveBuildPaths(app: PathsApp) {
  const root = app.getAppPath();
  return {
    preload: path.join(root, 'dist', 'main', 'preload.cjs'),
    rendererDir: path.join(root, 'dist', 'renderer'),
  };
}
