import type { DeploymentPreview, DeploymentRequest } from '@vpp/contracts/deployments';
import { useTranslation } from 'react-i18next';
import { useLocaleFormat } from '../../../lib/locale-format.ts';

interface DeploymentPreviewViewProps {
  preview: DeploymentPreview;
  action: DeploymentRequest['action'];
}

/** The license impact of a deployment before the admin confirms it, and who will fail and why. */
export function DeploymentPreviewView({ preview, action }: DeploymentPreviewViewProps) {
  const { t } = useTranslation();
  const format = useLocaleFormat();
  const install = action === 'INSTALL';
  const { DEVICE: devices, USER: users } = preview.targetsByLicenseType;
  const mixed = devices > 0 && users > 0;
  const hidden = preview.targetsThatWillFailCount - preview.targetsThatWillFail.length;
  const platformRefused = preview.targetsThatWillFail.filter(
    (failure) => failure.code === 'PLATFORM_NOT_SUPPORTED',
  ).length;

  const figures: { key: string; label: string; value: string; note?: string; tone?: 'danger' | 'ok' }[] = [
    {
      key: 'licenseType',
      label: t('deployments.preview.licenseType'),
      value: mixed
        ? t('deployments.preview.licenseTypeMixed')
        : t(`deployments.licenseTypes.${devices > 0 ? 'DEVICE' : users > 0 ? 'USER' : preview.licenseType}`),
    },
    {
      key: 'targets',
      label: t('deployments.preview.targets'),
      value: format.number(preview.targets),
      note: mixed
        ? t('deployments.preview.targetsByType', {
            devices: format.number(devices),
            users: format.number(users),
          })
        : undefined,
    },
    // An uninstall claims nothing: what it does to licenses is release those the targets hold.
    ...(install
      ? ([
          {
            key: 'needed',
            label: t('deployments.preview.licensesNeeded'),
            value: format.number(preview.licensesNeeded),
          },
          {
            key: 'held',
            label: t('deployments.preview.alreadyHeld'),
            value: format.number(preview.alreadyHeld),
          },
          {
            key: 'newClaims',
            label: t('deployments.preview.newClaims'),
            value: format.number(preview.newClaims),
          },
          {
            key: 'available',
            label: t('deployments.preview.available'),
            value: format.number(preview.available),
          },
          {
            key: 'shortfall',
            label: t('deployments.preview.shortfall'),
            value: format.number(preview.shortfall),
            tone: preview.shortfall > 0 ? 'danger' : 'ok',
          },
        ] as const)
      : ([
          {
            key: 'release',
            label: t('deployments.preview.licensesToRelease'),
            value: format.number(preview.alreadyHeld),
          },
        ] as const)),
  ];

  return (
    <section className="preview" aria-labelledby="deployment-preview-title">
      <h3 className="preview__title" id="deployment-preview-title">
        {t(install ? 'deployments.preview.title' : 'deployments.preview.uninstallTitle')}
      </h3>
      <dl className="preview__figures">
        {figures.map((figure) => (
          <div
            key={figure.key}
            className={`preview__figure preview__figure--${figure.key}${figure.tone ? ` preview__figure--${figure.tone}` : ''}`}
          >
            <dt>{figure.label}</dt>
            <dd>
              {figure.value}
              {figure.note && <span className="preview__note">{figure.note}</span>}
            </dd>
          </div>
        ))}
      </dl>
      {install ? (
        preview.shortfall > 0 ? (
          <p className="notice notice--warning">
            {t('deployments.preview.shortfallNotice', { count: preview.shortfall })}
          </p>
        ) : preview.targets > 0 && preview.targetsThatWillFailCount === 0 ? (
          <p className="notice notice--success">{t('deployments.preview.enough')}</p>
        ) : null
      ) : (
        <p className="notice notice--info">{t('deployments.preview.uninstallNotice')}</p>
      )}
      {install && platformRefused > 0 && (
        <p className="notice notice--warning">
          {t('deployments.preview.platformNotice', { count: platformRefused })}
        </p>
      )}
      {preview.targets === 0 && (
        <p className="notice notice--warning">{t('deployments.preview.emptyCollection')}</p>
      )}
      {preview.targetsThatWillFailCount > 0 && (
        <div className="preview__failures">
          <h4 className="preview__subtitle" id="deployment-preview-failures">
            {t('deployments.preview.willFail', { count: preview.targetsThatWillFailCount })}
          </h4>
          <div className="table-wrap preview__table">
            <table className="table table--compact" aria-labelledby="deployment-preview-failures">
              <thead>
                <tr>
                  <th scope="col">{t('deployments.targets.columns.target')}</th>
                  <th scope="col">{t('deployments.targets.columns.reason')}</th>
                </tr>
              </thead>
              <tbody>
                {preview.targetsThatWillFail.map((failure) => (
                  <tr key={failure.target}>
                    <th scope="row" className="mono">
                      {failure.target}
                    </th>
                    <td>
                      {t(`deployments.failureCodes.${failure.code}`)}
                      {failure.code === 'PLATFORM_NOT_SUPPORTED' && (
                        <code className="target-error__code">{failure.code}</code>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {hidden > 0 && <p className="muted">{t('deployments.preview.moreFailures', { count: hidden })}</p>}
        </div>
      )}
    </section>
  );
}
