-- AlterTable
ALTER TABLE "Deployment" ADD COLUMN     "freezeHeldSince" TIMESTAMPTZ(3),
ADD COLUMN     "freezeWaitSeconds" INTEGER NOT NULL DEFAULT 0;
