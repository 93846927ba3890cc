import { type DeploymentSummary, type TargetState, targetStateSchema } from '@vpp/contracts/deployments';

type DeploymentAction = DeploymentSummary['action'];

/** Every target state, in the order a target passes through them (FAILED last). */
export const targetStates: readonly TargetState[] = targetStateSchema.options;

/** States a target leaves on its own: while any target is in one, the deployment is still at work. */
export const activeTargetStates: ReadonlySet<TargetState> = new Set<TargetState>([
  'PENDING',
  'LICENSED',
  'REMOVED',
]);

export type TargetCounts = Partial<Record<TargetState, number>>;

/**
 * True while a target is in a state it leaves on its own. An install target that a later uninstall
 * REMOVED has settled; only an uninstall's REMOVED targets still wait for Apple.
 */
export function hasActiveTargets(counts: TargetCounts, action: DeploymentAction = 'UNINSTALL'): boolean {
  return targetStates.some(
    (state) =>
      activeTargetStates.has(state) &&
      !(action === 'INSTALL' && state === 'REMOVED') &&
      (counts[state] ?? 0) > 0,
  );
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
