-- A deployment whose targets have all settled is FINISHED; an install target whose app a later
-- uninstall deployment removed names that deployment.
ALTER TYPE "DeploymentStatus" ADD VALUE 'FINISHED';

ALTER TABLE "deployments" ADD COLUMN "finished_at" TIMESTAMPTZ(3);

ALTER TABLE "deployment_targets" ADD COLUMN "removed_by_deployment_id" UUID;

CREATE INDEX "deployment_targets_removed_by_deployment_id_idx" ON "deployment_targets"("removed_by_deployment_id");

ALTER TABLE "deployment_targets" ADD CONSTRAINT "deployment_targets_removed_by_deployment_id_fkey" FOREIGN KEY ("removed_by_deployment_id") REFERENCES "deployments"("id") ON DELETE SET NULL ON UPDATE CASCADE;
