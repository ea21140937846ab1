-- CreateTable
CREATE TABLE "StepResult" (
    "id" UUID NOT NULL,
    "resultId" UUID NOT NULL,
    "position" INTEGER NOT NULL,
    "status" "ResultStatus" NOT NULL,
    "actual" TEXT,
    "memberId" UUID NOT NULL,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "StepResult_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "StepResultEvent" (
    "id" UUID NOT NULL,
    "resultId" UUID NOT NULL,
    "position" INTEGER NOT NULL,
    "status" "ResultStatus" NOT NULL,
    "actual" TEXT,
    "memberId" UUID NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "StepResultEvent_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "StepResult_resultId_position_key" ON "StepResult"("resultId", "position");

-- CreateIndex
CREATE INDEX "StepResultEvent_resultId_createdAt_idx" ON "StepResultEvent"("resultId", "createdAt");

-- AddForeignKey
ALTER TABLE "StepResult" ADD CONSTRAINT "StepResult_resultId_fkey" FOREIGN KEY ("resultId") REFERENCES "TestResult"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "StepResult" ADD CONSTRAINT "StepResult_memberId_fkey" FOREIGN KEY ("memberId") REFERENCES "Member"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "StepResultEvent" ADD CONSTRAINT "StepResultEvent_resultId_fkey" FOREIGN KEY ("resultId") REFERENCES "TestResult"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "StepResultEvent" ADD CONSTRAINT "StepResultEvent_memberId_fkey" FOREIGN KEY ("memberId") REFERENCES "Member"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
