-- AlterTable
ALTER TABLE "sync_runs" ADD COLUMN     "pass_notes_keys" BOOLEAN NOT NULL DEFAULT true;

