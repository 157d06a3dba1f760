-- CreateTable
CREATE TABLE "production_calendar_years" (
    "country" TEXT NOT NULL,
    "year" INTEGER NOT NULL,
    "revision" INTEGER NOT NULL,
    "checksum" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "overrides" JSONB NOT NULL,
    "published_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "published_by" TEXT NOT NULL,

    CONSTRAINT "production_calendar_years_pkey" PRIMARY KEY ("country","year","revision")
);
