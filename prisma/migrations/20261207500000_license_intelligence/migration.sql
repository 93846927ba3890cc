-- CreateEnum
CREATE TYPE "AlertChannelType" AS ENUM ('EMAIL', 'WEBHOOK', 'SLACK');

-- CreateEnum
CREATE TYPE "AlertKind" AS ENUM ('LOW_LICENSES', 'EXHAUSTION_FORECAST', 'TOKEN_EXPIRING', 'TOKEN_UNUSABLE', 'SYNC_FAILING', 'DEPLOYMENT_SHORTFALL');

-- CreateEnum
CREATE TYPE "AlertStateValue" AS ENUM ('FIRING', 'RECOVERED');

-- CreateEnum
CREATE TYPE "AlertDeliveryStatus" AS ENUM ('PENDING', 'SENT', 'FAILED');

-- CreateTable
CREATE TABLE "license_history_points" (
    "store_app_id" UUID NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL,
    "total_count" INTEGER NOT NULL,
    "assigned_count" INTEGER NOT NULL,
    "available_count" INTEGER NOT NULL,

    CONSTRAINT "license_history_points_pkey" PRIMARY KEY ("store_app_id","at")
);

-- CreateTable
CREATE TABLE "license_burn_rates" (
    "store_app_id" UUID NOT NULL,
    "per_day" DOUBLE PRECISION NOT NULL,
    "days_observed" INTEGER NOT NULL,
    "computed_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "license_burn_rates_pkey" PRIMARY KEY ("store_app_id")
);

-- CreateTable
CREATE TABLE "alert_channels" (
    "id" UUID NOT NULL,
    "type" "AlertChannelType" NOT NULL,
    "name" TEXT NOT NULL,
    "target" TEXT NOT NULL,
    "secret_encrypted" BYTEA,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "alert_channels_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "alert_rules" (
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "kind" "AlertKind" NOT NULL,
    "threshold" JSONB NOT NULL,
    "scope" JSONB,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "alert_rules_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "alert_rule_channels" (
    "rule_id" UUID NOT NULL,
    "channel_id" UUID NOT NULL,

    CONSTRAINT "alert_rule_channels_pkey" PRIMARY KEY ("rule_id","channel_id")
);

-- CreateTable
CREATE TABLE "alert_states" (
    "rule_id" UUID NOT NULL,
    "subject_type" TEXT NOT NULL,
    "subject_id" UUID NOT NULL,
    "token_id" UUID,
    "subject_name" TEXT NOT NULL,
    "state" "AlertStateValue" NOT NULL,
    "message" TEXT NOT NULL,
    "fired_at" TIMESTAMPTZ(3) NOT NULL,
    "recovered_at" TIMESTAMPTZ(3),

    CONSTRAINT "alert_states_pkey" PRIMARY KEY ("rule_id","subject_type","subject_id")
);

-- CreateTable
CREATE TABLE "alert_deliveries" (
    "id" UUID NOT NULL,
    "channel_id" UUID,
    "rule_id" UUID,
    "purpose" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "message" TEXT NOT NULL,
    "status" "AlertDeliveryStatus" NOT NULL DEFAULT 'PENDING',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "response_code" INTEGER,
    "error" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finished_at" TIMESTAMPTZ(3),

    CONSTRAINT "alert_deliveries_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "license_burn_rates_per_day_idx" ON "license_burn_rates"("per_day");

-- CreateIndex
CREATE INDEX "alert_rule_channels_channel_id_idx" ON "alert_rule_channels"("channel_id");

-- CreateIndex
CREATE INDEX "alert_states_state_fired_at_idx" ON "alert_states"("state", "fired_at" DESC);

-- CreateIndex
CREATE INDEX "alert_deliveries_channel_id_created_at_idx" ON "alert_deliveries"("channel_id", "created_at" DESC);

-- AddForeignKey
ALTER TABLE "license_history_points" ADD CONSTRAINT "license_history_points_store_app_id_fkey" FOREIGN KEY ("store_app_id") REFERENCES "store_apps"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "license_burn_rates" ADD CONSTRAINT "license_burn_rates_store_app_id_fkey" FOREIGN KEY ("store_app_id") REFERENCES "store_apps"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "alert_rule_channels" ADD CONSTRAINT "alert_rule_channels_rule_id_fkey" FOREIGN KEY ("rule_id") REFERENCES "alert_rules"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "alert_rule_channels" ADD CONSTRAINT "alert_rule_channels_channel_id_fkey" FOREIGN KEY ("channel_id") REFERENCES "alert_channels"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "alert_states" ADD CONSTRAINT "alert_states_rule_id_fkey" FOREIGN KEY ("rule_id") REFERENCES "alert_rules"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "alert_deliveries" ADD CONSTRAINT "alert_deliveries_channel_id_fkey" FOREIGN KEY ("channel_id") REFERENCES "alert_channels"("id") ON DELETE CASCADE ON UPDATE CASCADE;


-- History is written by the database, not by the code paths that change counts: whatever writes
-- store_apps (a sync page, a deployment's claim, a release), one statement-level trigger adds a point
-- for each row whose total, assigned or available count changed. A sync page of 1,000 rows is one
-- INSERT ... SELECT over the transition tables. Several writes in one transaction share now(): the
-- last one wins, which is the state that transaction committed.
CREATE FUNCTION record_license_history_on_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO license_history_points (store_app_id, at, total_count, assigned_count, available_count)
  SELECT n.id, now(), n.total_count, n.assigned_count, n.available_count FROM new_rows n
  ON CONFLICT (store_app_id, at) DO UPDATE
    SET total_count = excluded.total_count, assigned_count = excluded.assigned_count,
        available_count = excluded.available_count;
  RETURN NULL;
END;
$$;

CREATE FUNCTION record_license_history_on_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO license_history_points (store_app_id, at, total_count, assigned_count, available_count)
  SELECT n.id, now(), n.total_count, n.assigned_count, n.available_count
    FROM new_rows n JOIN old_rows o ON o.id = n.id
   WHERE (n.total_count, n.assigned_count, n.available_count)
         IS DISTINCT FROM (o.total_count, o.assigned_count, o.available_count)
  ON CONFLICT (store_app_id, at) DO UPDATE
    SET total_count = excluded.total_count, assigned_count = excluded.assigned_count,
        available_count = excluded.available_count;
  RETURN NULL;
END;
$$;

CREATE TRIGGER store_apps_history_on_insert AFTER INSERT ON "store_apps"
  REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION record_license_history_on_insert();
CREATE TRIGGER store_apps_history_on_update AFTER UPDATE ON "store_apps"
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION record_license_history_on_update();

-- Apps known before history existed start with their counts of today.
INSERT INTO license_history_points (store_app_id, at, total_count, assigned_count, available_count)
SELECT id, now(), total_count, assigned_count, available_count FROM store_apps;
