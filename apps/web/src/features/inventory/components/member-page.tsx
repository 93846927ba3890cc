import type { CollectionType } from '@vpp/contracts/inventory';
import { type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { StatusMessage } from '../../../components/live-messages.tsx';
import { PageHeader } from '../../../components/page-header.tsx';
import { useSignedInUser } from '../../auth/signed-in-user.ts';
import { AddToCollectionDialog } from './add-to-collection-dialog.tsx';

/** The link back to the list a device or person page was opened from. */
export function BackLink({ to, children }: { to: string; children: ReactNode }) {
  return (
    <Link className="back-link" to={to}>
      <span aria-hidden="true">← </span>
      {children}
    </Link>
  );
}

interface MemberPageProps {
  back: ReactNode;
  title: string;
  intro: string | undefined;
  /** DEVICE for a device, USER for a person: the collections it can join. */
  type: CollectionType;
  memberId: string;
  /** How people know it: a serial number, an email. */
  subject: string;
  /** Its edit dialog; `onSaved` says what was saved. */
  renderEditDialog: (onClose: () => void, onSaved: (message: string) => void) => ReactNode;
  children: ReactNode;
}

/**
 * A device's or a person's page: its heading with "Add to collection" and "Edit" for admins, what
 * the last action did, and the page's cards.
 */
export function MemberPage({
  back,
  title,
  intro,
  type,
  memberId,
  subject,
  renderEditDialog,
  children,
}: MemberPageProps) {
  const { t } = useTranslation();
  const isAdmin = useSignedInUser().role === 'admin';
  const [dialog, setDialog] = useState<'edit' | 'addToCollection' | null>(null);
  const [status, setStatus] = useState<string>();
  const close = () => setDialog(null);

  return (
    <>
      {back}
      <PageHeader
        title={title}
        intro={intro}
        actions={
          isAdmin && (
            <>
              <button
                type="button"
                className="button button--primary"
                onClick={() => setDialog('addToCollection')}
              >
                {t('inventory.addToCollection.action')}
              </button>
              <button type="button" className="button button--secondary" onClick={() => setDialog('edit')}>
                {t('inventory.edit')}
              </button>
            </>
          )
        }
      />
      <StatusMessage>{status}</StatusMessage>
      {children}

      {dialog === 'edit' &&
        renderEditDialog(close, (message) => {
          close();
          setStatus(message);
        })}
      {dialog === 'addToCollection' && (
        <AddToCollectionDialog
          type={type}
          memberIds={[memberId]}
          subject={subject}
          onClose={close}
          onAdded={(collection) => {
            close();
            setStatus(t('inventory.addToCollection.done', { subject, collection: collection.name }));
          }}
        />
      )}
    </>
  );
}
