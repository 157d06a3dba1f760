-- CreateTable
CREATE TABLE "organization_mail_domains" (
    "domain" TEXT NOT NULL,
    "organization_id" UUID NOT NULL,
    "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "organization_mail_domains_pkey" PRIMARY KEY ("domain")
);

-- CreateIndex
CREATE INDEX "organization_mail_domains_organization_id_idx" ON "organization_mail_domains"("organization_id");

-- AddForeignKey
ALTER TABLE "organization_mail_domains" ADD CONSTRAINT "organization_mail_domains_organization_id_fkey" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Backfill: each customer owns the domains of its contact address and of its users' addresses, where no other
-- organisation (customer or provider) uses that domain. Contested domains stay unowned until the provider sets them.
INSERT INTO "organization_mail_domains" ("domain", "organization_id")
SELECT used.domain, (array_agg(used.organization_id))[1]
FROM (
    SELECT lower(split_part("email", '@', 2)) AS domain, "organization_id" FROM "users"
    UNION
    SELECT lower(split_part("contact_email", '@', 2)), "id" FROM "organizations"
) AS used
WHERE used.domain <> ''
GROUP BY used.domain
HAVING count(DISTINCT used.organization_id) = 1
   AND bool_and(used.organization_id IN (SELECT "id" FROM "organizations" WHERE "kind" = 'CUSTOMER'));
