-- AlterTable
ALTER TABLE "vpp_tokens" ADD COLUMN     "restore_suspected_at" TIMESTAMPTZ(3);

