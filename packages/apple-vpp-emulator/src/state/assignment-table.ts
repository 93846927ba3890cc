/**
 * Every assignment of one location, kept compact for a million rows: one row per (asset, subject)
 * in parallel typed arrays. Rows stay dense (a removal moves the last row into the hole), so a page
 * over all assignments is a slice. Each asset keeps a dense list of its rows for `?adamId=` pages,
 * and each subject (device or user) a linked list of its rows for `?serialNumber=`/`?clientUserId=`
 * and for revoke. Every operation is O(1) or O(rows of one subject).
 */

export type SubjectKind = 'serialNumber' | 'clientUserId';

const KIND_SERIAL = 0;
const KIND_USER = 1;
const NONE = -1;

class GrowableRowList {
  rows = new Uint32Array(4);
  length = 0;

  push(row: number): number {
    if (this.length === this.rows.length) {
      const grown = new Uint32Array(this.rows.length * 2);
      grown.set(this.rows);
      this.rows = grown;
    }
    this.rows[this.length] = row;
    this.length += 1;
    return this.length - 1;
  }
}

export class AssignmentTable {
  private capacity: number;
  private assetOf: Uint32Array;
  private subjectOf: Uint32Array;
  private versionOf: Uint32Array;
  private positionInAsset: Uint32Array;
  private nextOfSubject: Int32Array;
  private previousOfSubject: Int32Array;
  private liveRows = 0;
  private readonly rowsByAsset: GrowableRowList[] = [];

  private subjectCapacity: number;
  private firstRowOfSubject: Int32Array;
  private subjectKinds: Uint8Array;
  private readonly subjectNames: string[] = [];
  private readonly serialSubjects = new Map<string, number>();
  private readonly userSubjects = new Map<string, number>();

  constructor(expectedRows = 16, expectedSubjects = 16) {
    this.capacity = Math.max(16, expectedRows);
    this.assetOf = new Uint32Array(this.capacity);
    this.subjectOf = new Uint32Array(this.capacity);
    this.versionOf = new Uint32Array(this.capacity);
    this.positionInAsset = new Uint32Array(this.capacity);
    this.nextOfSubject = new Int32Array(this.capacity);
    this.previousOfSubject = new Int32Array(this.capacity);
    this.subjectCapacity = Math.max(16, expectedSubjects);
    this.firstRowOfSubject = new Int32Array(this.subjectCapacity).fill(NONE);
    this.subjectKinds = new Uint8Array(this.subjectCapacity);
  }

  /** Number of live assignments. */
  get size(): number {
    return this.liveRows;
  }

  countForAsset(assetIndex: number): number {
    return this.rowsByAsset[assetIndex]?.length ?? 0;
  }

  // Subjects -------------------------------------------------------------------------------

  /** The id of a device or user, created on first use when `create` is true. */
  subjectId(kind: SubjectKind, name: string, create: boolean): number | undefined {
    const registry = kind === 'serialNumber' ? this.serialSubjects : this.userSubjects;
    const existing = registry.get(name);
    if (existing !== undefined || !create) return existing;
    const id = this.subjectNames.length;
    if (id === this.subjectCapacity) this.growSubjects();
    this.subjectNames.push(name);
    this.subjectKinds[id] = kind === 'serialNumber' ? KIND_SERIAL : KIND_USER;
    registry.set(name, id);
    return id;
  }

  subjectName(subjectId: number): string {
    const name = this.subjectNames[subjectId];
    if (name === undefined) throw new Error(`unknown subject ${subjectId}`);
    return name;
  }

  subjectKind(subjectId: number): SubjectKind {
    return this.subjectKinds[subjectId] === KIND_SERIAL ? 'serialNumber' : 'clientUserId';
  }

  /** Rows of one subject (a device or a user), newest first. */
  rowsOfSubject(subjectId: number): number[] {
    const rows: number[] = [];
    for (
      let row = this.firstRowOfSubject[subjectId] ?? NONE;
      row !== NONE;
      row = this.nextOfSubject[row] ?? NONE
    ) {
      rows.push(row);
    }
    return rows;
  }

  // Rows -----------------------------------------------------------------------------------

  assetOfRow(row: number): number {
    return this.assetOf[row] ?? 0;
  }

  subjectOfRow(row: number): number {
    return this.subjectOf[row] ?? 0;
  }

  versionOfRow(row: number): number {
    return this.versionOf[row] ?? 0;
  }

  /** The row at a position in an asset's list (0 ≤ position < countForAsset). */
  rowOfAssetAt(assetIndex: number, position: number): number {
    const list = this.rowsByAsset[assetIndex];
    if (list === undefined || position >= list.length) throw new Error('position out of range');
    return list.rows[position] ?? 0;
  }

  find(assetIndex: number, subjectId: number): number {
    for (
      let row = this.firstRowOfSubject[subjectId] ?? NONE;
      row !== NONE;
      row = this.nextOfSubject[row] ?? NONE
    ) {
      if (this.assetOf[row] === assetIndex) return row;
    }
    return NONE;
  }

  /** Adds an assignment; returns false if it already exists. */
  add(assetIndex: number, subjectId: number, version: number): boolean {
    if (this.find(assetIndex, subjectId) !== NONE) return false;
    this.appendRow(assetIndex, subjectId, version);
    return true;
  }

  /**
   * Adds an assignment known not to exist yet (generators building a fresh location).
   * Skips the duplicate check, which is what keeps building a million rows fast.
   */
  appendRow(assetIndex: number, subjectId: number, version: number): void {
    if (this.liveRows === this.capacity) this.growRows();
    const row = this.liveRows;
    this.liveRows += 1;
    this.assetOf[row] = assetIndex;
    this.subjectOf[row] = subjectId;
    this.versionOf[row] = version;
    let list = this.rowsByAsset[assetIndex];
    while (list === undefined) {
      this.rowsByAsset.push(new GrowableRowList());
      list = this.rowsByAsset[assetIndex];
    }
    this.positionInAsset[row] = list.push(row);
    const head = this.firstRowOfSubject[subjectId] ?? NONE;
    this.previousOfSubject[row] = NONE;
    this.nextOfSubject[row] = head;
    if (head !== NONE) this.previousOfSubject[head] = row;
    this.firstRowOfSubject[subjectId] = row;
  }

  /** Removes an assignment; returns false if it did not exist. */
  remove(assetIndex: number, subjectId: number): boolean {
    const row = this.find(assetIndex, subjectId);
    if (row === NONE) return false;
    this.removeRow(row);
    return true;
  }

  private removeRow(row: number): void {
    this.unlinkFromSubject(row);
    this.removeFromAssetList(row);
    const last = this.liveRows - 1;
    if (row !== last) this.moveRow(last, row);
    this.liveRows = last;
  }

  private unlinkFromSubject(row: number): void {
    const previous = this.previousOfSubject[row] ?? NONE;
    const next = this.nextOfSubject[row] ?? NONE;
    if (previous === NONE) this.firstRowOfSubject[this.subjectOf[row] ?? 0] = next;
    else this.nextOfSubject[previous] = next;
    if (next !== NONE) this.previousOfSubject[next] = previous;
  }

  private removeFromAssetList(row: number): void {
    const list = this.rowsByAsset[this.assetOf[row] ?? 0];
    if (list === undefined) return;
    const position = this.positionInAsset[row] ?? 0;
    const lastPosition = list.length - 1;
    const movedRow = list.rows[lastPosition] ?? 0;
    list.rows[position] = movedRow;
    this.positionInAsset[movedRow] = position;
    list.length = lastPosition;
  }

  /** Moves row `from` into slot `to` and repoints the asset list and subject list at it. */
  private moveRow(from: number, to: number): void {
    this.assetOf[to] = this.assetOf[from] ?? 0;
    this.subjectOf[to] = this.subjectOf[from] ?? 0;
    this.versionOf[to] = this.versionOf[from] ?? 0;
    const position = this.positionInAsset[from] ?? 0;
    this.positionInAsset[to] = position;
    const list = this.rowsByAsset[this.assetOf[to] ?? 0];
    if (list !== undefined) list.rows[position] = to;
    const previous = this.previousOfSubject[from] ?? NONE;
    const next = this.nextOfSubject[from] ?? NONE;
    this.previousOfSubject[to] = previous;
    this.nextOfSubject[to] = next;
    if (previous === NONE) this.firstRowOfSubject[this.subjectOf[to] ?? 0] = to;
    else this.nextOfSubject[previous] = to;
    if (next !== NONE) this.previousOfSubject[next] = to;
  }

  private growRows(): void {
    this.capacity *= 2;
    this.assetOf = grow(this.assetOf, this.capacity);
    this.subjectOf = grow(this.subjectOf, this.capacity);
    this.versionOf = grow(this.versionOf, this.capacity);
    this.positionInAsset = grow(this.positionInAsset, this.capacity);
    this.nextOfSubject = growSigned(this.nextOfSubject, this.capacity);
    this.previousOfSubject = growSigned(this.previousOfSubject, this.capacity);
  }

  private growSubjects(): void {
    this.subjectCapacity *= 2;
    const first = new Int32Array(this.subjectCapacity).fill(NONE);
    first.set(this.firstRowOfSubject);
    this.firstRowOfSubject = first;
    const kinds = new Uint8Array(this.subjectCapacity);
    kinds.set(this.subjectKinds);
    this.subjectKinds = kinds;
  }
}

function grow(array: Uint32Array, capacity: number): Uint32Array {
  const grown = new Uint32Array(capacity);
  grown.set(array);
  return grown;
}

function growSigned(array: Int32Array, capacity: number): Int32Array {
  const grown = new Int32Array(capacity);
  grown.set(array);
  return grown;
}
