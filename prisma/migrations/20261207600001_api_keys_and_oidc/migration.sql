-- OIDC single sign-on: the identity provider's subject of an account.
ALTER TABLE "accounts" ADD COLUMN "oidc_subject" TEXT;
CREATE UNIQUE INDEX "accounts_oidc_subject_key" ON "accounts"("oidc_subject");

-- API keys: only the SHA-256 of the key is stored.
CREATE TABLE "api_keys" (
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "role" "Role" NOT NULL,
    "categories" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "key_hash" TEXT NOT NULL,
    "key_prefix" TEXT NOT NULL,
    "created_by_id" UUID,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expires_at" TIMESTAMPTZ(3),
    "last_used_at" TIMESTAMPTZ(3),
    "revoked_at" TIMESTAMPTZ(3),

    CONSTRAINT "api_keys_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "api_keys_key_hash_key" ON "api_keys"("key_hash");
CREATE INDEX "api_keys_created_at_idx" ON "api_keys"("created_at" DESC);
ALTER TABLE "api_keys" ADD CONSTRAINT "api_keys_created_by_id_fkey" FOREIGN KEY ("created_by_id") REFERENCES "accounts"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- An action by an API key is audited as that key.
ALTER TABLE "audit_entries" ADD COLUMN "actor_api_key_id" UUID;
