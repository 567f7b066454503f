// Minimal multipart/form-data parser for POST /api/v1/seller/message (fields + file parts).

export interface Part {
  name: string;
  filename?: string;
  contentType?: string;
  data: Buffer;
}

export function boundaryOf(contentType: string | undefined): string | null {
  if (!contentType || !/^multipart\/form-data/i.test(contentType)) return null;
  const m = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(contentType);
  return m ? (m[1] ?? m[2] ?? '').trim() || null : null;
}

function param(header: string, key: string): string | undefined {
  const star = new RegExp(`${key}\\*=(?:UTF-8|utf-8)''([^;]+)`).exec(header);
  if (star?.[1]) return decodeURIComponent(star[1]);
  const m =
    new RegExp(`(?:^|;)\\s*${key}="((?:[^"\\\\]|\\\\.)*)"`).exec(header) ??
    new RegExp(`(?:^|;)\\s*${key}=([^;]+)`).exec(header);
  // Browsers and undici percent-encode quotes/newlines in names (`%22`), so undo that.
  return m?.[1]?.replace(/%22/g, '"').replace(/%0D/gi, '\r').replace(/%0A/gi, '\n');
}

/** Returns null when the body is not valid multipart for `boundary`. */
export function parseMultipart(body: Buffer, boundary: string): Part[] | null {
  const delim = Buffer.from(`--${boundary}`);
  const parts: Part[] = [];
  let pos = body.indexOf(delim);
  if (pos < 0) return null;
  for (;;) {
    pos += delim.length;
    if (body.subarray(pos, pos + 2).toString() === '--') return parts; // closing delimiter
    if (body.subarray(pos, pos + 2).toString() !== '\r\n') return null;
    pos += 2;
    const headEnd = body.indexOf('\r\n\r\n', pos);
    if (headEnd < 0) return null;
    const headers = body.subarray(pos, headEnd).toString('utf8').split('\r\n');
    const next = body.indexOf(Buffer.concat([Buffer.from('\r\n'), delim]), headEnd + 4);
    if (next < 0) return null;
    let disposition = '';
    let contentType: string | undefined;
    for (const h of headers) {
      const i = h.indexOf(':');
      const key = h.slice(0, i).trim().toLowerCase();
      const value = h.slice(i + 1).trim();
      if (key === 'content-disposition') disposition = value;
      else if (key === 'content-type') contentType = value;
    }
    const name = param(disposition, 'name');
    if (name === undefined) return null;
    const filename = param(disposition, 'filename');
    parts.push({
      name,
      ...(filename !== undefined ? { filename } : {}),
      ...(contentType ? { contentType } : {}),
      data: body.subarray(headEnd + 4, next),
    });
    pos = next + 2;
  }
}

/** Sniffs JPEG/PNG/PDF magic bytes. */
export function sniffMime(data: Buffer): string | null {
  if (data[0] === 0xff && data[1] === 0xd8 && data[2] === 0xff) return 'image/jpeg';
  if (data.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'image/png';
  if (data.subarray(0, 5).toString('latin1') === '%PDF-') return 'application/pdf';
  return null;
}
