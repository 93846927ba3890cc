-- DropForeignKey
ALTER TABLE "license_assignments" DROP CONSTRAINT "license_assignments_token_id_fkey";

-- DropIndex
DROP INDEX "license_assignments_token_id_license_type_assignee_idx";

