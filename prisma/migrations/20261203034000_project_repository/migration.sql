-- AlterTable
ALTER TABLE "Project" ADD COLUMN     "repository" TEXT;
