-- The license-count report's cache key was one row, data_versions 'license-report', bumped by every
-- statement on store apps: concurrent syncs of different tokens queued on that row's lock. Now each
-- token has its own version row, set from one sequence on every change of the token, its store apps
-- or its categories. Every bump takes a value above all others, so max(version) moves on any
-- change: the report reads that (one index probe) and concurrent syncs lock only their own rows.

DROP TRIGGER store_apps_bump_license_report ON "store_apps";
DROP TRIGGER vpp_tokens_bump_license_report ON "vpp_tokens";
DROP TRIGGER token_categories_bump_license_report ON "token_categories";
DROP FUNCTION bump_license_report_version();
DROP TABLE "data_versions";

CREATE SEQUENCE "report_data_version_seq";

-- CreateTable
CREATE TABLE "report_data_versions" (
    "token_id" UUID NOT NULL,
    "version" BIGINT NOT NULL,

    CONSTRAINT "report_data_versions_pkey" PRIMARY KEY ("token_id")
);

-- CreateIndex
CREATE INDEX "report_data_versions_version_idx" ON "report_data_versions"("version");

-- The tokens named in a statement's transition table `changed` (store apps), once each.
CREATE FUNCTION bump_report_version_of_changed_store_apps() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO report_data_versions (token_id, version)
  SELECT d.token_id, nextval('report_data_version_seq') FROM (SELECT DISTINCT token_id FROM changed) d
  ON CONFLICT (token_id) DO UPDATE SET version = EXCLUDED.version;
  RETURN NULL;
END;
$$;

-- One token's row (vpp_tokens and token_categories change a row at a time).
CREATE FUNCTION bump_report_version_of_token() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  changed_token uuid;
BEGIN
  IF TG_TABLE_NAME = 'vpp_tokens' THEN
    changed_token := CASE WHEN TG_OP = 'DELETE' THEN OLD.id ELSE NEW.id END;
  ELSE
    changed_token := CASE WHEN TG_OP = 'DELETE' THEN OLD.token_id ELSE NEW.token_id END;
  END IF;
  INSERT INTO report_data_versions (token_id, version) VALUES (changed_token, nextval('report_data_version_seq'))
  ON CONFLICT (token_id) DO UPDATE SET version = EXCLUDED.version;
  RETURN NULL;
END;
$$;

-- TRUNCATE names no rows: the nil uuid's row moves.
CREATE FUNCTION bump_report_version_of_all() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO report_data_versions (token_id, version)
  VALUES ('00000000-0000-0000-0000-000000000000', nextval('report_data_version_seq'))
  ON CONFLICT (token_id) DO UPDATE SET version = EXCLUDED.version;
  RETURN NULL;
END;
$$;

CREATE TRIGGER store_apps_insert_bump_report AFTER INSERT ON "store_apps"
  REFERENCING NEW TABLE AS changed
  FOR EACH STATEMENT EXECUTE FUNCTION bump_report_version_of_changed_store_apps();
CREATE TRIGGER store_apps_update_bump_report AFTER UPDATE ON "store_apps"
  REFERENCING NEW TABLE AS changed
  FOR EACH STATEMENT EXECUTE FUNCTION bump_report_version_of_changed_store_apps();
CREATE TRIGGER store_apps_delete_bump_report AFTER DELETE ON "store_apps"
  REFERENCING OLD TABLE AS changed
  FOR EACH STATEMENT EXECUTE FUNCTION bump_report_version_of_changed_store_apps();
CREATE TRIGGER store_apps_truncate_bump_report AFTER TRUNCATE ON "store_apps"
  FOR EACH STATEMENT EXECUTE FUNCTION bump_report_version_of_all();

CREATE TRIGGER vpp_tokens_bump_report AFTER INSERT OR UPDATE OF name, type OR DELETE ON "vpp_tokens"
  FOR EACH ROW EXECUTE FUNCTION bump_report_version_of_token();
CREATE TRIGGER vpp_tokens_truncate_bump_report AFTER TRUNCATE ON "vpp_tokens"
  FOR EACH STATEMENT EXECUTE FUNCTION bump_report_version_of_all();

CREATE TRIGGER token_categories_bump_report AFTER INSERT OR UPDATE OR DELETE ON "token_categories"
  FOR EACH ROW EXECUTE FUNCTION bump_report_version_of_token();
CREATE TRIGGER token_categories_truncate_bump_report AFTER TRUNCATE ON "token_categories"
  FOR EACH STATEMENT EXECUTE FUNCTION bump_report_version_of_all();
