-- Devices learned from the MDM (NanoMDM webhooks): its enrollment id (UDID), OS version, enrolment
-- state and when it was last heard of. Devices only typed in or imported keep these empty.
CREATE TYPE "MdmEnrollmentStatus" AS ENUM ('ENROLLED', 'UNENROLLED');

ALTER TABLE "devices"
  ADD COLUMN "udid" TEXT,
  ADD COLUMN "os_version" TEXT NOT NULL DEFAULT '',
  ADD COLUMN "mdm_status" "MdmEnrollmentStatus",
  ADD COLUMN "last_seen_at" TIMESTAMPTZ(3),
  ADD COLUMN "unenrolled_at" TIMESTAMPTZ(3);

CREATE UNIQUE INDEX "devices_udid_key" ON "devices"("udid");
