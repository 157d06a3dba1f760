-- CreateTable
CREATE TABLE "ticket_view" (
    "ticket_id" TEXT NOT NULL,
    "customer_id" TEXT NOT NULL,
    "contract_id" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "channel" TEXT NOT NULL,
    "warranty" BOOLEAN NOT NULL,
    "status" TEXT NOT NULL,
    "category" TEXT,
    "priority" TEXT,
    "assignee" TEXT,
    "sla_state" TEXT NOT NULL,
    "planned_date" TIMESTAMPTZ(3),
    "registered_at" TIMESTAMPTZ(3) NOT NULL,
    "seq" INTEGER NOT NULL,
    "view" JSONB NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,
    "recorded_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ticket_view_pkey" PRIMARY KEY ("ticket_id")
);

-- CreateIndex
CREATE INDEX "ticket_view_customer_id_status_idx" ON "ticket_view"("customer_id", "status");

-- CreateIndex
CREATE INDEX "ticket_view_assignee_status_idx" ON "ticket_view"("assignee", "status");
