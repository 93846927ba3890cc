-- NanoMDM commands of deployment targets: the CommandUUIDs sent (a webhook result names one; a
-- person's devices may get several), and how often sending had to be deferred (for backoff).
ALTER TABLE "deployment_targets" ADD COLUMN "mdm_command_uuids" TEXT[] NOT NULL DEFAULT ARRAY[]::TEXT[];
ALTER TABLE "deployment_targets" ADD COLUMN "command_attempts" INTEGER NOT NULL DEFAULT 0;
CREATE INDEX "deployment_targets_mdm_command_uuids_idx" ON "deployment_targets" USING GIN ("mdm_command_uuids");
