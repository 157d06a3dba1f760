-- CreateTable
CREATE TABLE "ticket_history" (
    "ticket_id" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL,
    "entry" JSONB NOT NULL,

    CONSTRAINT "ticket_history_pkey" PRIMARY KEY ("ticket_id","position")
);
