/**
 * The renderer's Content-Security-Policy, one source for the three places that state it: the
 * Electron shell's app:// responses, the headless host's HTTP responses, and the <meta> of the
 * built index.html (vite.config.ts writes it in). The renderer is untrusted (DESIGN §1): only our
 * own bundle runs, no inline script, no eval, nothing is framed.
 */
const directives = (connectSrc: string) => [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  // No remote image, ever: review photos (feedback photoLinks on feedbackNN.wbbasket.ru, CONTRACT.md)
  // are downloaded by core into the data folder and served from our own origin at /media/<sha256>.<ext>
  // (app:// in Electron, the host's loopback origin), which 'self' already covers, thumbnails and
  // full sizes alike. Allowing `https://*.wbbasket.ru` would let an injected <img> carry inbox text
  // to a host in its URL and would not work offline; `https:` even less so.
  "img-src 'self' data:",
  `connect-src ${connectSrc}`,
  "object-src 'none'",
  "base-uri 'none'",
];

/** Electron: the page talks to main over IPC only. */
export const ELECTRON_CSP = [...directives("'self'"), "frame-ancestors 'none'"].join('; ');

/** The headless host: the same, plus the loopback WebSocket its bridge speaks. */
export const HOST_CSP = [...directives("'self' ws://127.0.0.1:*"), "frame-ancestors 'none'"].join('; ');

/**
 * The <meta> in index.html, for whichever shell serves the page; both headers above apply on top
 * of it (a page obeys every policy it gets). `frame-ancestors` is left out: CSP does not allow it
 * in a <meta> policy and browsers warn about it there.
 */
export const PAGE_META_CSP = directives("'self' ws://127.0.0.1:*").join('; ');
