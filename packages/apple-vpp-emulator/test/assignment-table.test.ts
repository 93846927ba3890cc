import { describe, expect, it } from 'vitest';
import { AssignmentTable } from '../src/state/assignment-table.ts';
import { SeededRandom } from '../src/state/seeded-random.ts';

/** Reads the whole table back as "asset/kind:name" keys, checking its indexes agree with its rows. */
function contents(table: AssignmentTable, assetCount: number): string[] {
  const rows: string[] = [];
  for (let row = 0; row < table.size; row++) {
    const subject = table.subjectOfRow(row);
    rows.push(`${table.assetOfRow(row)}/${table.subjectKind(subject)}:${table.subjectName(subject)}`);
    expect(table.find(table.assetOfRow(row), subject)).toBe(row);
    expect(table.rowsOfSubject(subject)).toContain(row);
  }
  let perAsset = 0;
  for (let asset = 0; asset < assetCount; asset++) {
    for (let position = 0; position < table.countForAsset(asset); position++) {
      expect(table.assetOfRow(table.rowOfAssetAt(asset, position))).toBe(asset);
    }
    perAsset += table.countForAsset(asset);
  }
  expect(perAsset).toBe(table.size);
  return rows.sort();
}

describe('AssignmentTable', () => {
  it('matches a simple set model through thousands of random adds and removes', () => {
    const random = new SeededRandom(42);
    const table = new AssignmentTable();
    const model = new Set<string>();
    const assetCount = 5;
    for (let step = 0; step < 5000; step++) {
      const asset = random.nextInt(0, assetCount - 1);
      const kind = random.chance(0.5) ? 'serialNumber' : 'clientUserId';
      const name = `s${random.nextInt(0, 60)}`;
      const key = `${asset}/${kind}:${name}`;
      const subject = table.subjectId(kind, name, true) ?? -1;
      if (random.chance(0.6)) {
        expect(table.add(asset, subject, step)).toBe(!model.has(key));
        model.add(key);
      } else {
        expect(table.remove(asset, subject)).toBe(model.has(key));
        model.delete(key);
      }
    }
    expect(contents(table, assetCount)).toEqual([...model].sort());
  });

  it('keeps a serial number and a user id with the same text apart', () => {
    const table = new AssignmentTable();
    const device = table.subjectId('serialNumber', 'X1', true) ?? -1;
    const user = table.subjectId('clientUserId', 'X1', true) ?? -1;
    expect(device).not.toBe(user);
    table.add(0, device, 1);
    expect(table.find(0, user)).toBe(-1);
    expect(table.subjectId('clientUserId', 'nobody', false)).toBeUndefined();
  });
});
