-- AlterTable
ALTER TABLE "Release" ADD COLUMN     "committedAt" TIMESTAMPTZ(3);
