/** 32-bit FNV-1a hash of a string: turns any seed or name into a number. */
export function hashString(text: string, salt = 0): number {
  let hash = (0x811c9dc5 ^ salt) >>> 0;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}

const HEX = '0123456789abcdef';

/**
 * A small deterministic pseudo-random generator (mulberry32). Everything the emulator invents
 * (ids, invite codes, fault decisions, generated organisations) comes from one of these, so a
 * run with the same seed gives the same output.
 */
export class SeededRandom {
  private state: number;

  constructor(seed: number | string) {
    this.state = typeof seed === 'number' ? seed >>> 0 : hashString(seed);
  }

  /** A 32-bit unsigned integer. */
  nextUint32(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  }

  /** A float in [0, 1). */
  nextFloat(): number {
    return this.nextUint32() / 4294967296;
  }

  /** An integer in [min, max] (both inclusive). */
  nextInt(min: number, max: number): number {
    return min + Math.floor(this.nextFloat() * (max - min + 1));
  }

  /** True with the given probability (0..1). */
  chance(probability: number): boolean {
    return probability > 0 && this.nextFloat() < probability;
  }

  pick<T>(items: readonly T[]): T {
    const item = items[Math.floor(this.nextFloat() * items.length)];
    if (item === undefined) throw new Error('pick() from an empty list');
    return item;
  }

  hex(length: number): string {
    let text = '';
    for (let i = 0; i < length; i++) text += HEX[this.nextUint32() & 15];
    return text;
  }

  /** A UUID in the version-4 layout, e.g. for event ids and notification ids. */
  uuid(): string {
    const variant = HEX[8 + (this.nextUint32() & 3)];
    return `${this.hex(8)}-${this.hex(4)}-4${this.hex(3)}-${variant}${this.hex(3)}-${this.hex(12)}`;
  }

  /** A string of decimal digits that does not start with 0. */
  digits(length: number): string {
    let text = String(this.nextInt(1, 9));
    for (let i = 1; i < length; i++) text += String(this.nextInt(0, 9));
    return text;
  }
}
