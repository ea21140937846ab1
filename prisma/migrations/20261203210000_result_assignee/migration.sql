-- AlterTable
ALTER TABLE "TestResult" ADD COLUMN     "assigneeId" UUID;

-- CreateIndex
CREATE INDEX "TestResult_assigneeId_status_idx" ON "TestResult"("assigneeId", "status");

-- AddForeignKey
ALTER TABLE "TestResult" ADD CONSTRAINT "TestResult_assigneeId_fkey" FOREIGN KEY ("assigneeId") REFERENCES "Member"("id") ON DELETE SET NULL ON UPDATE CASCADE;
