import { hashString } from './seeded-random.ts';

/**
 * A data set's version (assets, assignments or users of one location). Apple's `versionId` is opaque
 * and UUID-like; the emulator encodes the sequence number in the first group and a per-data-set salt
 * in the rest, so a version id can be checked without keeping every id ever issued.
 */
export class VersionCounter {
  private sequence: number;
  private readonly suffix: string;

  constructor(saltSource: string, initialSequence = 1) {
    this.sequence = initialSequence;
    const a = hashString(saltSource, 1).toString(16).padStart(8, '0');
    const b = hashString(saltSource, 2).toString(16).padStart(8, '0');
    const c = hashString(saltSource, 3).toString(16).padStart(8, '0');
    // Version-1 UUID layout, as in Apple's examples ("70e8c740-514c-11eb-bb63-a90b882fcd52").
    this.suffix = `${a.slice(0, 4)}-1${a.slice(4, 7)}-${b.slice(0, 4)}-${b.slice(4)}${c}`;
  }

  get current(): number {
    return this.sequence;
  }

  /** Moves to a new version and returns its sequence number. */
  bump(): number {
    this.sequence += 1;
    return this.sequence;
  }

  get currentVersionId(): string {
    return this.format(this.sequence);
  }

  format(sequence: number): string {
    return `${sequence.toString(16).padStart(8, '0')}-${this.suffix}`;
  }

  /** The sequence number a version id stands for, or undefined if this data set never issued it. */
  parse(versionId: string): number | undefined {
    const match = /^([0-9a-f]{8})-/.exec(versionId);
    if (match?.[1] === undefined) return undefined;
    const sequence = Number.parseInt(match[1], 16);
    if (sequence < 1 || sequence > this.sequence) return undefined;
    return this.format(sequence) === versionId ? sequence : undefined;
  }
}
