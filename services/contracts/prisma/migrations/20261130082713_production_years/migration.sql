-- CreateTable
CREATE TABLE "production_years" (
    "country" TEXT NOT NULL,
    "year" INTEGER NOT NULL,
    "revision" INTEGER NOT NULL,
    "overrides" JSONB NOT NULL,
    "published_at" TIMESTAMPTZ(6) NOT NULL,

    CONSTRAINT "production_years_pkey" PRIMARY KEY ("country","year")
);
