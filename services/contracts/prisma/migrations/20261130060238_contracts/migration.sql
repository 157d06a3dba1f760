-- CreateEnum
CREATE TYPE "ContractKind" AS ENUM ('WARRANTY', 'SUBSCRIPTION', 'ONE_OFF');

-- CreateEnum
CREATE TYPE "ContractStatus" AS ENUM ('DRAFT', 'SIGNED');

-- CreateTable
CREATE TABLE "contracts" (
    "id" UUID NOT NULL,
    "customer_id" UUID NOT NULL,
    "number" TEXT NOT NULL,
    "kind" "ContractKind" NOT NULL,
    "status" "ContractStatus" NOT NULL DEFAULT 'DRAFT',
    "valid_from" DATE NOT NULL,
    "valid_to" DATE NOT NULL,
    "catalog_item_codes" TEXT[],
    "component_ids" UUID[],
    "contact_email" TEXT NOT NULL,
    "policy_overrides" JSONB NOT NULL DEFAULT '{}',
    "terms_revision" INTEGER NOT NULL DEFAULT 1,
    "time_zone" TEXT NOT NULL,
    "week" JSONB NOT NULL,
    "production_country" TEXT NOT NULL,
    "calendar_overrides" JSONB NOT NULL DEFAULT '{}',
    "signed_at" TIMESTAMPTZ(6),
    "signed_by" TEXT,
    "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(6) NOT NULL,

    CONSTRAINT "contracts_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "contracts_customer_id_status_valid_from_valid_to_idx" ON "contracts"("customer_id", "status", "valid_from", "valid_to");

-- CreateIndex
CREATE UNIQUE INDEX "contracts_customer_id_number_key" ON "contracts"("customer_id", "number");
