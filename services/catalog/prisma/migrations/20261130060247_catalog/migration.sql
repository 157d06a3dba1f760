-- CreateEnum
CREATE TYPE "ReleaseKind" AS ENUM ('PLANNED', 'UNPLANNED');

-- CreateEnum
CREATE TYPE "ReleaseStatus" AS ENUM ('SCHEDULED', 'RESCHEDULED', 'SHIPPED');

-- CreateTable
CREATE TABLE "service_items" (
    "code" TEXT NOT NULL,
    "parent_code" TEXT,
    "position" INTEGER NOT NULL,
    "title_ru" TEXT NOT NULL,
    "title_en" TEXT NOT NULL,
    "result_ru" TEXT,
    "result_en" TEXT,
    "updated_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_by" TEXT,

    CONSTRAINT "service_items_pkey" PRIMARY KEY ("code")
);

-- CreateTable
CREATE TABLE "products" (
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "products_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "components" (
    "id" UUID NOT NULL,
    "product_id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "components_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "releases" (
    "id" UUID NOT NULL,
    "component_id" UUID NOT NULL,
    "kind" "ReleaseKind" NOT NULL,
    "version" TEXT NOT NULL,
    "status" "ReleaseStatus" NOT NULL DEFAULT 'SCHEDULED',
    "scheduled_for" TIMESTAMPTZ(6) NOT NULL,
    "shipped_at" TIMESTAMPTZ(6),
    "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "releases_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "release_changes" (
    "release_id" UUID NOT NULL,
    "sequence" INTEGER NOT NULL,
    "status" "ReleaseStatus" NOT NULL,
    "scheduled_for" TIMESTAMPTZ(6) NOT NULL,
    "reason" TEXT,
    "changed_by" TEXT NOT NULL,
    "changed_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "release_changes_pkey" PRIMARY KEY ("release_id","sequence")
);

-- CreateIndex
CREATE INDEX "service_items_parent_code_position_idx" ON "service_items"("parent_code", "position");

-- CreateIndex
CREATE UNIQUE INDEX "products_name_key" ON "products"("name");

-- CreateIndex
CREATE UNIQUE INDEX "components_product_id_name_key" ON "components"("product_id", "name");

-- CreateIndex
CREATE INDEX "releases_component_id_kind_scheduled_for_idx" ON "releases"("component_id", "kind", "scheduled_for");

-- CreateIndex
CREATE UNIQUE INDEX "releases_component_id_version_key" ON "releases"("component_id", "version");

-- AddForeignKey
ALTER TABLE "service_items" ADD CONSTRAINT "service_items_parent_code_fkey" FOREIGN KEY ("parent_code") REFERENCES "service_items"("code") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "components" ADD CONSTRAINT "components_product_id_fkey" FOREIGN KEY ("product_id") REFERENCES "products"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "releases" ADD CONSTRAINT "releases_component_id_fkey" FOREIGN KEY ("component_id") REFERENCES "components"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "release_changes" ADD CONSTRAINT "release_changes_release_id_fkey" FOREIGN KEY ("release_id") REFERENCES "releases"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
