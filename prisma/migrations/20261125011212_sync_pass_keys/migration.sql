-- AlterTable
ALTER TABLE "license_assignments" DROP COLUMN "seen_in_pass";

-- CreateTable
CREATE TABLE "sync_pass_keys" (
    "id" BIGSERIAL NOT NULL,
    "run_id" UUID NOT NULL,
    "pass_id" UUID NOT NULL,
    "adam_id" TEXT NOT NULL,
    "pricing_param" TEXT NOT NULL,
    "license_type" TEXT NOT NULL,
    "assignee" TEXT NOT NULL,

    CONSTRAINT "sync_pass_keys_pkey" PRIMARY KEY ("id")
);


