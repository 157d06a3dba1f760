-- AlterTable
ALTER TABLE "hotline_calls" ADD COLUMN     "time_zone" TEXT NOT NULL DEFAULT 'Europe/Moscow';
