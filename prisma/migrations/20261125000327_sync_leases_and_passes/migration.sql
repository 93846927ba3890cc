-- DropIndex
DROP INDEX "sync_run_changes_sync_run_id_idx";

-- AlterTable
ALTER TABLE "license_assignments" ADD COLUMN     "seen_in_pass" UUID;

-- AlterTable
ALTER TABLE "sync_runs" ADD COLUMN     "lease_expires_at" TIMESTAMPTZ(3),
ADD COLUMN     "lease_owner" TEXT,
ADD COLUMN     "pass_id" UUID;

-- CreateIndex
CREATE UNIQUE INDEX "sync_run_changes_sync_run_id_kind_adam_id_pricing_param_key" ON "sync_run_changes"("sync_run_id", "kind", "adam_id", "pricing_param");

