-- AlterTable
ALTER TABLE "Environment" ADD COLUMN     "escalateAfterMinutes" INTEGER,
ADD COLUMN     "remindAfterMinutes" INTEGER;

-- AlterTable
ALTER TABLE "Deployment" ADD COLUMN     "escalatedAt" TIMESTAMPTZ(3),
ADD COLUMN     "nudgedAt" TIMESTAMPTZ(3),
ADD COLUMN     "remindedAt" TIMESTAMPTZ(3);
