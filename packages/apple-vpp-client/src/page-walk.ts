import { AppleVppError, isAppleVppError } from './apple-vpp-error.ts';
import type { VppLogger } from './logger.ts';

/** Fields every paginated v2 answer carries. */
export interface PageFields {
  currentPageIndex: number;
  nextPageIndex?: number | undefined;
  totalPages: number;
  versionId: string;
}

export interface PageWalkOptions {
  /** Page to start at, e.g. to resume a walk that stopped. Default 0. */
  startPageIndex?: number;
  /**
   * Pages requested ahead of the one being consumed, 1 to 5 (Apple: at most 5 concurrent).
   * The page being read and the ones ahead together never exceed this number in flight.
   */
  pagesInFlight?: number;
  signal?: AbortSignal;
}

export const MAX_PAGES_IN_FLIGHT = 5;

/**
 * Walks a paginated endpoint page by page, in order, following `nextPageIndex` until a page has
 * none (Apple's prose "until currentPageIndex equals totalPages" is off by one). Pages ahead are
 * fetched in parallel, up to `pagesInFlight`, while the caller handles the current one.
 *
 * `totalPages` may change mid-walk: the walk trusts each page's `nextPageIndex`, and a page that
 * vanished (9650 after the previous page promised it) ends the walk with `endedEarly` set.
 */
export class PageWalk<Page extends PageFields> implements AsyncIterable<Page> {
  readonly #fetchPage: (pageIndex: number, signal: AbortSignal) => Promise<Page>;
  readonly #options: PageWalkOptions;
  readonly #logger: VppLogger;
  readonly #endpoint: string;
  #firstPageVersionId: string | undefined;
  #versionChanged = false;
  #endedEarly = false;
  #pagesRead = 0;

  constructor(
    endpoint: string,
    fetchPage: (pageIndex: number, signal: AbortSignal) => Promise<Page>,
    options: PageWalkOptions,
    logger: VppLogger,
  ) {
    this.#endpoint = endpoint;
    this.#fetchPage = fetchPage;
    this.#options = options;
    this.#logger = logger;
  }

  /**
   * `versionId` of the first page this walk read. For a walk from page 0 this is the checkpoint
   * to store and send as `sinceVersionId` next time: anything written while the walk ran has a
   * later version, so the next delta includes it.
   */
  get firstPageVersionId(): string | undefined {
    return this.#firstPageVersionId;
  }

  /** True when a later page had another `versionId`: Apple's data changed during the walk. */
  get versionChanged(): boolean {
    return this.#versionChanged;
  }

  /** True when a page promised by `nextPageIndex` no longer existed (the result set shrank). */
  get endedEarly(): boolean {
    return this.#endedEarly;
  }

  get pagesRead(): number {
    return this.#pagesRead;
  }

  async *[Symbol.asyncIterator](): AsyncIterator<Page> {
    const window = Math.min(MAX_PAGES_IN_FLIGHT, Math.max(1, Math.floor(this.#options.pagesInFlight ?? 1)));
    const stop = new AbortController();
    const signal = this.#options.signal ? AbortSignal.any([stop.signal, this.#options.signal]) : stop.signal;
    const inFlight = new Map<number, Promise<Page>>();
    const request = (pageIndex: number): Promise<Page> => {
      let pending = inFlight.get(pageIndex);
      if (!pending) {
        pending = this.#fetchPage(pageIndex, signal);
        // Pages fetched ahead may never be awaited (the walk ended first); don't let them crash the process.
        pending.catch(() => {});
        inFlight.set(pageIndex, pending);
      }
      return pending;
    };
    this.#firstPageVersionId = undefined;
    this.#versionChanged = false;
    this.#endedEarly = false;
    this.#pagesRead = 0;

    let pageIndex = this.#options.startPageIndex ?? 0;
    try {
      for (;;) {
        let page: Page;
        try {
          page = await request(pageIndex);
        } catch (error) {
          if (this.#pagesRead > 0 && isAppleVppError(error) && error.kind === 'INVALID_PAGE') {
            this.#endedEarly = true;
            this.#logger.warn(
              { endpoint: this.#endpoint, pageIndex },
              'apple vpp page vanished mid-walk (totalPages shrank); ending the walk',
            );
            return;
          }
          throw error;
        }
        inFlight.delete(pageIndex);
        this.#pagesRead += 1;
        if (this.#firstPageVersionId === undefined) this.#firstPageVersionId = page.versionId;
        else if (page.versionId !== this.#firstPageVersionId) this.#versionChanged = true;

        const next = page.nextPageIndex;
        if (next !== undefined) {
          if (next <= pageIndex) {
            throw new AppleVppError({
              kind: 'INVALID_RESPONSE',
              message: `Apple VPP GET ${this.#endpoint} page ${pageIndex} points back to page ${next}`,
              method: 'GET',
              endpoint: this.#endpoint,
              issues: [{ path: 'nextPageIndex', message: `Expected a page after ${pageIndex}, got ${next}` }],
            });
          }
          // Drop read-ahead that is no longer on the path (Apple skipped pages).
          for (const index of inFlight.keys()) if (index < next) inFlight.delete(index);
          const lastAhead = Math.min(next + window - 1, Math.max(next, page.totalPages - 1));
          for (let ahead = next; ahead <= lastAhead; ahead += 1) request(ahead);
        }
        yield page;
        if (next === undefined) return;
        pageIndex = next;
      }
    } finally {
      // Ends read-ahead requests when the walk is done or the caller stopped iterating.
      stop.abort();
    }
  }
}
