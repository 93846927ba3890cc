-- Deployments under a lease, intents before effects at Apple and the MDM, and the reconciler's counters.
ALTER TABLE "deployments" ADD COLUMN "lease_owner" TEXT,
  ADD COLUMN "lease_expires_at" TIMESTAMPTZ(3),
  ADD COLUMN "next_step_at" TIMESTAMPTZ(3),
  ADD COLUMN "step_requested_at" TIMESTAMPTZ(3);
CREATE INDEX "deployments_status_idx" ON "deployments"("status");

ALTER TABLE "deployment_targets" ADD COLUMN "apple_intent_at" TIMESTAMPTZ(3),
  ADD COLUMN "command_intent_at" TIMESTAMPTZ(3),
  ADD COLUMN "mdm_rechecked_at" TIMESTAMPTZ(3);

CREATE TABLE "deployment_reconciler_fixes" (
    "kind" TEXT NOT NULL,
    "count" BIGINT NOT NULL DEFAULT 0,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "deployment_reconciler_fixes_pkey" PRIMARY KEY ("kind")
);
