-- AlterTable
ALTER TABLE "TestCase" ADD COLUMN     "searchText" TEXT NOT NULL DEFAULT '';

-- CreateTable
CREATE TABLE "TestResultEvent" (
    "id" UUID NOT NULL,
    "resultId" UUID NOT NULL,
    "status" "ResultStatus" NOT NULL,
    "note" TEXT,
    "source" "ResultSource" NOT NULL,
    "flaky" BOOLEAN NOT NULL DEFAULT false,
    "durationMs" INTEGER,
    "actorKind" "ActorKind" NOT NULL,
    "memberId" UUID,
    "tokenId" UUID,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "TestResultEvent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "JunitImport" (
    "id" UUID NOT NULL,
    "projectId" UUID NOT NULL,
    "runId" UUID NOT NULL,
    "digest" TEXT NOT NULL,
    "fileName" TEXT,
    "bytes" INTEGER NOT NULL,
    "summary" JSONB NOT NULL,
    "actorKind" "ActorKind" NOT NULL,
    "memberId" UUID,
    "tokenId" UUID,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "JunitImport_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "TestResultEvent_resultId_createdAt_idx" ON "TestResultEvent"("resultId", "createdAt");

-- CreateIndex
CREATE INDEX "JunitImport_projectId_createdAt_idx" ON "JunitImport"("projectId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "JunitImport_runId_digest_key" ON "JunitImport"("runId", "digest");

-- CreateIndex
CREATE INDEX "TestCase_tags_idx" ON "TestCase" USING GIN ("tags");

-- CreateIndex
CREATE INDEX "TestResult_runId_status_idx" ON "TestResult"("runId", "status");

-- AddForeignKey
ALTER TABLE "TestResultEvent" ADD CONSTRAINT "TestResultEvent_resultId_fkey" FOREIGN KEY ("resultId") REFERENCES "TestResult"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "TestResultEvent" ADD CONSTRAINT "TestResultEvent_memberId_fkey" FOREIGN KEY ("memberId") REFERENCES "Member"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "JunitImport" ADD CONSTRAINT "JunitImport_runId_fkey" FOREIGN KEY ("runId") REFERENCES "TestRun"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "JunitImport" ADD CONSTRAINT "JunitImport_memberId_fkey" FOREIGN KEY ("memberId") REFERENCES "Member"("id") ON DELETE SET NULL ON UPDATE CASCADE;


-- Library search: full text over key, title, preconditions, steps and tags ('simple': no
-- stemming, so identifiers and non-English text match as written).
CREATE INDEX "TestCase_search_idx" ON "TestCase" USING GIN (to_tsvector('simple', "searchText"));

-- At most one valid sign-off decision per run at a time; later result changes void it.
CREATE UNIQUE INDEX "SignOff_one_valid_per_run" ON "SignOff"("runId") WHERE "voidedAt" IS NULL;
