-- AlterTable
ALTER TABLE "JunitImport" ADD COLUMN     "uploadId" UUID;

-- CreateTable
CREATE TABLE "JunitUploadTest" (
    "uploadId" UUID NOT NULL,
    "caseId" UUID NOT NULL,
    "outcome" TEXT NOT NULL,
    "flaky" BOOLEAN NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "JunitUploadTest_pkey" PRIMARY KEY ("uploadId","caseId")
);

-- CreateIndex
CREATE INDEX "JunitUploadTest_createdAt_idx" ON "JunitUploadTest"("createdAt");

-- CreateIndex
CREATE INDEX "JunitImport_uploadId_idx" ON "JunitImport"("uploadId");

