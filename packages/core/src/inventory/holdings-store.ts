import { AppError } from '@vpp/contracts/errors';
import type { HeldLicense, HeldTarget, Holdings } from '@vpp/contracts/holdings';
import type { Sql } from '@vpp/db/transaction';

// What one device or one person holds, read for their pages: the licenses Apple has assigned to
// them (over every token, through the (token, type, assignee) index), and every deployment target
// that stands for them, newest first. Two statements after the owner is found.

const iso = (column: string) => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/** How many targets a page lists; a device rarely has more. */
const TARGETS_SHOWN = 200;

const LICENSES_SQL = `
  SELECT sa.id AS "storeAppId", sa.name, sa.icon_url AS "iconUrl", t.id AS "tokenId", t.name AS "tokenName",
         la.adam_id AS "adamId", la.pricing_param AS "pricingParam", la.license_type::text AS "licenseType",
         ${iso('la.first_seen_at')} AS since
    FROM vpp_tokens t
    JOIN LATERAL (
      SELECT * FROM license_assignments x
       WHERE x.token_id = t.id AND x.license_type = $1::"LicenseType" AND x.assignee = $2
    ) la ON true
    JOIN store_apps sa
      ON sa.token_id = la.token_id AND sa.adam_id = la.adam_id AND sa.pricing_param = la.pricing_param
   ORDER BY sa.name, t.name, la.pricing_param`;

const targetsSql = (ownerColumn: 'device_id' | 'person_id') => `
  SELECT dt.id AS "targetId", d.id AS "deploymentId", a.id AS "applicationId", a.name AS "applicationName",
         c.id AS "collectionId", c.name AS "collectionName", d.action::text AS action,
         d.status::text AS "deploymentStatus", dt.state::text AS state, dt.error_code AS "errorCode",
         dt.error, dt.removed_by_deployment_id AS "removedByDeploymentId", ${iso('dt.updated_at')} AS "updatedAt"
    FROM deployment_targets dt
    JOIN deployments d ON d.id = dt.deployment_id
    JOIN applications a ON a.id = d.application_id
    JOIN collections c ON c.id = d.collection_id
   WHERE dt.${ownerColumn} = $1::uuid
   ORDER BY d.created_at DESC, d.id DESC
   LIMIT ${TARGETS_SHOWN}`;

async function readHoldings(
  sql: Sql,
  licenseType: 'DEVICE' | 'USER',
  assignee: string,
  ownerColumn: 'device_id' | 'person_id',
  ownerId: string,
): Promise<Holdings> {
  const [licenses, targets] = await Promise.all([
    sql.query<HeldLicense>(LICENSES_SQL, [licenseType, assignee]),
    sql.query<HeldTarget>(targetsSql(ownerColumn), [ownerId]),
  ]);
  return { licenses: licenses.rows, targets: targets.rows };
}

/** The device licenses Apple holds for the device's serial number, and its deployment targets. */
export async function getDeviceHoldings(sql: Sql, deviceId: string): Promise<Holdings> {
  const { rows } = await sql.query<{ serial_number: string }>(
    'SELECT serial_number FROM devices WHERE id = $1::uuid',
    [deviceId],
  );
  const device = rows[0];
  if (!device) throw new AppError('NOT_FOUND', 'No such device.');
  return readHoldings(sql, 'DEVICE', device.serial_number, 'device_id', deviceId);
}

/** The user licenses Apple holds for the person's client user id, and their deployment targets. */
export async function getPersonHoldings(sql: Sql, personId: string): Promise<Holdings> {
  const { rows } = await sql.query<{ client_user_id: string }>(
    'SELECT client_user_id FROM people WHERE id = $1::uuid',
    [personId],
  );
  const person = rows[0];
  if (!person) throw new AppError('NOT_FOUND', 'No such person.');
  return readHoldings(sql, 'USER', person.client_user_id, 'person_id', personId);
}
