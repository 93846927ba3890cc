-- CreateEnum
CREATE TYPE "Role" AS ENUM ('ADMIN', 'MANAGER');

-- CreateEnum
CREATE TYPE "TokenType" AS ENUM ('BUSINESS', 'EDUCATION');

-- CreateEnum
CREATE TYPE "SyncKind" AS ENUM ('FULL', 'INCREMENTAL');

-- CreateEnum
CREATE TYPE "SyncTrigger" AS ENUM ('SCHEDULE', 'MANUAL', 'UPLOAD');

-- CreateEnum
CREATE TYPE "SyncStatus" AS ENUM ('QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED');

-- CreateEnum
CREATE TYPE "SyncChangeKind" AS ENUM ('APP_ADDED', 'APP_REMOVED', 'COUNT_CHANGED', 'ASSIGNMENTS_ADDED', 'ASSIGNMENTS_REMOVED');

-- CreateEnum
CREATE TYPE "ProductType" AS ENUM ('APP', 'BOOK');

-- CreateEnum
CREATE TYPE "LicenseType" AS ENUM ('DEVICE', 'USER');

-- CreateEnum
CREATE TYPE "CollectionType" AS ENUM ('USER', 'DEVICE');

-- CreateEnum
CREATE TYPE "DeploymentAction" AS ENUM ('INSTALL', 'UNINSTALL');

-- CreateEnum
CREATE TYPE "DeploymentPurpose" AS ENUM ('REQUIRED', 'AVAILABLE');

-- CreateEnum
CREATE TYPE "DeploymentStatus" AS ENUM ('ACTIVE', 'STOPPED');

-- CreateEnum
CREATE TYPE "TargetState" AS ENUM ('PENDING', 'LICENSED', 'INSTALLED', 'REMOVED', 'LICENSE_RELEASED', 'FAILED');

-- CreateTable
CREATE TABLE "accounts" (
    "id" UUID NOT NULL,
    "email" TEXT NOT NULL,
    "display_name" TEXT NOT NULL DEFAULT '',
    "password_hash" TEXT NOT NULL,
    "role" "Role" NOT NULL,
    "locale" TEXT NOT NULL DEFAULT 'en',
    "session_epoch" INTEGER NOT NULL DEFAULT 0,
    "disabled_at" TIMESTAMPTZ(3),
    "last_sign_in_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "accounts_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "audit_entries" (
    "id" UUID NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "actor_id" UUID,
    "actor_email" TEXT,
    "action" TEXT NOT NULL,
    "target_type" TEXT NOT NULL,
    "target_id" TEXT,
    "summary" TEXT NOT NULL,
    "before" JSONB,
    "after" JSONB,
    "request_id" TEXT,
    "ip" TEXT,

    CONSTRAINT "audit_entries_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "settings" (
    "key" TEXT NOT NULL,
    "value" JSONB NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "settings_pkey" PRIMARY KEY ("key")
);

-- CreateTable
CREATE TABLE "vpp_tokens" (
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "apple_id" TEXT NOT NULL,
    "type" "TokenType" NOT NULL,
    "org_name" TEXT NOT NULL,
    "location_name" TEXT NOT NULL DEFAULT '',
    "location_uid" TEXT NOT NULL,
    "s_token_encrypted" BYTEA NOT NULL,
    "s_token_sha256" TEXT NOT NULL,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    "last_updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_synced_at" TIMESTAMPTZ(3),
    "last_successful_sync_at" TIMESTAMPTZ(3),
    "last_full_sync_at" TIMESTAMPTZ(3),
    "next_sync_at" TIMESTAMPTZ(3),
    "backoff_until" TIMESTAMPTZ(3),
    "assignments_version_id" TEXT,
    "users_version_id" TEXT,
    "revoked_at" TIMESTAMPTZ(3),
    "foreign_mdm_info" JSONB,
    "last_sync_error" TEXT,
    "last_sync_error_code" TEXT,
    "country_code" TEXT,
    "website_url" TEXT,
    "active_sync_run_id" UUID,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "vpp_tokens_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "categories" (
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,

    CONSTRAINT "categories_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "token_categories" (
    "token_id" UUID NOT NULL,
    "category_id" UUID NOT NULL,

    CONSTRAINT "token_categories_pkey" PRIMARY KEY ("token_id","category_id")
);

-- CreateTable
CREATE TABLE "sync_runs" (
    "id" UUID NOT NULL,
    "token_id" UUID NOT NULL,
    "kind" "SyncKind" NOT NULL,
    "trigger" "SyncTrigger" NOT NULL,
    "status" "SyncStatus" NOT NULL DEFAULT 'QUEUED',
    "queued_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "started_at" TIMESTAMPTZ(3),
    "finished_at" TIMESTAMPTZ(3),
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "pages_fetched" INTEGER NOT NULL DEFAULT 0,
    "next_page_index" INTEGER NOT NULL DEFAULT 0,
    "pass_version_id" TEXT,
    "apps_added" INTEGER NOT NULL DEFAULT 0,
    "apps_removed" INTEGER NOT NULL DEFAULT 0,
    "counts_changed" INTEGER NOT NULL DEFAULT 0,
    "assignments_added" INTEGER NOT NULL DEFAULT 0,
    "assignments_removed" INTEGER NOT NULL DEFAULT 0,
    "error" TEXT,
    "error_code" TEXT,

    CONSTRAINT "sync_runs_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "sync_run_changes" (
    "id" UUID NOT NULL,
    "sync_run_id" UUID NOT NULL,
    "kind" "SyncChangeKind" NOT NULL,
    "adam_id" TEXT NOT NULL,
    "pricing_param" TEXT NOT NULL,
    "app_name" TEXT,
    "count_before" INTEGER,
    "count_after" INTEGER,
    "quantity" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "sync_run_changes_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "store_apps" (
    "id" UUID NOT NULL,
    "token_id" UUID NOT NULL,
    "adam_id" TEXT NOT NULL,
    "pricing_param" TEXT NOT NULL,
    "product_type" "ProductType" NOT NULL,
    "name" TEXT NOT NULL DEFAULT '',
    "bundle_id" TEXT,
    "icon_url" TEXT,
    "platforms" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "device_assignable" BOOLEAN NOT NULL,
    "revocable" BOOLEAN NOT NULL DEFAULT true,
    "total_count" INTEGER NOT NULL,
    "assigned_count" INTEGER NOT NULL,
    "available_count" INTEGER NOT NULL,
    "retired_count" INTEGER NOT NULL,
    "unlimited" BOOLEAN NOT NULL DEFAULT false,
    "reserved_count" INTEGER NOT NULL DEFAULT 0,
    "first_seen_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "store_apps_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "license_assignments" (
    "token_id" UUID NOT NULL,
    "adam_id" TEXT NOT NULL,
    "pricing_param" TEXT NOT NULL,
    "license_type" "LicenseType" NOT NULL,
    "assignee" TEXT NOT NULL,
    "first_seen_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "license_assignments_pkey" PRIMARY KEY ("token_id","adam_id","pricing_param","license_type","assignee")
);

-- CreateTable
CREATE TABLE "vpp_users" (
    "token_id" UUID NOT NULL,
    "client_user_id" TEXT NOT NULL,
    "email" TEXT,
    "managed_apple_id" TEXT,
    "status" TEXT NOT NULL,
    "invite_code" TEXT,
    "id_hash" TEXT,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "vpp_users_pkey" PRIMARY KEY ("token_id","client_user_id")
);

-- CreateTable
CREATE TABLE "apple_events" (
    "event_id" TEXT NOT NULL,
    "token_id" UUID NOT NULL,
    "type" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'PENDING',
    "num_requested" INTEGER NOT NULL DEFAULT 0,
    "num_completed" INTEGER NOT NULL DEFAULT 0,
    "failures" JSONB,
    "subject" JSONB,
    "submitted_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "checked_at" TIMESTAMPTZ(3),
    "finished_at" TIMESTAMPTZ(3),

    CONSTRAINT "apple_events_pkey" PRIMARY KEY ("event_id")
);

-- CreateTable
CREATE TABLE "people" (
    "id" UUID NOT NULL,
    "client_user_id" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "display_name" TEXT NOT NULL DEFAULT '',
    "managed_apple_id" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "people_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "devices" (
    "id" UUID NOT NULL,
    "serial_number" TEXT NOT NULL,
    "name" TEXT NOT NULL DEFAULT '',
    "model" TEXT NOT NULL DEFAULT '',
    "primary_user_id" UUID,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "devices_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "collections" (
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "type" "CollectionType" NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "collections_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "collection_devices" (
    "collection_id" UUID NOT NULL,
    "device_id" UUID NOT NULL,

    CONSTRAINT "collection_devices_pkey" PRIMARY KEY ("collection_id","device_id")
);

-- CreateTable
CREATE TABLE "collection_people" (
    "collection_id" UUID NOT NULL,
    "person_id" UUID NOT NULL,

    CONSTRAINT "collection_people_pkey" PRIMARY KEY ("collection_id","person_id")
);

-- CreateTable
CREATE TABLE "apns_certificates" (
    "id" TEXT NOT NULL DEFAULT 'default',
    "pem" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "topic" TEXT NOT NULL,
    "serial_number" TEXT NOT NULL,
    "not_before" TIMESTAMPTZ(3) NOT NULL,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    "uploaded_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "apns_certificates_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "applications" (
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "store_app_id" UUID NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "applications_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "deployments" (
    "id" UUID NOT NULL,
    "application_id" UUID NOT NULL,
    "collection_id" UUID NOT NULL,
    "action" "DeploymentAction" NOT NULL,
    "purpose" "DeploymentPurpose" NOT NULL,
    "status" "DeploymentStatus" NOT NULL DEFAULT 'ACTIVE',
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "stopped_at" TIMESTAMPTZ(3),

    CONSTRAINT "deployments_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "deployment_targets" (
    "id" UUID NOT NULL,
    "deployment_id" UUID NOT NULL,
    "device_id" UUID,
    "person_id" UUID,
    "license_type" "LicenseType" NOT NULL,
    "assignee" TEXT NOT NULL,
    "state" "TargetState" NOT NULL DEFAULT 'PENDING',
    "reserved" BOOLEAN NOT NULL DEFAULT false,
    "error" TEXT,
    "error_code" TEXT,
    "event_id" TEXT,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "deployment_targets_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "accounts_email_key" ON "accounts"("email");

-- CreateIndex
CREATE INDEX "audit_entries_at_idx" ON "audit_entries"("at" DESC);

-- CreateIndex
CREATE INDEX "audit_entries_target_type_target_id_idx" ON "audit_entries"("target_type", "target_id");

-- CreateIndex
CREATE INDEX "audit_entries_actor_id_at_idx" ON "audit_entries"("actor_id", "at" DESC);

-- CreateIndex
CREATE UNIQUE INDEX "vpp_tokens_location_uid_key" ON "vpp_tokens"("location_uid");

-- CreateIndex
CREATE UNIQUE INDEX "vpp_tokens_active_sync_run_id_key" ON "vpp_tokens"("active_sync_run_id");

-- CreateIndex
CREATE INDEX "vpp_tokens_expires_at_idx" ON "vpp_tokens"("expires_at");

-- CreateIndex
CREATE INDEX "vpp_tokens_next_sync_at_idx" ON "vpp_tokens"("next_sync_at");

-- CreateIndex
CREATE UNIQUE INDEX "categories_name_key" ON "categories"("name");

-- CreateIndex
CREATE INDEX "token_categories_category_id_idx" ON "token_categories"("category_id");

-- CreateIndex
CREATE INDEX "sync_runs_token_id_queued_at_idx" ON "sync_runs"("token_id", "queued_at" DESC);

-- CreateIndex
CREATE INDEX "sync_runs_status_idx" ON "sync_runs"("status");

-- CreateIndex
CREATE INDEX "sync_run_changes_sync_run_id_idx" ON "sync_run_changes"("sync_run_id");

-- CreateIndex
CREATE INDEX "store_apps_name_idx" ON "store_apps"("name");

-- CreateIndex
CREATE INDEX "store_apps_adam_id_idx" ON "store_apps"("adam_id");

-- CreateIndex
CREATE INDEX "store_apps_assigned_count_idx" ON "store_apps"("assigned_count");

-- CreateIndex
CREATE UNIQUE INDEX "store_apps_token_id_adam_id_pricing_param_key" ON "store_apps"("token_id", "adam_id", "pricing_param");

-- CreateIndex
CREATE INDEX "license_assignments_token_id_license_type_assignee_idx" ON "license_assignments"("token_id", "license_type", "assignee");

-- CreateIndex
CREATE INDEX "apple_events_status_idx" ON "apple_events"("status");

-- CreateIndex
CREATE UNIQUE INDEX "people_client_user_id_key" ON "people"("client_user_id");

-- CreateIndex
CREATE INDEX "people_email_idx" ON "people"("email");

-- CreateIndex
CREATE UNIQUE INDEX "devices_serial_number_key" ON "devices"("serial_number");

-- CreateIndex
CREATE INDEX "devices_primary_user_id_idx" ON "devices"("primary_user_id");

-- CreateIndex
CREATE UNIQUE INDEX "collections_name_key" ON "collections"("name");

-- CreateIndex
CREATE INDEX "collection_devices_device_id_idx" ON "collection_devices"("device_id");

-- CreateIndex
CREATE INDEX "collection_people_person_id_idx" ON "collection_people"("person_id");

-- CreateIndex
CREATE INDEX "applications_store_app_id_idx" ON "applications"("store_app_id");

-- CreateIndex
CREATE INDEX "deployments_application_id_idx" ON "deployments"("application_id");

-- CreateIndex
CREATE INDEX "deployments_collection_id_idx" ON "deployments"("collection_id");

-- CreateIndex
CREATE INDEX "deployment_targets_deployment_id_state_idx" ON "deployment_targets"("deployment_id", "state");

-- CreateIndex
CREATE INDEX "deployment_targets_event_id_idx" ON "deployment_targets"("event_id");

-- CreateIndex
CREATE UNIQUE INDEX "deployment_targets_deployment_id_device_id_person_id_key" ON "deployment_targets"("deployment_id", "device_id", "person_id");

-- AddForeignKey
ALTER TABLE "audit_entries" ADD CONSTRAINT "audit_entries_actor_id_fkey" FOREIGN KEY ("actor_id") REFERENCES "accounts"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "vpp_tokens" ADD CONSTRAINT "vpp_tokens_active_sync_run_id_fkey" FOREIGN KEY ("active_sync_run_id") REFERENCES "sync_runs"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "token_categories" ADD CONSTRAINT "token_categories_token_id_fkey" FOREIGN KEY ("token_id") REFERENCES "vpp_tokens"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "token_categories" ADD CONSTRAINT "token_categories_category_id_fkey" FOREIGN KEY ("category_id") REFERENCES "categories"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "sync_runs" ADD CONSTRAINT "sync_runs_token_id_fkey" FOREIGN KEY ("token_id") REFERENCES "vpp_tokens"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "sync_run_changes" ADD CONSTRAINT "sync_run_changes_sync_run_id_fkey" FOREIGN KEY ("sync_run_id") REFERENCES "sync_runs"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "store_apps" ADD CONSTRAINT "store_apps_token_id_fkey" FOREIGN KEY ("token_id") REFERENCES "vpp_tokens"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "license_assignments" ADD CONSTRAINT "license_assignments_token_id_fkey" FOREIGN KEY ("token_id") REFERENCES "vpp_tokens"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "vpp_users" ADD CONSTRAINT "vpp_users_token_id_fkey" FOREIGN KEY ("token_id") REFERENCES "vpp_tokens"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "apple_events" ADD CONSTRAINT "apple_events_token_id_fkey" FOREIGN KEY ("token_id") REFERENCES "vpp_tokens"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "devices" ADD CONSTRAINT "devices_primary_user_id_fkey" FOREIGN KEY ("primary_user_id") REFERENCES "people"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "collection_devices" ADD CONSTRAINT "collection_devices_collection_id_fkey" FOREIGN KEY ("collection_id") REFERENCES "collections"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "collection_devices" ADD CONSTRAINT "collection_devices_device_id_fkey" FOREIGN KEY ("device_id") REFERENCES "devices"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "collection_people" ADD CONSTRAINT "collection_people_collection_id_fkey" FOREIGN KEY ("collection_id") REFERENCES "collections"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "collection_people" ADD CONSTRAINT "collection_people_person_id_fkey" FOREIGN KEY ("person_id") REFERENCES "people"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "applications" ADD CONSTRAINT "applications_store_app_id_fkey" FOREIGN KEY ("store_app_id") REFERENCES "store_apps"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "deployments" ADD CONSTRAINT "deployments_application_id_fkey" FOREIGN KEY ("application_id") REFERENCES "applications"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "deployments" ADD CONSTRAINT "deployments_collection_id_fkey" FOREIGN KEY ("collection_id") REFERENCES "collections"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "deployment_targets" ADD CONSTRAINT "deployment_targets_deployment_id_fkey" FOREIGN KEY ("deployment_id") REFERENCES "deployments"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "deployment_targets" ADD CONSTRAINT "deployment_targets_device_id_fkey" FOREIGN KEY ("device_id") REFERENCES "devices"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "deployment_targets" ADD CONSTRAINT "deployment_targets_person_id_fkey" FOREIGN KEY ("person_id") REFERENCES "people"("id") ON DELETE CASCADE ON UPDATE CASCADE;
