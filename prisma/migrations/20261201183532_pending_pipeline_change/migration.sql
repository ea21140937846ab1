-- A shiproom.yaml that weakens a gate, applied by an API token, waits here for an admin.
-- CreateEnum
CREATE TYPE "PipelineChangeStatus" AS ENUM ('PENDING', 'APPLIED', 'REJECTED', 'REPLACED');

-- CreateTable
CREATE TABLE "PendingPipelineChange" (
    "id" UUID NOT NULL,
    "projectId" UUID NOT NULL,
    "yaml" TEXT NOT NULL,
    "revision" TEXT NOT NULL,
    "weakenings" JSONB NOT NULL,
    "status" "PipelineChangeStatus" NOT NULL DEFAULT 'PENDING',
    "proposedByTokenId" UUID,
    "proposedByLabel" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "decidedAt" TIMESTAMPTZ(3),
    "decidedById" UUID,
    "decisionNote" TEXT,

    CONSTRAINT "PendingPipelineChange_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "PendingPipelineChange_projectId_createdAt_idx" ON "PendingPipelineChange"("projectId", "createdAt");

-- AddForeignKey
ALTER TABLE "PendingPipelineChange" ADD CONSTRAINT "PendingPipelineChange_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project"("id") ON DELETE CASCADE ON UPDATE CASCADE;


-- At most one change waits per project: a newer apply replaces it (status REPLACED).
CREATE UNIQUE INDEX "PendingPipelineChange_one_pending" ON "PendingPipelineChange"("projectId") WHERE status = 'PENDING';
