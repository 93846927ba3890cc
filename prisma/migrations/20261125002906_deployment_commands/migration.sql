-- CreateExtension
CREATE EXTENSION IF NOT EXISTS "pg_trgm";

-- AlterTable
ALTER TABLE "deployment_targets" ADD COLUMN     "command_sent_at" TIMESTAMPTZ(3);

