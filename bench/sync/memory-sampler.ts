import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

// Peak memory of this process while some work runs, above the idle baseline measured just before.

export interface MemoryPeak {
  baselineRssMb: number;
  baselineHeapMb: number;
  peakRssMb: number;
  peakHeapMb: number;
  /** Peak minus baseline. */
  rssAboveBaselineMb: number;
  heapAboveBaselineMb: number;
  samples: number;
}

const MB = 1024 * 1024;

let collectGarbage: (() => void) | undefined;

/** A full garbage collection, so the baseline is not inflated by garbage from the setup. */
export function forceGc(): void {
  if (!collectGarbage) {
    setFlagsFromString('--expose-gc');
    collectGarbage = runInNewContext('gc') as () => void;
  }
  collectGarbage();
}

export async function measurePeakMemory<T>(
  work: () => Promise<T>,
  intervalMs = 50,
): Promise<{ result: T; memory: MemoryPeak }> {
  forceGc();
  const baseline = process.memoryUsage();
  let peakRss = baseline.rss;
  let peakHeap = baseline.heapUsed;
  let samples = 0;
  const sample = () => {
    const usage = process.memoryUsage();
    samples += 1;
    if (usage.rss > peakRss) peakRss = usage.rss;
    if (usage.heapUsed > peakHeap) peakHeap = usage.heapUsed;
  };
  const timer = setInterval(sample, intervalMs);
  try {
    const result = await work();
    sample();
    return {
      result,
      memory: {
        baselineRssMb: baseline.rss / MB,
        baselineHeapMb: baseline.heapUsed / MB,
        peakRssMb: peakRss / MB,
        peakHeapMb: peakHeap / MB,
        rssAboveBaselineMb: (peakRss - baseline.rss) / MB,
        heapAboveBaselineMb: (peakHeap - baseline.heapUsed) / MB,
        samples,
      },
    };
  } finally {
    clearInterval(timer);
  }
}
