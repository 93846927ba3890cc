import { hashString } from '../state/seeded-random.ts';

/** What a generated icon looks like: colours and a symmetric 5×5 pattern, all derived from the adamId. */
export interface IconDesign {
  /** Top and bottom colours of the background gradient, as [r, g, b]. */
  top: [number, number, number];
  bottom: [number, number, number];
  /** 5×5 cells, mirrored left to right; true = a white cell. */
  cells: boolean[][];
  initials: string;
}

function hslToRgb(hue: number, saturation: number, lightness: number): [number, number, number] {
  const c = (1 - Math.abs(2 * lightness - 1)) * saturation;
  const x = c * (1 - Math.abs(((hue / 60) % 2) - 1));
  const m = lightness - c / 2;
  const [r, g, b] =
    hue < 60
      ? [c, x, 0]
      : hue < 120
        ? [x, c, 0]
        : hue < 180
          ? [0, c, x]
          : hue < 240
            ? [0, x, c]
            : hue < 300
              ? [x, 0, c]
              : [c, 0, x];
  return [Math.round((r + m) * 255), Math.round((g + m) * 255), Math.round((b + m) * 255)];
}

export function iconDesign(adamId: string, name: string): IconDesign {
  const hash = hashString(adamId);
  const hue = hash % 360;
  const cells: boolean[][] = [];
  let bits = hashString(adamId, 7);
  for (let row = 0; row < 5; row++) {
    const cellsOfRow: boolean[] = [];
    for (let column = 0; column < 3; column++) {
      cellsOfRow.push((bits & 1) === 1);
      bits >>>= 1;
    }
    cells.push([
      cellsOfRow[0] ?? false,
      cellsOfRow[1] ?? false,
      cellsOfRow[2] ?? false,
      cellsOfRow[1] ?? false,
      cellsOfRow[0] ?? false,
    ]);
  }
  const initials = name
    .split(/\s+/)
    .filter((word) => /^[A-Za-z0-9]/.test(word))
    .slice(0, 2)
    .map((word) => word[0]?.toUpperCase() ?? '')
    .join('');
  return {
    top: hslToRgb(hue, 0.7, 0.58),
    bottom: hslToRgb((hue + 30) % 360, 0.75, 0.4),
    cells,
    initials: initials || '?',
  };
}

export function cssColor([r, g, b]: [number, number, number]): string {
  return `#${[r, g, b].map((value) => value.toString(16).padStart(2, '0')).join('')}`;
}
