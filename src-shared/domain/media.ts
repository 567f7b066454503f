/**
 * Photos of a review (WB `photoLinks`, CONTRACT §3) as the detail shows them. Core downloads them
 * into `<dataDir>/media/<sha256>.<ext>` (migration 0016) and the shells serve that folder, and
 * nothing else, at `/media/<file>`; the renderer never loads a remote image (CSP img-src 'self').
 */
export interface ReviewPhoto {
  index: number;
  /** WB's links (https, *.wbbasket.ru). */
  thumbUrl: string;
  fullUrl: string;
  /** Cached files (`<sha256>.<ext>`), null until downloaded. */
  thumbFile: string | null;
  fullFile: string | null;
  /** The thumbnail cannot be downloaded at all (refused host, not an image, too big): no retry soon. */
  thumbRefused: boolean;
}

/** The only names the media route serves: a SHA-256 in hex and an image extension. */
export const MEDIA_FILE_PATTERN = /^[0-9a-f]{64}\.(?:jpg|png|webp|gif)$/;

export const MEDIA_CONTENT_TYPES: Record<string, string> = {
  jpg: 'image/jpeg',
  png: 'image/png',
  webp: 'image/webp',
  gif: 'image/gif',
};

/** The URL path a cached file is served at (same origin as the page, in both shells). */
export const mediaPath = (file: string): string => `/media/${file}`;
