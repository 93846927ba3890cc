-- Device licenses given back to Apple because their device left: it checked out of the MDM, was
-- deleted here, or an admin accepted a suggestion. The console lists them ("Licenses returned") and
-- the dashboard counts them; the audit log records each one as well.
CREATE TYPE "LicenseReturnReason" AS ENUM ('CHECKED_OUT', 'DEVICE_DELETED', 'SUGGESTION_ACCEPTED');

CREATE TABLE "returned_licenses" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "returned_at" TIMESTAMPTZ(3) NOT NULL DEFAULT now(),
    "reason" "LicenseReturnReason" NOT NULL,
    "serial_number" TEXT NOT NULL,
    "device_id" UUID,
    "device_name" TEXT NOT NULL DEFAULT '',
    "token_id" UUID NOT NULL,
    "adam_id" TEXT NOT NULL,
    "pricing_param" TEXT NOT NULL,
    "app_name" TEXT NOT NULL DEFAULT '',
    "apple_event_ids" TEXT[] NOT NULL DEFAULT ARRAY[]::TEXT[],
    "actor_email" TEXT,
    CONSTRAINT "returned_licenses_pkey" PRIMARY KEY ("id")
);

CREATE INDEX "returned_licenses_returned_at_idx" ON "returned_licenses"("returned_at" DESC);
ALTER TABLE "returned_licenses" ADD CONSTRAINT "returned_licenses_device_id_fkey" FOREIGN KEY ("device_id") REFERENCES "devices"("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "returned_licenses" ADD CONSTRAINT "returned_licenses_token_id_fkey" FOREIGN KEY ("token_id") REFERENCES "vpp_tokens"("id") ON DELETE CASCADE ON UPDATE CASCADE;
