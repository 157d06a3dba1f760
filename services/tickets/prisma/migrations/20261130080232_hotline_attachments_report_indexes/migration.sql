-- Text search on ticket titles uses trigram indexes (a trusted extension: the database owner may create it).
CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- DropIndex
DROP INDEX "ticket_view_customer_id_status_idx";

-- CreateTable
CREATE TABLE "attachments" (
    "id" UUID NOT NULL,
    "ticket_id" UUID NOT NULL,
    "comment_id" UUID,
    "file_name" TEXT NOT NULL,
    "content_type" TEXT NOT NULL,
    "size" INTEGER NOT NULL,
    "sha256" TEXT NOT NULL,
    "storage" TEXT NOT NULL,
    "uploaded_by" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "attachments_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "attachment_blobs" (
    "attachment_id" UUID NOT NULL,
    "content" BYTEA NOT NULL,

    CONSTRAINT "attachment_blobs_pkey" PRIMARY KEY ("attachment_id")
);

-- CreateTable
CREATE TABLE "hotline_calls" (
    "id" UUID NOT NULL,
    "customer_id" TEXT NOT NULL,
    "request_id" TEXT NOT NULL,
    "request_digest" TEXT NOT NULL,
    "contract_id" TEXT NOT NULL,
    "specialist_id" TEXT NOT NULL,
    "caller_name" TEXT NOT NULL,
    "caller_phone" TEXT,
    "caller_email" TEXT,
    "question" TEXT NOT NULL,
    "resolved" BOOLEAN NOT NULL,
    "answer" TEXT,
    "called_at" TIMESTAMPTZ(3) NOT NULL,
    "callback_by" TIMESTAMPTZ(3),
    "called_back_at" TIMESTAMPTZ(3),
    "callback_outcome" TEXT,
    "ticket_id" UUID,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "hotline_calls_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "attachments_ticket_id_idx" ON "attachments"("ticket_id");

-- CreateIndex
CREATE INDEX "attachments_comment_id_idx" ON "attachments"("comment_id");

-- CreateIndex
CREATE UNIQUE INDEX "hotline_calls_ticket_id_key" ON "hotline_calls"("ticket_id");

-- CreateIndex
CREATE INDEX "hotline_calls_called_at_id_idx" ON "hotline_calls"("called_at" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "hotline_calls_customer_id_called_at_idx" ON "hotline_calls"("customer_id", "called_at" DESC);

-- CreateIndex
CREATE UNIQUE INDEX "hotline_calls_customer_id_request_id_key" ON "hotline_calls"("customer_id", "request_id");

-- CreateIndex
CREATE INDEX "ticket_view_customer_list_idx" ON "ticket_view"("customer_id", "registered_at" DESC, "ticket_id" DESC);

-- CreateIndex
CREATE INDEX "ticket_view_customer_status_list_idx" ON "ticket_view"("customer_id", "status", "registered_at" DESC, "ticket_id" DESC);

-- CreateIndex
CREATE INDEX "ticket_view_contract_id_registered_at_idx" ON "ticket_view"("contract_id", "registered_at");

-- CreateIndex
CREATE INDEX "ticket_view_title_trgm_idx" ON "ticket_view" USING GIN ("title" gin_trgm_ops);

-- AddForeignKey
ALTER TABLE "attachments" ADD CONSTRAINT "attachments_ticket_id_fkey" FOREIGN KEY ("ticket_id") REFERENCES "tickets"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "attachments" ADD CONSTRAINT "attachments_comment_id_fkey" FOREIGN KEY ("comment_id") REFERENCES "ticket_comments"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "attachment_blobs" ADD CONSTRAINT "attachment_blobs_attachment_id_fkey" FOREIGN KEY ("attachment_id") REFERENCES "attachments"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "hotline_calls" ADD CONSTRAINT "hotline_calls_ticket_id_fkey" FOREIGN KEY ("ticket_id") REFERENCES "tickets"("id") ON DELETE SET NULL ON UPDATE CASCADE;
