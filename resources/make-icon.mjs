// Draws resources/icon.png (1024×1024 RGBA) with no dependencies: a violet rounded square
// with a white speech bubble holding three dots — an inbox of buyer messages.
// electron-builder derives the .ico (Windows) and .icns (macOS) from this PNG.
// Run: node resources/make-icon.mjs
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { deflateSync } from 'node:zlib';

const SIZE = 1024;

/** Signed distance to a rounded rectangle centred at (cx, cy); negative inside. */
const roundedRect = (x, y, cx, cy, halfW, halfH, radius) => {
  const qx = Math.abs(x - cx) - halfW + radius;
  const qy = Math.abs(y - cy) - halfH + radius;
  return Math.hypot(Math.max(qx, 0), Math.max(qy, 0)) + Math.min(Math.max(qx, qy), 0) - radius;
};
const circle = (x, y, cx, cy, r) => Math.hypot(x - cx, y - cy) - r;
/** Distance to the triangle (a, b, c), negative inside (for the bubble's tail). */
const triangle = (x, y, [ax, ay], [bx, by], [cx, cy]) => {
  const edge = (px, py, qx, qy) => {
    const ex = qx - px;
    const ey = qy - py;
    const t = Math.max(0, Math.min(1, ((x - px) * ex + (y - py) * ey) / (ex * ex + ey * ey)));
    return Math.hypot(x - px - ex * t, y - py - ey * t);
  };
  const side = (px, py, qx, qy) => (qx - px) * (y - py) - (qy - py) * (x - px);
  const s1 = side(ax, ay, bx, by);
  const s2 = side(bx, by, cx, cy);
  const s3 = side(cx, cy, ax, ay);
  const inside = (s1 >= 0 && s2 >= 0 && s3 >= 0) || (s1 <= 0 && s2 <= 0 && s3 <= 0);
  const d = Math.min(edge(ax, ay, bx, by), edge(bx, by, cx, cy), edge(cx, cy, ax, ay));
  return inside ? -d : d;
};
/** Anti-aliased coverage from a signed distance (one pixel of feather). */
const cover = (d) => Math.max(0, Math.min(1, 0.5 - d));
const mix = (a, b, t) => a + (b - a) * t;

const pixels = Buffer.alloc(SIZE * (SIZE * 4 + 1));
for (let y = 0; y < SIZE; y += 1) {
  const row = y * (SIZE * 4 + 1);
  pixels[row] = 0; // PNG filter: none
  for (let x = 0; x < SIZE; x += 1) {
    const px = x + 0.5;
    const py = y + 0.5;
    // macOS-style margin so the icon does not look oversized next to others.
    const background = cover(roundedRect(px, py, 512, 512, 432, 432, 190));
    const t = (px + py) / (2 * SIZE);
    let r = mix(0x7b, 0x4a, t);
    let g = mix(0x2f, 0x1f, t);
    let b = mix(0xf5, 0xb8, t);

    const bubble = Math.min(
      roundedRect(px, py, 512, 470, 280, 200, 110),
      triangle(px, py, [360, 600], [470, 640], [300, 780]),
    );
    const white = cover(bubble);
    r = mix(r, 255, white);
    g = mix(g, 255, white);
    b = mix(b, 255, white);

    const dots = Math.min(circle(px, py, 392, 470, 46), circle(px, py, 512, 470, 46), circle(px, py, 632, 470, 46));
    const dot = cover(dots);
    r = mix(r, 0x6a, dot);
    g = mix(g, 0x2a, dot);
    b = mix(b, 0xe6, dot);

    const offset = row + 1 + x * 4;
    pixels[offset] = Math.round(r);
    pixels[offset + 1] = Math.round(g);
    pixels[offset + 2] = Math.round(b);
    pixels[offset + 3] = Math.round(255 * background);
  }
}

const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k += 1) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
const crc32 = (buffer) => {
  let c = 0xffffffff;
  for (const byte of buffer) c = crcTable[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
};
const chunk = (type, data) => {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
};

const header = Buffer.alloc(13);
header.writeUInt32BE(SIZE, 0);
header.writeUInt32BE(SIZE, 4);
header[8] = 8; // bit depth
header[9] = 6; // colour type: RGBA
const png = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  chunk('IHDR', header),
  chunk('IDAT', deflateSync(pixels, { level: 9 })),
  chunk('IEND', Buffer.alloc(0)),
]);

const out = path.join(path.dirname(fileURLToPath(import.meta.url)), 'icon.png');
writeFileSync(out, png);
console.log(`wrote ${out} (${png.length} bytes)`);
