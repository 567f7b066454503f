/** Where the keychain is used: the OS, and whether this is an installed app or a checkout. */
export interface KeychainFixContext {
  platform: NodeJS.Platform;
  /** Electron's `app.isPackaged`: a broken install is fixed by reinstalling the app, not by a command. */
  packaged: boolean;
  /** Running inside Electron (its own native ABI) rather than Node. */
  electron: boolean;
}

/** Why keytar did not load, as far as the fix differs. */
export type KeytarLoadFailure = 'package_missing' | 'wrong_abi' | 'native_failed';

/**
 * `package_missing`: npm left keytar out (an optionalDependency whose build failed, package.json).
 * `wrong_abi`: built for the other runtime (Node vs Electron, scripts/native-abi.mjs swaps them).
 * `native_failed`: present but its binary is missing or cannot load (Linux: libsecret-1.so absent).
 */
export function classifyLoadFailure(error: unknown): KeytarLoadFailure {
  const message = error instanceof Error ? error.message : String(error);
  if (/NODE_MODULE_VERSION|compiled against a different Node\.js version/.test(message)) return 'wrong_abi';
  // The module itself is not found (not its ../build/Release/keytar.node): npm did not install it.
  if (/Cannot find (module|package) 'keytar'/.test(message)) return 'package_missing';
  return 'native_failed';
}

/**
 * The one command that makes keytar load. Linux builds it from source against libsecret (and
 * needs a Secret Service to talk to, hence gnome-keyring); on Windows and macOS keytar's install
 * downloads a prebuilt binary, so installing again is enough.
 */
export function moduleFixCommand(failure: KeytarLoadFailure, context: KeychainFixContext): string | null {
  if (context.packaged) return null;
  if (failure === 'wrong_abi') return `node scripts/native-abi.mjs ${context.electron ? 'electron' : 'node'}`;
  const install = failure === 'package_missing' ? 'npm ci' : 'npm rebuild keytar';
  return context.platform === 'linux' ? `sudo apt-get install -y libsecret-1-dev gnome-keyring && ${install}` : install;
}

/**
 * The one command that gets the keychain to answer. Linux: gnome-keyring provides the Secret
 * Service by D-Bus activation, so installing it is enough in a desktop session. macOS: the login
 * keychain is locked. Windows' Credential Manager has no such switch.
 */
export function secretServiceFixCommand(context: KeychainFixContext): string | null {
  if (context.platform === 'linux') return 'sudo apt-get install -y gnome-keyring';
  if (context.platform === 'darwin') return 'security unlock-keychain ~/Library/Keychains/login.keychain-db';
  return null;
}
