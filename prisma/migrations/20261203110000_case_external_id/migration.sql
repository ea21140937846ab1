-- AlterTable
ALTER TABLE "TestCase" ADD COLUMN     "externalId" TEXT;

-- CreateIndex
CREATE UNIQUE INDEX "TestCase_projectId_externalId_key" ON "TestCase"("projectId", "externalId");
