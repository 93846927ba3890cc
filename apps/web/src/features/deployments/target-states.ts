import { type TargetState, targetStateSchema } from '@vpp/contracts/deployments';

/** Every target state, in the order a target passes through them (FAILED last). */
export const targetStates: readonly TargetState[] = targetStateSchema.options;

/** States a target leaves on its own: while any target is in one, the deployment is still at work. */
export const activeTargetStates: ReadonlySet<TargetState> = new Set<TargetState>([
  'PENDING',
  'LICENSED',
  'REMOVED',
]);

export type TargetCounts = Partial<Record<TargetState, number>>;

export function hasActiveTargets(counts: TargetCounts): boolean {
  return targetStates.some((state) => activeTargetStates.has(state) && (counts[state] ?? 0) > 0);
}

export function totalTargets(counts: TargetCounts): number {
  return targetStates.reduce((sum, state) => sum + (counts[state] ?? 0), 0);
}

/** The states a deployment's counts hold, with their numbers, in the order of `targetStates`. */
export function presentStates(counts: TargetCounts): { state: TargetState; count: number }[] {
  return targetStates
    .map((state) => ({ state, count: counts[state] ?? 0 }))
    .filter((entry) => entry.count > 0);
}
