import { useQueryClient } from '@tanstack/react-query';
import type { Person } from '@vpp/contracts/inventory';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { ConfirmDialog } from '../../../components/confirm-dialog.tsx';
import { StatusMessage } from '../../../components/live-messages.tsx';
import { PageHeader } from '../../../components/page-header.tsx';
import { useErrorMessage } from '../../../lib/error-messages.ts';
import { pageFromParams, paramsFromFilters, textFromParams } from '../../../lib/url-params.ts';
import { useSignedInUser } from '../../auth/signed-in-user.ts';
import { useDeletePerson } from '../api/delete-person.ts';
import { PEOPLE_PAGE_SIZE, type PeopleQuery, peopleQueryOptions, usePeople } from '../api/get-people.ts';
import { ImportPeopleDialog } from './import-dialogs.tsx';
import { ListCard } from './list-card.tsx';
import { PeopleTable } from './people-table.tsx';
import { PersonDialog } from './person-dialog.tsx';
import { SearchFilter } from './search-filter.tsx';

type OpenDialog = { kind: 'add' } | { kind: 'import' } | { kind: 'edit' | 'delete'; person: Person } | null;

/** Managed users: who they are, and whether Apple knows them at each token's location. */
export function PeoplePage() {
  const { t } = useTranslation();
  const describeError = useErrorMessage();
  const queryClient = useQueryClient();
  const user = useSignedInUser();
  const isAdmin = user.role === 'admin';
  const [params, setParams] = useSearchParams();
  const search = params.toString();
  const query = useMemo<PeopleQuery>(() => {
    const current = new URLSearchParams(search);
    const text = textFromParams(current, 'search');
    return { page: pageFromParams(current), pageSize: PEOPLE_PAGE_SIZE, ...(text ? { search: text } : {}) };
  }, [search]);
  const people = usePeople(query);
  const deletePerson = useDeletePerson();
  const [dialog, setDialog] = useState<OpenDialog>(null);
  const [status, setStatus] = useState<string>();
  const total = people.data?.total ?? 0;

  useEffect(() => {
    if (query.page * query.pageSize < total) {
      queryClient.prefetchQuery(peopleQueryOptions({ ...query, page: query.page + 1 }));
    }
  }, [queryClient, query, total]);

  function closeDialog() {
    setDialog(null);
    deletePerson.reset();
  }

  return (
    <>
      <PageHeader
        title={t('inventory.people.title')}
        intro={t('inventory.people.intro')}
        actions={
          isAdmin && (
            <>
              <button
                type="button"
                className="button button--secondary"
                onClick={() => setDialog({ kind: 'import' })}
              >
                {t('inventory.people.import')}
              </button>
              <button
                type="button"
                className="button button--primary"
                onClick={() => setDialog({ kind: 'add' })}
              >
                <span aria-hidden="true">+ </span>
                {t('inventory.people.add')}
              </button>
            </>
          )
        }
      />
      <StatusMessage>{status}</StatusMessage>
      <ListCard
        id="people-results"
        title={t('inventory.people.caption')}
        results={(count) => t('inventory.people.results', { count })}
        list={people}
        empty={query.search ? t('inventory.people.emptyFiltered') : t('inventory.people.empty')}
        page={query.page}
        pageSize={query.pageSize}
        onPageChange={(next) => setParams(paramsFromFilters({ search: query.search }, next))}
        toolbar={
          <SearchFilter
            key={query.search ?? ''}
            label={t('inventory.people.filters')}
            placeholder={t('inventory.people.searchPlaceholder')}
            search={query.search}
            onApply={(next) => setParams(paramsFromFilters({ search: next }, 1))}
          />
        }
      >
        {(items) => (
          <PeopleTable
            people={items}
            caption={t('inventory.people.caption')}
            onAction={isAdmin ? (kind, person) => setDialog({ kind, person }) : undefined}
          />
        )}
      </ListCard>

      {(dialog?.kind === 'add' || dialog?.kind === 'edit') && (
        <PersonDialog
          person={dialog.kind === 'edit' ? dialog.person : undefined}
          onClose={closeDialog}
          onSaved={(saved) => {
            closeDialog();
            setStatus(
              dialog.kind === 'add'
                ? t('inventory.people.addedMessage', { email: saved.email })
                : t('inventory.people.savedMessage', { email: saved.email }),
            );
          }}
        />
      )}
      {dialog?.kind === 'import' && <ImportPeopleDialog onClose={closeDialog} />}
      {dialog?.kind === 'delete' && (
        <ConfirmDialog
          title={t('inventory.people.deleteTitle')}
          message={t('inventory.people.deleteConfirm', { email: dialog.person.email })}
          confirmLabel={t('inventory.delete')}
          pending={deletePerson.isPending}
          error={deletePerson.error ? describeError(deletePerson.error) : undefined}
          onClose={closeDialog}
          onConfirm={() => {
            const { person } = dialog;
            deletePerson.mutate(person.id, {
              onSuccess: () => {
                closeDialog();
                setStatus(t('inventory.people.deletedMessage', { email: person.email }));
              },
            });
          }}
        />
      )}
    </>
  );
}
