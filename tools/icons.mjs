// Draws the extension icons (a white key on a blue disc) as PNG files, so no binary is committed.
// usage: node tools/icons.mjs <out-dir>
import { mkdirSync, writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';

const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
const crc32 = (buf) => {
  let c = 0xffffffff;
  for (const b of buf) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
};
function chunk(type, data) {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'ascii');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

function pixel(x, y) {
  // Unit coordinates in [-1, 1].
  const r = Math.hypot(x, y);
  if (r > 0.96) return [0, 0, 0, 0];
  const bow = Math.hypot(x + 0.35, y) ;
  const inKey = (bow < 0.36 && bow > 0.16) || (x > -0.05 && x < 0.7 && Math.abs(y) < 0.09) ||
    (x > 0.45 && x < 0.58 && y > 0 && y < 0.3) || (x > 0.25 && x < 0.36 && y > 0 && y < 0.24);
  return inKey ? [255, 255, 255, 255] : [11, 92, 171, 255];
}

function png(size) {
  const rows = [];
  for (let y = 0; y < size; y++) {
    const row = Buffer.alloc(1 + size * 4);
    for (let x = 0; x < size; x++) {
      const p = pixel((2 * x + 1) / size - 1, (2 * y + 1) / size - 1);
      row.set(p, 1 + x * 4);
    }
    rows.push(row);
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr.set([8, 6, 0, 0, 0], 8);
  const signature = Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]);
  return Buffer.concat([signature, chunk('IHDR', ihdr), chunk('IDAT', deflateSync(Buffer.concat(rows), { level: 9 })), chunk('IEND', Buffer.alloc(0))]);
}

const out = process.argv[2];
mkdirSync(out, { recursive: true });
for (const size of [16, 32, 48, 128]) writeFileSync(`${out}/${size}.png`, png(size));
