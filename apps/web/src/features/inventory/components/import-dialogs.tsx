import {
  type Collection,
  deviceImportColumns,
  deviceMemberImportColumns,
  type MemberImportQuery,
  personImportColumns,
  personMemberImportColumns,
} from '@vpp/contracts/inventory';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { RadioGroup } from '../../../components/radio-group.tsx';
import { useImportCollectionMembers } from '../api/import-collection-members.ts';
import { useImportDevices } from '../api/import-devices.ts';
import { useImportPeople } from '../api/import-people.ts';
import { CsvImportDialog } from './csv-import-dialog.tsx';
import { ImportReport } from './import-report.tsx';

/** Devices from a CSV file: added by serial number, or updated when the serial number exists. */
export function ImportDevicesDialog({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const importDevices = useImportDevices();
  const report = importDevices.data;
  return (
    <CsvImportDialog
      title={t('inventory.devices.importTitle')}
      intro={t('inventory.devices.importIntro')}
      columns={deviceImportColumns}
      pending={importDevices.isPending}
      error={importDevices.error}
      onImport={(file) => importDevices.mutate(file)}
      onReset={() => importDevices.reset()}
      onClose={onClose}
      announcement={
        report &&
        t('inventory.import.announcement', {
          created: report.created,
          updated: report.updated,
          refused: report.refused.length,
        })
      }
      report={
        report && (
          <ImportReport
            counts={[
              { label: t('inventory.import.created'), value: report.created, tone: 'success' },
              { label: t('inventory.import.updated'), value: report.updated, tone: 'success' },
              { label: t('inventory.import.unchanged'), value: report.unchanged },
              { label: t('inventory.import.refused'), value: report.refused.length, tone: 'danger' },
            ]}
            refused={report.refused}
            ignoredColumns={report.ignoredColumns}
          />
        )
      }
    />
  );
}

/** People from a CSV file: matched by clientUserId, else by email. */
export function ImportPeopleDialog({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const importPeople = useImportPeople();
  const report = importPeople.data;
  return (
    <CsvImportDialog
      title={t('inventory.people.importTitle')}
      intro={t('inventory.people.importIntro')}
      columns={personImportColumns}
      pending={importPeople.isPending}
      error={importPeople.error}
      onImport={(file) => importPeople.mutate(file)}
      onReset={() => importPeople.reset()}
      onClose={onClose}
      announcement={
        report &&
        t('inventory.import.announcement', {
          created: report.created,
          updated: report.updated,
          refused: report.refused.length,
        })
      }
      report={
        report && (
          <ImportReport
            counts={[
              { label: t('inventory.import.created'), value: report.created, tone: 'success' },
              { label: t('inventory.import.updated'), value: report.updated, tone: 'success' },
              { label: t('inventory.import.unchanged'), value: report.unchanged },
              { label: t('inventory.import.refused'), value: report.refused.length, tone: 'danger' },
            ]}
            refused={report.refused}
            ignoredColumns={report.ignoredColumns}
          />
        )
      }
    />
  );
}

/** A collection's members from a CSV file: serial numbers of known devices, or emails of known people. */
export function ImportMembersDialog({
  collection,
  onClose,
}: {
  collection: Collection;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const importMembers = useImportCollectionMembers();
  const [mode, setMode] = useState<MemberImportQuery['mode']>('add');
  const report = importMembers.data;
  const devices = collection.type === 'DEVICE';
  return (
    <CsvImportDialog
      title={t('inventory.collections.importTitle', { name: collection.name })}
      intro={
        devices ? t('inventory.collections.importIntroDevices') : t('inventory.collections.importIntroPeople')
      }
      columns={devices ? deviceMemberImportColumns : personMemberImportColumns}
      pending={importMembers.isPending}
      error={importMembers.error}
      onImport={(file) => importMembers.mutate({ collectionId: collection.id, file, mode })}
      onReset={() => importMembers.reset()}
      onClose={onClose}
      announcement={
        report &&
        t('inventory.import.membersAnnouncement', {
          added: report.added,
          removed: report.removed,
          refused: report.refused.length,
        })
      }
      report={
        report && (
          <ImportReport
            counts={[
              { label: t('inventory.import.added'), value: report.added, tone: 'success' },
              { label: t('inventory.import.alreadyMembers'), value: report.alreadyMembers },
              { label: t('inventory.import.removed'), value: report.removed },
              { label: t('inventory.import.refused'), value: report.refused.length, tone: 'danger' },
              { label: t('inventory.import.memberCount'), value: report.memberCount },
            ]}
            refused={report.refused}
            ignoredColumns={report.ignoredColumns}
          />
        )
      }
    >
      <RadioGroup
        legend={t('inventory.collections.importMode')}
        name="mode"
        value={mode}
        onChange={(next) => {
          setMode(next);
          importMembers.reset();
        }}
        options={[
          {
            value: 'add',
            label: t('inventory.collections.modes.add'),
            hint: t('inventory.collections.modes.addHint'),
          },
          {
            value: 'replace',
            label: t('inventory.collections.modes.replace'),
            hint: t('inventory.collections.modes.replaceHint'),
          },
        ]}
      />
    </CsvImportDialog>
  );
}
