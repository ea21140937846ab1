-- CreateTable
CREATE TABLE "DefectLink" (
    "id" UUID NOT NULL,
    "caseId" UUID NOT NULL,
    "resultId" UUID NOT NULL,
    "url" TEXT NOT NULL,
    "identity" TEXT NOT NULL,
    "linkedById" UUID NOT NULL,
    "linkedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "DefectLink_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "DefectLink_resultId_idx" ON "DefectLink"("resultId");

-- CreateIndex
CREATE UNIQUE INDEX "DefectLink_caseId_identity_key" ON "DefectLink"("caseId", "identity");

-- AddForeignKey
ALTER TABLE "DefectLink" ADD CONSTRAINT "DefectLink_caseId_fkey" FOREIGN KEY ("caseId") REFERENCES "TestCase"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DefectLink" ADD CONSTRAINT "DefectLink_resultId_fkey" FOREIGN KEY ("resultId") REFERENCES "TestResult"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DefectLink" ADD CONSTRAINT "DefectLink_linkedById_fkey" FOREIGN KEY ("linkedById") REFERENCES "Member"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
