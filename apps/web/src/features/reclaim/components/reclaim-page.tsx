import {
  DEFAULT_RECLAIM_DAYS,
  type ReclaimResult,
  type ReclaimRule,
  reclaimRules,
  reclaimRulesWithDays,
} from '@vpp/contracts/reclaim';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ConfirmDialog } from '../../../components/confirm-dialog.tsx';
import { DataTable } from '../../../components/data-table.tsx';
import { SelectField, TextField } from '../../../components/form-field.tsx';
import { ErrorMessage, StatusMessage } from '../../../components/live-messages.tsx';
import { LoadingState } from '../../../components/loading-state.tsx';
import { PageHeader } from '../../../components/page-header.tsx';
import { useErrorMessage } from '../../../lib/error-messages.ts';
import { formatDate, formatDateTime, useLocaleFormat } from '../../../lib/locale-format.ts';
import { formatMoney } from '../../../lib/money.ts';
import { useSignedInUser } from '../../auth/signed-in-user.ts';
import { TokenSelectField } from '../../tokens/index.ts';
import { useReclaim, useReclaimCandidates, useReclaims, useUndoReclaim } from '../api/reclaim.ts';

/**
 * Reclaim: licenses a rule finds not earning their keep, with the money they would free; admins
 * preview (dry run) and take them back, and undo a reclaim for 7 days. Managers read.
 */
export function ReclaimPage() {
  const { t } = useTranslation();
  return (
    <>
      <PageHeader title={t('reclaim.title')} intro={t('reclaim.intro')} />
      <CandidatesCard />
      <ReclaimsCard />
    </>
  );
}

/** Rows shown of a rule's candidates; the counts and money cover all of them. */
const SHOWN = 100;

function CandidatesCard() {
  const { t } = useTranslation();
  const describeError = useErrorMessage();
  const format = useLocaleFormat();
  const user = useSignedInUser();
  const [rule, setRule] = useState<ReclaimRule>('DEVICE_NOT_SEEN');
  const [daysText, setDaysText] = useState(String(DEFAULT_RECLAIM_DAYS));
  const takesDays = reclaimRulesWithDays.includes(rule);
  const daysNumber = Number(daysText);
  const daysValid = Number.isInteger(daysNumber) && daysNumber >= 1 && daysNumber <= 3650;
  const days = takesDays && daysValid ? daysNumber : undefined;
  const [tokenId, setTokenId] = useState('');
  const candidates = useReclaimCandidates(rule, days, tokenId || undefined);
  const reclaim = useReclaim();
  const [outcome, setOutcome] = useState<ReclaimResult>();
  const [confirming, setConfirming] = useState(false);
  const money = (minor: number, currency: string) => formatMoney(minor, currency, format.locale);

  function run(dryRun: boolean) {
    reclaim.mutate(
      { rule, ...(days ? { days } : {}), ...(tokenId ? { tokenId } : {}), dryRun },
      {
        onSuccess: (result) => {
          setOutcome(result);
          setConfirming(false);
        },
      },
    );
  }

  const summary = outcome
    ? t(outcome.dryRun ? 'reclaim.candidates.wouldTake' : 'reclaim.candidates.took', {
        count: outcome.candidates.length,
        uninstalls: outcome.uninstalls,
        money: money(outcome.freedMinor, outcome.currency),
      })
    : undefined;

  return (
    <section className="card card--flush" aria-labelledby="reclaim-candidates">
      <div className="card__header">
        <h2 className="card__title" id="reclaim-candidates">
          {t('reclaim.candidates.heading')}
        </h2>
        {candidates.data && (
          <p className="card__meta">
            {t('reclaim.candidates.total', {
              count: candidates.data.total,
              money: money(candidates.data.freedMinor, candidates.data.currency),
            })}
          </p>
        )}
      </div>
      <div className="card__body">
        <div className="filters">
          <SelectField
            label={t('reclaim.candidates.rule')}
            value={rule}
            onChange={(event) => {
              setRule(event.target.value as ReclaimRule);
              setOutcome(undefined);
            }}
            options={reclaimRules.map((value) => ({ value, label: t(`reclaim.rules.${value}`) }))}
            hint={t(`reclaim.ruleHints.${rule}`)}
          />
          {takesDays && (
            <TextField
              label={t('reclaim.candidates.days')}
              name="days"
              type="number"
              inputMode="numeric"
              min={1}
              max={3650}
              className="input--short"
              value={daysText}
              onChange={(event) => {
                setDaysText(event.target.value);
                setOutcome(undefined);
              }}
              error={daysValid ? undefined : t('reclaim.candidates.daysInvalid')}
            />
          )}
          <TokenSelectField
            label={t('reclaim.candidates.token')}
            anyLabel={t('reclaim.candidates.everyToken')}
            value={tokenId}
            onChange={(value) => {
              setTokenId(value);
              setOutcome(undefined);
            }}
          />
          {user.role === 'admin' && (
            <div className="filters__actions">
              <button
                type="button"
                className="button button--secondary"
                disabled={reclaim.isPending || (takesDays && !daysValid)}
                onClick={() => run(true)}
              >
                {t('reclaim.candidates.dryRun')}
              </button>
              <button
                type="button"
                className="button button--danger"
                disabled={reclaim.isPending || !candidates.data?.total || (takesDays && !daysValid)}
                onClick={() => setConfirming(true)}
              >
                {t('reclaim.candidates.reclaim')}
              </button>
            </div>
          )}
        </div>
        <StatusMessage>{summary}</StatusMessage>
        <ErrorMessage>{reclaim.error && !confirming ? describeError(reclaim.error) : undefined}</ErrorMessage>
      </div>
      {candidates.isPending ? (
        <LoadingState />
      ) : candidates.isError ? (
        <p className="notice notice--error" role="alert">
          {describeError(candidates.error)}
        </p>
      ) : candidates.data.items.length === 0 ? (
        <p className="empty-state">{t('reclaim.candidates.none')}</p>
      ) : (
        <DataTable
          caption={t('reclaim.candidates.heading')}
          columns={[
            t('reclaim.candidates.columns.app'),
            t('reclaim.candidates.columns.holder'),
            [t('reclaim.candidates.columns.reason'), 'hide-narrow'],
            [t('reclaim.candidates.columns.installed'), 'hide-narrow'],
            t('reclaim.candidates.columns.price'),
          ]}
        >
          {candidates.data.items.slice(0, SHOWN).map((item) => (
            <tr key={item.id}>
              <th scope="row" className="stacked-cell">
                <span>{item.appName || item.adamId}</span>
                <span className="stacked-cell__secondary">{item.tokenName}</span>
              </th>
              <td className="stacked-cell">
                <span>{item.assigneeName || item.assignee}</span>
                <span className="stacked-cell__secondary">
                  {t(`reclaim.licenseTypes.${item.licenseType}`)}
                  {item.assigneeName ? ` · ${item.assignee}` : ''}
                </span>
              </td>
              <td className="hide-narrow">
                {t(`reclaim.reasons.${item.reasonCode}`, {
                  date: item.reasonDate ? formatDate(item.reasonDate, format.locale) : '',
                })}
              </td>
              <td className="hide-narrow">
                {item.installed ? t('reclaim.candidates.installedYes') : t('reclaim.candidates.installedNo')}
              </td>
              <td className="numeric">
                {item.priceMinor === null ? '—' : money(item.priceMinor, candidates.data.currency)}
              </td>
            </tr>
          ))}
        </DataTable>
      )}
      {candidates.data && candidates.data.total > SHOWN && (
        <p className="card__footnote muted">
          {t('reclaim.candidates.shown', { shown: SHOWN, count: candidates.data.total })}
        </p>
      )}
      {confirming && candidates.data && (
        <ConfirmDialog
          title={t('reclaim.confirm.title')}
          message={t('reclaim.confirm.message', {
            count: candidates.data.total,
            money: money(candidates.data.freedMinor, candidates.data.currency),
          })}
          confirmLabel={t('reclaim.confirm.confirm')}
          pending={reclaim.isPending}
          error={reclaim.error ? describeError(reclaim.error) : undefined}
          onConfirm={() => run(false)}
          onClose={() => setConfirming(false)}
        />
      )}
    </section>
  );
}

function ReclaimsCard() {
  const { t } = useTranslation();
  const describeError = useErrorMessage();
  const format = useLocaleFormat();
  const user = useSignedInUser();
  const [page, setPage] = useState(1);
  const reclaims = useReclaims(page);
  const undo = useUndoReclaim();
  const [undone, setUndone] = useState<number>();
  return (
    <section className="card card--flush" aria-labelledby="reclaims-done">
      <div className="card__header">
        <h2 className="card__title" id="reclaims-done">
          {t('reclaim.list.heading')}
        </h2>
        {reclaims.data && <p className="card__meta">{reclaims.data.total}</p>}
      </div>
      <StatusMessage>
        {undone !== undefined ? t('reclaim.list.undone', { count: undone }) : undefined}
      </StatusMessage>
      <ErrorMessage>{undo.error ? describeError(undo.error) : undefined}</ErrorMessage>
      {reclaims.isPending ? (
        <LoadingState />
      ) : reclaims.isError ? (
        <p className="notice notice--error" role="alert">
          {describeError(reclaims.error)}
        </p>
      ) : reclaims.data.items.length === 0 ? (
        <p className="empty-state">{t('reclaim.list.empty')}</p>
      ) : (
        <>
          <DataTable
            caption={t('reclaim.list.heading')}
            columns={[
              t('reclaim.list.columns.when'),
              [t('reclaim.list.columns.rule'), 'hide-narrow'],
              t('reclaim.list.columns.licenses'),
              [t('reclaim.list.columns.freed'), 'hide-narrow'],
              [t('reclaim.list.columns.by'), 'hide-narrow'],
              t('reclaim.list.columns.status'),
            ]}
          >
            {reclaims.data.items.map((item) => (
              <tr key={item.id}>
                <td>{formatDateTime(item.createdAt, format.locale)}</td>
                <td className="hide-narrow">
                  {item.rule ? t(`reclaim.rules.${item.rule}`) : t('reclaim.list.picked')}
                </td>
                <td className="numeric">{format.number(item.licenses)}</td>
                <td className="hide-narrow numeric">
                  {formatMoney(item.freedMinor, item.currency, format.locale)}
                </td>
                <td className="hide-narrow">{item.actorEmail ?? t('reclaim.list.schedule')}</td>
                <td>
                  {item.undoneAt ? (
                    t('reclaim.list.undoneOn', { date: formatDate(item.undoneAt, format.locale) })
                  ) : item.undoUntil && user.role === 'admin' ? (
                    <button
                      type="button"
                      className="button button--secondary button--small"
                      disabled={undo.isPending}
                      aria-label={`${t('reclaim.list.undo')}: ${formatDateTime(item.createdAt, format.locale)}`}
                      onClick={() =>
                        undo.mutate(item.id, { onSuccess: (result) => setUndone(result.licenses) })
                      }
                    >
                      {undo.isPending && undo.variables === item.id
                        ? t('reclaim.list.undoing')
                        : t('reclaim.list.undo')}
                    </button>
                  ) : item.undoUntil ? (
                    t('reclaim.list.undoUntil', { date: formatDate(item.undoUntil, format.locale) })
                  ) : (
                    t('reclaim.list.final')
                  )}
                </td>
              </tr>
            ))}
          </DataTable>
          {reclaims.data.total > reclaims.data.pageSize && (
            <div className="form__actions">
              <button
                type="button"
                className="button button--secondary"
                disabled={page === 1}
                onClick={() => setPage(page - 1)}
              >
                {t('pagination.previous')}
              </button>
              <button
                type="button"
                className="button button--secondary"
                disabled={page * reclaims.data.pageSize >= reclaims.data.total}
                onClick={() => setPage(page + 1)}
              >
                {t('pagination.next')}
              </button>
            </div>
          )}
        </>
      )}
    </section>
  );
}
