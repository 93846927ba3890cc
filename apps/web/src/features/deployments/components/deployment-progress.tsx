import { useTranslation } from 'react-i18next';
import { useLocaleFormat } from '../../../lib/locale-format.ts';
import { presentStates, type TargetCounts, targetStates, totalTargets } from '../target-states.ts';

/**
 * The targets of a deployment by state, as one bar of coloured segments. Decoration: the same
 * numbers are written next to it (DeploymentCounts or the caller's text), so the bar is hidden from
 * screen readers.
 */
export function DeploymentProgressBar({ counts, large = false }: { counts: TargetCounts; large?: boolean }) {
  const total = totalTargets(counts);
  return (
    <div className={large ? 'progress-bar progress-bar--large' : 'progress-bar'} aria-hidden="true">
      {total > 0 &&
        presentStates(counts).map(({ state, count }) => (
          <span
            key={state}
            className={`progress-bar__segment progress-bar__segment--${state.toLowerCase()}`}
            style={{ width: `${(count / total) * 100}%` }}
          />
        ))}
    </div>
  );
}

/** The number of targets in each state (every state, zeros too), with each state's colour key. */
export function DeploymentCounts({ counts }: { counts: TargetCounts }) {
  const { t } = useTranslation();
  const format = useLocaleFormat();
  const total = totalTargets(counts);
  return (
    <dl className="state-counts">
      {targetStates.map((state) => {
        const count = counts[state] ?? 0;
        return (
          <div
            key={state}
            className={count === 0 ? 'state-counts__item state-counts__item--zero' : 'state-counts__item'}
          >
            <dt>
              <span className={`state-key state-key--${state.toLowerCase()}`} aria-hidden="true" />
              {t(`deployments.states.${state}`)}
            </dt>
            <dd>
              {format.number(count)}
              {total > 0 && count > 0 && (
                <span className="state-counts__share">
                  {' '}
                  ({format.number(Math.round((count / total) * 100))}%)
                </span>
              )}
            </dd>
          </div>
        );
      })}
    </dl>
  );
}

/** "3 installed · 1 failed": the states a deployment's targets are in, in a line of text. */
export function CountsInWords({ counts }: { counts: TargetCounts }) {
  const { t } = useTranslation();
  const present = presentStates(counts);
  if (present.length === 0) return <span className="muted">{t('deployments.noTargets')}</span>;
  return (
    <span>
      {present.map(({ state, count }) => t(`deployments.stateCounts.${state}`, { count })).join(' · ')}
    </span>
  );
}
