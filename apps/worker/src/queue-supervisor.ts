import { EventEmitter } from 'node:events';
import { databaseUnavailableReason, waitForDatabase } from '@vpp/db/database-availability';
import { forceUnlockWorkers, queueLogger } from '@vpp/job-queue/job-queue';
import { type Runner, run, type TaskList, type WorkerEvents } from 'graphile-worker';
import type pg from 'pg';
import type { Logger } from 'pino';

// graphile-worker runs `concurrency` queue workers ("slots"). When a job ends while the database
// refuses connections, the queue cannot record the result: that slot logs "Failed to release job …
// committing seppuku" and is gone for good, and its job stays locked for 4 hours. Nothing in the
// queue replaces it, so after a few outages a worker process is alive and runs nothing.
//
// The supervisor watches for lost slots. When one is lost it waits for the database, unlocks the
// jobs of the dead slots (they run again at once) and replaces the runner with a fresh one at full
// strength; the old runner's busy slots finish their jobs and then stop. It also reports what the
// health check needs: slots alive, whether workers are polling, whether it is recovering.

export interface QueueSupervisorOptions {
  pool: pg.Pool;
  taskList: TaskList;
  concurrency: number;
  logger: Logger;
  pollIntervalMs?: number;
}

export interface QueueHealth {
  /** Slots of the current runner that are alive (busy or polling). */
  liveSlots: number;
  concurrency: number;
  /** Slots lost since the start (each replaced by a runner restart). */
  slotsLost: number;
  runnerRestarts: number;
  /** A slot was lost and the runner is waiting for the database to be replaced. */
  recovering: boolean;
  /** When an idle slot last asked the queue for a job (ms since the epoch), or null. */
  lastPollAt: number | null;
  /** Slots running a job now. */
  busySlots: number;
  /** The last queue poll failed because the database cannot be reached. */
  databaseUnavailable: boolean;
}

export interface SupervisedQueue {
  health(): QueueHealth;
  /** The runner in use now (it changes after a restart). */
  runner(): Runner;
  /** Emits 'slot-lost' ({ workerId }) and 'restarted' ({ restarts }) for tests and metrics. */
  events: EventEmitter;
  /** Stops accepting jobs and waits for the running ones (their handlers see the abort signal). */
  stop(): Promise<void>;
}

interface Generation {
  runner: Runner;
  live: Set<string>;
  busy: Set<string>;
  ended: boolean;
}

export async function superviseQueue(options: QueueSupervisorOptions): Promise<SupervisedQueue> {
  const { pool, taskList, concurrency, logger } = options;
  const pollInterval = options.pollIntervalMs ?? 1000;
  const notices = new EventEmitter();
  const deadWorkerIds = new Set<string>();
  const retiring = new Set<Promise<void>>();
  const stopController = new AbortController();
  let stopping = false;
  let recovery: Promise<void> | null = null;
  let slotsLost = 0;
  let runnerRestarts = 0;
  let lastPollAt: number | null = null;
  let databaseUnavailable = false;

  const startGeneration = async (): Promise<Generation> => {
    const events: WorkerEvents = new EventEmitter() as WorkerEvents;
    const generation = { live: new Set<string>(), busy: new Set<string>(), ended: false } as Generation;
    events.on('worker:create', ({ worker }) => generation.live.add(worker.workerId));
    events.on('worker:stop', ({ worker }) => {
      generation.live.delete(worker.workerId);
      generation.busy.delete(worker.workerId);
    });
    events.on('job:start', ({ worker }) => generation.busy.add(worker.workerId));
    events.on('job:complete', ({ worker }) => generation.busy.delete(worker.workerId));
    events.on('worker:getJob:empty', () => {
      lastPollAt = Date.now();
      databaseUnavailable = false;
    });
    events.on('job:start', () => {
      lastPollAt = Date.now();
      databaseUnavailable = false;
    });
    events.on('worker:getJob:error', ({ error }) => {
      databaseUnavailable = databaseUnavailableReason(error) !== null;
    });
    events.on('worker:fatalError', ({ worker, error, jobError }) => {
      // The slot is gone (graphile-worker logs its own "committing seppuku" line).
      generation.live.delete(worker.workerId);
      generation.busy.delete(worker.workerId);
      deadWorkerIds.add(worker.workerId);
      slotsLost += 1;
      logger.warn(
        {
          workerId: worker.workerId,
          reason:
            databaseUnavailableReason(error) ?? String((error as Error)?.message ?? error).slice(0, 200),
          jobFailed: jobError !== null && jobError !== undefined,
        },
        "queue slot lost: a job's result could not be recorded; the runner is replaced once the database answers",
      );
      notices.emit('slot-lost', { workerId: worker.workerId });
      scheduleRecovery();
    });
    generation.runner = await run({
      pgPool: pool,
      taskList,
      concurrency,
      noHandleSignals: true,
      pollInterval,
      // Recurring jobs come from node-cron in worker.ts; an empty crontab keeps graphile-worker from
      // looking for (and warning about) a crontab file.
      parsedCronItems: [],
      logger: queueLogger(logger),
      events,
    });
    // A runner that ends on its own (its pool failed) is replaced too.
    generation.runner.promise
      .catch(() => {})
      .finally(() => {
        generation.ended = true;
        if (!stopping && generation === current) scheduleRecovery();
      });
    return generation;
  };

  const retire = (generation: Generation) => {
    // Idle slots stop at once; busy ones finish their job first (their capacity is the new runner's
    // too for that while, which is the price of never running below capacity).
    const stopped = generation.ended
      ? Promise.resolve()
      : generation.runner.stop().catch((error: unknown) => {
          logger.warn({ err: error }, 'the replaced queue runner did not stop cleanly');
        });
    retiring.add(stopped);
    void stopped.finally(() => retiring.delete(stopped));
  };

  const recover = async () => {
    await waitForDatabase(pool, {
      logger,
      what: 'queue recovery',
      initialDelayMs: 250,
      maxDelayMs: 2_000,
      signal: stopController.signal,
    });
    if (stopping) return;
    const dead = [...deadWorkerIds];
    // The dead slots' jobs are retried now, not after the queue's 4-hour lock timeout.
    await forceUnlockWorkers(pool, dead);
    for (const id of dead) deadWorkerIds.delete(id);
    if (current.ended || current.live.size < concurrency) {
      const old = current;
      current = await startGeneration();
      runnerRestarts += 1;
      retire(old);
      logger.info(
        { unlockedWorkers: dead.length, restarts: runnerRestarts, concurrency },
        'queue runner replaced: full capacity again',
      );
      notices.emit('restarted', { restarts: runnerRestarts });
    }
  };

  function scheduleRecovery(): void {
    if (stopping || recovery) return;
    recovery = (async () => {
      // Keep trying until it worked: the database may go away again in the middle.
      for (let pauseMs = 500; !stopping; pauseMs = Math.min(5_000, pauseMs * 2)) {
        try {
          await recover();
          break;
        } catch (error) {
          if (stopping) break;
          logger.warn(
            { reason: databaseUnavailableReason(error) ?? String((error as Error)?.message ?? error) },
            'queue recovery failed; trying again',
          );
          await new Promise((resolve) => setTimeout(resolve, pauseMs));
        }
      }
    })().finally(() => {
      recovery = null;
      // Slots lost while recovering are picked up by another round.
      if (!stopping && (deadWorkerIds.size > 0 || current.ended || current.live.size < concurrency))
        scheduleRecovery();
    });
  }

  let current = await startGeneration();

  return {
    events: notices,
    runner: () => current.runner,
    health: () => ({
      liveSlots: current.live.size,
      busySlots: current.busy.size,
      concurrency,
      slotsLost,
      runnerRestarts,
      recovering: recovery !== null,
      lastPollAt,
      databaseUnavailable,
    }),
    async stop() {
      if (stopping) return;
      stopping = true;
      stopController.abort();
      await recovery?.catch(() => {});
      retire(current);
      await Promise.allSettled([...retiring]);
    },
  };
}
