import { crc32, deflateSync } from 'node:zlib';
import type { IconDesign } from './icon-design.ts';

function pngChunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const typeAndData = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const checksum = Buffer.alloc(4);
  checksum.writeUInt32BE(crc32(typeAndData) >>> 0);
  return Buffer.concat([length, typeAndData, checksum]);
}

/** Inside the icon's rounded square? (Corners are transparent, like Apple's masked icons.) */
function insideRoundedSquare(x: number, y: number, size: number, radius: number): boolean {
  const cx = x < radius ? radius : x >= size - radius ? size - radius - 1 : x;
  const cy = y < radius ? radius : y >= size - radius ? size - radius - 1 : y;
  return (x - cx) ** 2 + (y - cy) ** 2 <= radius * radius;
}

/** An app icon as an RGBA PNG: gradient rounded square with a white 5×5 identicon. */
export function renderIconPng(design: IconDesign, size: number): Buffer {
  const radius = Math.round(size * 0.22);
  const gridStart = Math.round(size * 0.2);
  const cellSize = (size - 2 * gridStart) / 5;
  const raw = Buffer.alloc((size * 4 + 1) * size);
  let offset = 0;
  for (let y = 0; y < size; y++) {
    raw[offset++] = 0; // filter type: none
    const t = y / Math.max(1, size - 1);
    const background = design.top.map((top, i) => Math.round(top + ((design.bottom[i] ?? top) - top) * t));
    const row = Math.floor((y - gridStart) / cellSize);
    for (let x = 0; x < size; x++) {
      const column = Math.floor((x - gridStart) / cellSize);
      const white = row >= 0 && row < 5 && column >= 0 && column < 5 && design.cells[row]?.[column] === true;
      const inside = insideRoundedSquare(x, y, size, radius);
      raw[offset++] = white ? 255 : (background[0] ?? 0);
      raw[offset++] = white ? 255 : (background[1] ?? 0);
      raw[offset++] = white ? 255 : (background[2] ?? 0);
      raw[offset++] = inside ? 255 : 0;
    }
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header[8] = 8; // bit depth
  header[9] = 6; // colour type: RGBA
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', header),
    pngChunk('IDAT', deflateSync(raw)),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}
