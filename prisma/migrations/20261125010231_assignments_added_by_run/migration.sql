-- CreateExtension
CREATE EXTENSION IF NOT EXISTS "pg_trgm";

-- AlterTable
ALTER TABLE "license_assignments" ADD COLUMN     "added_by_run" UUID;

-- CreateIndex
CREATE INDEX "license_assignments_added_by_run_idx" ON "license_assignments"("added_by_run");

