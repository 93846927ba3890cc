/**
 * Filtered lists (a `sinceVersionId` delta, a users filter) cost one scan to build; a client then
 * reads them page by page. The list is kept while the data set's version is unchanged, so every
 * page after the first is O(page size).
 */
export class FilteredListCache {
  private readonly entries = new Map<string, { version: number; list: unknown }>();

  constructor(private readonly capacity = 64) {}

  get<T>(key: string, version: number, build: () => T): T {
    const cached = this.entries.get(key);
    if (cached !== undefined && cached.version === version) return cached.list as T;
    const list = build();
    this.entries.delete(key);
    this.entries.set(key, { version, list });
    if (this.entries.size > this.capacity) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    return list;
  }
}
