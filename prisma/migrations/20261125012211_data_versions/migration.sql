-- CreateTable
CREATE TABLE "data_versions" (
    "name" TEXT NOT NULL,
    "version" BIGINT NOT NULL DEFAULT 0,

    CONSTRAINT "data_versions_pkey" PRIMARY KEY ("name")
);


-- The license-count report's totals are cached by each API replica until this version moves: any
-- statement that changes store apps, tokens or their categories bumps it.
INSERT INTO "data_versions" ("name", "version") VALUES ('license-report', 0);

CREATE FUNCTION bump_license_report_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE data_versions SET version = version + 1 WHERE name = 'license-report';
  RETURN NULL;
END;
$$;

CREATE TRIGGER store_apps_bump_license_report AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "store_apps"
  FOR EACH STATEMENT EXECUTE FUNCTION bump_license_report_version();
CREATE TRIGGER vpp_tokens_bump_license_report AFTER INSERT OR UPDATE OF name, type OR DELETE OR TRUNCATE ON "vpp_tokens"
  FOR EACH STATEMENT EXECUTE FUNCTION bump_license_report_version();
CREATE TRIGGER token_categories_bump_license_report AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "token_categories"
  FOR EACH STATEMENT EXECUTE FUNCTION bump_license_report_version();
