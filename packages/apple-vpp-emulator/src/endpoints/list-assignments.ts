import { AppleError } from '../apple/apple-errors.ts';
import type { EmulatorContext } from '../emulator-context.ts';
import type { Asset, Location } from '../state/location.ts';
import { pageFields, pageWindow } from './pagination.ts';
import { readBoolean, readEnum, readText } from './query-parameters.ts';
import type { ResponseEnvelope } from './response-envelope.ts';

/** The records a query selects, addressable by position so a page is O(page size). */
interface RowSource {
  total: number;
  rowAt(position: number): number;
}

// Memo of a pure function of an immutable asset: the JSON text every assignment of it starts with.
const assetJsonPrefixes = new WeakMap<Asset, string>();

function assetJsonPrefix(asset: Asset): string {
  let prefix = assetJsonPrefixes.get(asset);
  if (prefix === undefined) {
    prefix = `{"adamId":${JSON.stringify(asset.adamId)},"pricingParam":${JSON.stringify(asset.pricingParam)},`;
    assetJsonPrefixes.set(asset, prefix);
  }
  return prefix;
}

/**
 * `GET /assignments`, serialised straight to JSON text: this is the endpoint a sync reads
 * thousands of pages of, so it avoids building an object per assignment.
 * `sinceVersionId` returns the assignments added since that version; removed ones do not appear
 * (Apple does not document how a removal shows in a delta).
 */
export function listAssignmentsJson(
  context: EmulatorContext,
  location: Location,
  query: Record<string, unknown>,
  envelope: ResponseEnvelope,
): string {
  const adamId = readText(query, 'adamId') || undefined;
  const pricingParam = readEnum(query, 'pricingParam', ['STDQ', 'PLUS'] as const);
  const clientUserId = readText(query, 'clientUserId') || undefined;
  const serialNumber = readText(query, 'serialNumber') || undefined;
  const sinceVersionId = readText(query, 'sinceVersionId') || undefined;
  // Listed by Apple with no documented meaning: accepted and checked, but they change nothing.
  readBoolean(query, 'includeUserState');
  readBoolean(query, 'excludeInactiveUsers');

  const since = sinceVersionId === undefined ? undefined : location.assignmentsVersion.parse(sinceVersionId);
  if (sinceVersionId !== undefined && since === undefined) throw new AppleError(9721);

  const assetFilter =
    adamId === undefined && pricingParam === undefined
      ? undefined
      : location.assets.filter(
          (asset) =>
            (adamId === undefined || asset.adamId === adamId) &&
            (pricingParam === undefined || asset.pricingParam === pricingParam),
        );

  const source = selectRows(context, location, { assetFilter, clientUserId, serialNumber, since });
  const window = pageWindow(
    query,
    source.total,
    context.pageSizes.assignments,
    context.quirks.emptyListTotalPages,
  );

  const table = location.assignments;
  const items: string[] = new Array(window.end - window.start);
  for (let position = window.start; position < window.end; position++) {
    const row = source.rowAt(position);
    const asset = location.assets[table.assetOfRow(row)];
    if (asset === undefined) throw new Error('assignment refers to a missing asset');
    const subject = table.subjectOfRow(row);
    items[position - window.start] =
      `${assetJsonPrefix(asset)}"${table.subjectKind(subject)}":${JSON.stringify(table.subjectName(subject))}}`;
  }
  const rest = JSON.stringify({
    ...pageFields(window),
    versionId: location.assignmentsVersion.currentVersionId,
    ...envelope,
  });
  return `{"assignments":[${items.join(',')}],${rest.slice(1)}`;
}

function selectRows(
  context: EmulatorContext,
  location: Location,
  filter: {
    assetFilter: Asset[] | undefined;
    clientUserId: string | undefined;
    serialNumber: string | undefined;
    since: number | undefined;
  },
): RowSource {
  const table = location.assignments;
  const { assetFilter, clientUserId, serialNumber, since } = filter;
  const assetAllowed = (row: number) =>
    assetFilter === undefined || assetFilter.some((asset) => asset.index === table.assetOfRow(row));
  const changedSince = (row: number) => since === undefined || table.versionOfRow(row) > since;

  if (clientUserId !== undefined || serialNumber !== undefined) {
    // A row belongs to a device or to a user, never both: asking for both matches nothing.
    const subjectId =
      clientUserId !== undefined && serialNumber !== undefined
        ? undefined
        : table.subjectId(
            clientUserId !== undefined ? 'clientUserId' : 'serialNumber',
            clientUserId ?? serialNumber ?? '',
            false,
          );
    const rows =
      subjectId === undefined
        ? []
        : table.rowsOfSubject(subjectId).filter((row) => assetAllowed(row) && changedSince(row));
    return { total: rows.length, rowAt: (position) => rows[position] ?? 0 };
  }

  if (since !== undefined) {
    const key = `${location.id}|assignments|${assetFilter?.map((a) => a.index).join(',') ?? '*'}|${since}`;
    const rows = context.listCache.get(key, location.assignmentsVersion.current, () => {
      const selected: number[] = [];
      for (let row = 0; row < table.size; row++) {
        if (table.versionOfRow(row) > since && assetAllowed(row)) selected.push(row);
      }
      return Uint32Array.from(selected);
    });
    return { total: rows.length, rowAt: (position) => rows[position] ?? 0 };
  }

  if (assetFilter !== undefined) {
    const counts = assetFilter.map((asset) => table.countForAsset(asset.index));
    return {
      total: counts.reduce((sum, count) => sum + count, 0),
      rowAt: (position) => {
        let offset = position;
        for (let i = 0; i < assetFilter.length; i++) {
          const count = counts[i] ?? 0;
          if (offset < count) return table.rowOfAssetAt(assetFilter[i]?.index ?? 0, offset);
          offset -= count;
        }
        throw new Error('position out of range');
      },
    };
  }

  return { total: table.size, rowAt: (position) => position };
}
