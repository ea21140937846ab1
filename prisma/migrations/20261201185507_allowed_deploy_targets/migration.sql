-- AlterTable
ALTER TABLE "Project" ADD COLUMN     "allowedDeployTargets" TEXT[] DEFAULT ARRAY[]::TEXT[];

