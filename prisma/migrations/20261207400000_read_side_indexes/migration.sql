-- Read side at scale (issue #12): every list pages through an index in its sort's order, with the
-- tie-breaker in the same direction, and every search arm has an index the planner can OR together.
CREATE EXTENSION IF NOT EXISTS "pg_trgm";

-- Sync runs: newest first, overall and per token (the old per-token index lacked the tie-breaker).
DROP INDEX IF EXISTS "sync_runs_token_id_queued_at_idx";
CREATE INDEX "sync_runs_token_id_queued_at_id_idx" ON "sync_runs" ("token_id", "queued_at" DESC, "id" DESC);
CREATE INDEX "sync_runs_queued_at_id_idx" ON "sync_runs" ("queued_at" DESC, "id" DESC);
-- The retention job deletes a run's change list with the run.
CREATE INDEX "sync_run_changes_sync_run_id_idx" ON "sync_run_changes" ("sync_run_id");

-- Audit log: newest first with its tie-breaker; the search's arms (summary, action by trigram, the
-- target id exactly).
DROP INDEX IF EXISTS "audit_entries_at_idx";
CREATE INDEX "audit_entries_at_id_idx" ON "audit_entries" ("at" DESC, "id" DESC);
CREATE INDEX "audit_entries_summary_trgm_idx" ON "audit_entries" USING GIN ("summary" gin_trgm_ops);
CREATE INDEX "audit_entries_action_trgm_idx" ON "audit_entries" USING GIN ("action" gin_trgm_ops);
CREATE INDEX "audit_entries_target_id_idx" ON "audit_entries" ("target_id");

-- Store apps: the bundle id searched case-insensitively; the name sort with its tie-breaker; a
-- token's apps in id order (the sort by token name walks tokens by name, then their apps).
CREATE INDEX "store_apps_bundle_id_lower_idx" ON "store_apps" (lower("bundle_id"));
CREATE INDEX "store_apps_name_id_idx" ON "store_apps" ("name", "id");
CREATE INDEX "store_apps_adam_id_id_idx" ON "store_apps" ("adam_id", "id");
CREATE INDEX "store_apps_token_id_id_idx" ON "store_apps" ("token_id", "id");
CREATE INDEX "vpp_tokens_name_id_idx" ON "vpp_tokens" ("name", "id");

-- Applications: paged by name with the tie-breaker; their name searched by trigram.
CREATE INDEX "applications_name_id_idx" ON "applications" ("name", "id");
CREATE INDEX "applications_name_trgm_idx" ON "applications" USING GIN ("name" gin_trgm_ops);
CREATE INDEX "deployments_application_id_created_at_idx" ON "deployments" ("application_id", "created_at" DESC);
