-- CreateExtension
CREATE EXTENSION IF NOT EXISTS "pg_trgm";

-- DropIndex
DROP INDEX "store_apps_assigned_count_idx";

-- CreateIndex
CREATE INDEX "store_apps_name_trgm_idx" ON "store_apps" USING GIN ("name" gin_trgm_ops);

-- CreateIndex
CREATE INDEX "store_apps_assigned_count_id_idx" ON "store_apps"("assigned_count", "id");

-- CreateIndex
CREATE INDEX "store_apps_available_count_id_idx" ON "store_apps"("available_count", "id");

-- CreateIndex
CREATE INDEX "store_apps_total_count_id_idx" ON "store_apps"("total_count", "id");

