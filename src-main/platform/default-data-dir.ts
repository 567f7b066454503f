import os from 'node:os';
import path from 'node:path';

export const PRODUCT_NAME = 'AgentIQ Desktop';

/**
 * The folder Electron's `app.getPath('userData')` gives for this product, computed without
 * Electron so the host and the CLI open the same database as the app. AGENTIQ_DATA_DIR wins.
 */
export function resolveDataDir(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
): string {
  if (env.AGENTIQ_DATA_DIR) return path.resolve(env.AGENTIQ_DATA_DIR);
  const home = os.homedir();
  if (platform === 'win32') return path.join(env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), PRODUCT_NAME);
  if (platform === 'darwin') return path.join(home, 'Library', 'Application Support', PRODUCT_NAME);
  return path.join(env.XDG_CONFIG_HOME ?? path.join(home, '.config'), PRODUCT_NAME);
}
