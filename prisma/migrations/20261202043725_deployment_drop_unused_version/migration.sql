-- AlterTable
ALTER TABLE "Deployment" DROP COLUMN "version";
