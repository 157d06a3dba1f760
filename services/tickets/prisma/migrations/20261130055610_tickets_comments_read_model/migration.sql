-- CreateTable
CREATE TABLE "tickets" (
    "id" UUID NOT NULL,
    "customer_id" TEXT NOT NULL,
    "request_id" TEXT NOT NULL,
    "request_digest" TEXT NOT NULL,
    "author_id" TEXT NOT NULL,
    "contract_id" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "description" TEXT NOT NULL,
    "component" TEXT NOT NULL,
    "channel" TEXT NOT NULL,
    "warranty" BOOLEAN NOT NULL,
    "registered_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "tickets_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ticket_comments" (
    "id" UUID NOT NULL,
    "ticket_id" UUID NOT NULL,
    "author_id" TEXT NOT NULL,
    "author_organization_id" TEXT NOT NULL,
    "internal" BOOLEAN NOT NULL,
    "body" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ticket_comments_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "tickets_customer_id_request_id_key" ON "tickets"("customer_id", "request_id");

-- CreateIndex
CREATE INDEX "ticket_comments_ticket_id_created_at_idx" ON "ticket_comments"("ticket_id", "created_at");

-- CreateIndex
CREATE INDEX "ticket_view_registered_at_ticket_id_idx" ON "ticket_view"("registered_at" DESC, "ticket_id" DESC);

-- CreateIndex
CREATE INDEX "ticket_view_recorded_at_idx" ON "ticket_view"("recorded_at");

-- AddForeignKey
ALTER TABLE "ticket_comments" ADD CONSTRAINT "ticket_comments_ticket_id_fkey" FOREIGN KEY ("ticket_id") REFERENCES "tickets"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
