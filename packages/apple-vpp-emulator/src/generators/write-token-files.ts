import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Organisation } from '../state/organisation.ts';

/** A file name from a location name: "Lincoln Elementary School" → "lincoln-elementary-school". */
export function slugify(name: string): string {
  const slug = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return slug || 'location';
}

export interface WrittenTokenFile {
  locationId: string;
  locationName: string;
  file: string;
}

/** Writes each location's `.vpptoken` (the file Apple Business/School Manager lets you download). */
export async function writeVppTokenFiles(
  organisation: Organisation,
  directory: string,
): Promise<WrittenTokenFile[]> {
  await mkdir(directory, { recursive: true });
  const used = new Set<string>();
  const written: WrittenTokenFile[] = [];
  for (const location of organisation.locations) {
    const base = slugify(location.locationName);
    let name = base;
    for (let n = 2; used.has(name); n++) name = `${base}-${n}`;
    used.add(name);
    const file = join(directory, `${name}.vpptoken`);
    await writeFile(file, location.currentToken.vppToken, 'utf8');
    written.push({ locationId: location.id, locationName: location.locationName, file });
  }
  return written;
}
