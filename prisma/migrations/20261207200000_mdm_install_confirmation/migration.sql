-- An acknowledged InstallApplication is confirmed by a ManagedApplicationList before the target is
-- INSTALLED: when the device acknowledged, the confirmation commands sent (their CommandUUIDs), and
-- how often the device was asked.
ALTER TABLE "deployment_targets" ADD COLUMN "mdm_acknowledged_at" TIMESTAMPTZ(3);
ALTER TABLE "deployment_targets" ADD COLUMN "mdm_confirm_command_uuids" TEXT[] NOT NULL DEFAULT ARRAY[]::TEXT[];
ALTER TABLE "deployment_targets" ADD COLUMN "mdm_confirm_checks" INTEGER NOT NULL DEFAULT 0;
CREATE INDEX "deployment_targets_mdm_confirm_command_uuids_idx" ON "deployment_targets" USING GIN ("mdm_confirm_command_uuids");
