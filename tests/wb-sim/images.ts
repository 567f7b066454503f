// WB's image CDN (feedbackNN / chat-basket-NN .wbbasket.ru) on the simulator's origin: the app
// maps `https://H/P` to `<base>/wbbasket/H/P` under AGENTIQ_WB_BASE_URL (core media/media-url.ts).
// Every path answers a tiny generated PNG, coloured by the path, so tests see real image bytes.
// Test hooks by file name: `…huge…` answers 6 MiB, `…text…` answers text/html, `…missing…` 404.
import { createHash } from 'node:crypto';
import { deflateSync } from 'node:zlib';
import type { Reply } from './http';

const CRC_TABLE = Array.from({ length: 256 }, (_v, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(data: Buffer): number {
  let c = 0xffffffff;
  for (const byte of data) c = CRC_TABLE[(c ^ byte) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'ascii');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

/** A solid-colour RGB PNG of `size` × `size` pixels with a darker diagonal. */
export function tinyPng(size: number, rgb: [number, number, number]): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // truecolour
  const rows: number[] = [];
  for (let y = 0; y < size; y++) {
    rows.push(0);
    for (let x = 0; x < size; x++) {
      const dark = Math.abs(x - y) < 2 ? 0.5 : 1;
      rows.push(Math.round(rgb[0] * dark), Math.round(rgb[1] * dark), Math.round(rgb[2] * dark));
    }
  }
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return Buffer.concat([
    signature,
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(Buffer.from(rows))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** The reply for `/wbbasket/<host>/<path>`, or undefined for any other path. */
export function imageRoute(path: string): Reply | undefined {
  const m = /^\/wbbasket\/([a-z0-9-]+\.wbbasket\.ru)(\/.+)$/.exec(path);
  if (!m) return undefined;
  const file = m[2]!;
  if (file.includes('missing')) return { status: 404, raw: Buffer.from('not found'), contentType: 'text/plain' };
  if (file.includes('text')) return { status: 200, raw: Buffer.from('<html></html>'), contentType: 'text/html' };
  if (file.includes('huge')) return { status: 200, raw: Buffer.alloc(6 * 1024 * 1024, 1), contentType: 'image/png' };
  // Coloured by the file name alone: every review's first mini photo is the same bytes (the cache keeps one file).
  const digest = createHash('sha256')
    .update(file.slice(file.lastIndexOf('/') + 1))
    .digest();
  // Mini sizes (`/ms0.webp`) small, full sizes (`/fs0.webp`) larger; the same path, the same bytes.
  const size = /\/ms\d+\.\w+$/.test(file) ? 24 : 96;
  return { status: 200, raw: tinyPng(size, [digest[0]!, digest[1]!, digest[2]!]), contentType: 'image/png' };
}
