-- CreateTable
CREATE TABLE "directory_users" (
    "id" UUID NOT NULL,
    "organization_id" TEXT NOT NULL,
    "organization_kind" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "display_name" TEXT NOT NULL,
    "roles" TEXT[],
    "portal_access" BOOLEAN NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "directory_users_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "customer_contacts" (
    "organization_id" TEXT NOT NULL,
    "contact_email" TEXT NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "customer_contacts_pkey" PRIMARY KEY ("organization_id")
);

-- CreateTable
CREATE TABLE "ticket_facts" (
    "id" UUID NOT NULL,
    "customer_id" TEXT NOT NULL,
    "number" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "author_id" TEXT,
    "assignee_id" TEXT,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ticket_facts_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "notices" (
    "id" UUID NOT NULL,
    "event_id" UUID NOT NULL,
    "recipient_id" UUID NOT NULL,
    "kind" TEXT NOT NULL,
    "ticket_id" UUID,
    "locale" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "read_at" TIMESTAMPTZ(3),

    CONSTRAINT "notices_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "user_preferences" (
    "user_id" UUID NOT NULL,
    "locale" TEXT NOT NULL DEFAULT 'ru',
    "email_off_kinds" TEXT[],
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "user_preferences_pkey" PRIMARY KEY ("user_id")
);

-- CreateTable
CREATE TABLE "outgoing_emails" (
    "id" UUID NOT NULL,
    "notice_id" UUID,
    "purpose" TEXT NOT NULL,
    "to_address" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "text_body" TEXT NOT NULL,
    "message_id" TEXT NOT NULL,
    "headers" JSONB NOT NULL DEFAULT '{}',
    "attachment_ids" TEXT[],
    "status" TEXT NOT NULL DEFAULT 'PENDING',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "last_error" TEXT,
    "next_attempt_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "sent_at" TIMESTAMPTZ(3),

    CONSTRAINT "outgoing_emails_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "inbound_emails" (
    "id" UUID NOT NULL,
    "message_id" TEXT NOT NULL,
    "envelope_from" TEXT NOT NULL,
    "header_from" TEXT,
    "recipients" TEXT[],
    "subject" TEXT NOT NULL,
    "size_bytes" INTEGER NOT NULL,
    "outcome" TEXT NOT NULL,
    "reason" TEXT,
    "sender_user_id" UUID,
    "ticket_id" UUID,
    "comment_id" TEXT,
    "forwarded_to" TEXT,
    "received_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "decided_at" TIMESTAMPTZ(3),

    CONSTRAINT "inbound_emails_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "inbound_attachments" (
    "id" UUID NOT NULL,
    "email_id" UUID NOT NULL,
    "filename" TEXT NOT NULL,
    "content_type" TEXT NOT NULL,
    "size_bytes" INTEGER NOT NULL,
    "sha256" TEXT NOT NULL,
    "content" BYTEA NOT NULL,

    CONSTRAINT "inbound_attachments_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "directory_users_email_key" ON "directory_users"("email");

-- CreateIndex
CREATE INDEX "directory_users_organization_id_idx" ON "directory_users"("organization_id");

-- CreateIndex
CREATE INDEX "ticket_facts_number_idx" ON "ticket_facts"("number");

-- CreateIndex
CREATE INDEX "notices_recipient_id_created_at_id_idx" ON "notices"("recipient_id", "created_at" DESC, "id" DESC);

-- CreateIndex
CREATE UNIQUE INDEX "notices_event_id_recipient_id_key" ON "notices"("event_id", "recipient_id");

-- CreateIndex
CREATE UNIQUE INDEX "outgoing_emails_notice_id_key" ON "outgoing_emails"("notice_id");

-- CreateIndex
CREATE UNIQUE INDEX "outgoing_emails_message_id_key" ON "outgoing_emails"("message_id");

-- CreateIndex
CREATE INDEX "outgoing_emails_status_next_attempt_at_idx" ON "outgoing_emails"("status", "next_attempt_at");

-- CreateIndex
CREATE UNIQUE INDEX "inbound_emails_message_id_key" ON "inbound_emails"("message_id");

-- CreateIndex
CREATE INDEX "inbound_emails_received_at_idx" ON "inbound_emails"("received_at");

-- CreateIndex
CREATE INDEX "inbound_attachments_email_id_idx" ON "inbound_attachments"("email_id");

-- AddForeignKey
ALTER TABLE "inbound_attachments" ADD CONSTRAINT "inbound_attachments_email_id_fkey" FOREIGN KEY ("email_id") REFERENCES "inbound_emails"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
