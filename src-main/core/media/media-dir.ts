import path from 'node:path';

/** `<dataDir>/media`: where core caches photos, and the one folder the shells serve at `/media/`. */
export const mediaDirOf = (dataDir: string) => path.join(dataDir, 'media');
