import type { UseMutationResult } from '@tanstack/react-query';
import {
  type Collection,
  deviceImportColumns,
  deviceMemberImportColumns,
  type ImportReport as ImportReportData,
  type MemberImportQuery,
  personImportColumns,
  personMemberImportColumns,
} from '@vpp/contracts/inventory';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { RadioGroup } from '../../../components/radio-group.tsx';
import { useImportCollectionMembers, useImportDevices, useImportPeople } from '../api/inventory-api.ts';
import { type CsvColumns, CsvImportDialog } from './csv-import-dialog.tsx';
import { ImportReport } from './import-report.tsx';

interface ImportRecordsDialogProps {
  section: 'devices' | 'people';
  columns: CsvColumns;
  importing: UseMutationResult<ImportReportData, Error, File>;
  onClose: () => void;
}

/** Devices or people from a CSV file, and the report of what was created, updated and refused. */
function ImportRecordsDialog({ section, columns, importing, onClose }: ImportRecordsDialogProps) {
  const { t } = useTranslation();
  const report = importing.data;
  return (
    <CsvImportDialog
      title={t(`inventory.${section}.importTitle`)}
      intro={t(`inventory.${section}.importIntro`)}
      columns={columns}
      importing={importing}
      onImport={(file) => importing.mutate(file)}
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

/** Devices from a CSV file: added by serial number, or updated when the serial number exists. */
export function ImportDevicesDialog({ onClose }: { onClose: () => void }) {
  const importDevices = useImportDevices();
  return (
    <ImportRecordsDialog
      section="devices"
      columns={deviceImportColumns}
      importing={importDevices}
      onClose={onClose}
    />
  );
}

/** People from a CSV file: matched by clientUserId, else by email. */
export function ImportPeopleDialog({ onClose }: { onClose: () => void }) {
  const importPeople = useImportPeople();
  return (
    <ImportRecordsDialog
      section="people"
      columns={personImportColumns}
      importing={importPeople}
      onClose={onClose}
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
      importing={importMembers}
      onImport={(file) => importMembers.mutate({ collectionId: collection.id, file, mode })}
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
