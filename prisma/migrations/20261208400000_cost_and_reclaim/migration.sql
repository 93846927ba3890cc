-- AlterEnum
ALTER TYPE "AlertKind" ADD VALUE 'RECLAIM_AVAILABLE';

-- CreateEnum
CREATE TYPE "ReclaimRule" AS ENUM ('DEVICE_NOT_SEEN', 'DEVICE_GONE', 'PERSON_GONE', 'NOT_INSTALLED', 'PERSON_WITHOUT_DEVICE');

-- CreateEnum
CREATE TYPE "ReclaimMethod" AS ENUM ('RELEASED', 'UNINSTALL_DEPLOYMENT');

-- CreateTable
CREATE TABLE "store_app_prices" (
    "store_app_id" UUID NOT NULL,
    "unit_price_minor" BIGINT NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "store_app_prices_pkey" PRIMARY KEY ("store_app_id"),
    CONSTRAINT "store_app_prices_unit_price_minor_check" CHECK ("unit_price_minor" >= 0)
);

-- CreateTable
CREATE TABLE "reclaims" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "rule" "ReclaimRule",
    "days" INTEGER,
    "actor_email" TEXT,
    "freed_minor" BIGINT NOT NULL DEFAULT 0,
    "currency" TEXT NOT NULL,
    "undone_at" TIMESTAMPTZ(3),
    "undone_by" TEXT,

    CONSTRAINT "reclaims_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "reclaim_items" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "reclaim_id" UUID NOT NULL,
    "rule" "ReclaimRule" NOT NULL,
    "store_app_id" UUID,
    "token_id" UUID NOT NULL,
    "adam_id" TEXT NOT NULL,
    "pricing_param" TEXT NOT NULL,
    "app_name" TEXT NOT NULL DEFAULT '',
    "license_type" "LicenseType" NOT NULL,
    "assignee" TEXT NOT NULL,
    "assignee_name" TEXT NOT NULL DEFAULT '',
    "method" "ReclaimMethod" NOT NULL,
    "deployment_id" UUID,
    "apple_event_ids" TEXT[] NOT NULL DEFAULT ARRAY[]::TEXT[],
    "price_minor" BIGINT,

    CONSTRAINT "reclaim_items_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "reclaims_created_at_idx" ON "reclaims"("created_at" DESC);

-- CreateIndex
CREATE INDEX "reclaim_items_reclaim_id_idx" ON "reclaim_items"("reclaim_id");

-- AddForeignKey
ALTER TABLE "store_app_prices" ADD CONSTRAINT "store_app_prices_store_app_id_fkey" FOREIGN KEY ("store_app_id") REFERENCES "store_apps"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "reclaim_items" ADD CONSTRAINT "reclaim_items_reclaim_id_fkey" FOREIGN KEY ("reclaim_id") REFERENCES "reclaims"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- A price change moves the license report's cached totals (value in use, idle, by category).
CREATE TRIGGER store_app_prices_bump_report AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "store_app_prices"
  FOR EACH STATEMENT EXECUTE FUNCTION bump_report_version_of_all();
