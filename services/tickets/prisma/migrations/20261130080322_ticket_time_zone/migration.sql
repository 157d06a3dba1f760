-- AlterTable
ALTER TABLE "tickets" ADD COLUMN     "time_zone" TEXT NOT NULL DEFAULT 'Europe/Moscow';
