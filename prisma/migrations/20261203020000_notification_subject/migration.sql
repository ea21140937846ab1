-- AlterTable
ALTER TABLE "Notification" ADD COLUMN     "subjectId" UUID;

-- CreateIndex
CREATE INDEX "Notification_subjectId_idx" ON "Notification"("subjectId");
