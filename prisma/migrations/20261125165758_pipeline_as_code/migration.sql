-- Pipeline as code: a project may be managed by a shiproom.yaml (its revision applied last is kept).
-- The audit page lists newest first under one filter: its indexes end in seq.
-- DropIndex
DROP INDEX "AuditEvent_projectId_occurredAt_idx";

-- DropIndex
DROP INDEX "AuditEvent_objectType_objectId_idx";

-- DropIndex
DROP INDEX "AuditEvent_actorMemberId_occurredAt_idx";

-- DropIndex
DROP INDEX "AuditEvent_action_occurredAt_idx";

-- AlterTable
ALTER TABLE "Project" ADD COLUMN     "pipelineAppliedAt" TIMESTAMPTZ(3),
ADD COLUMN     "pipelineAppliedBy" TEXT,
ADD COLUMN     "pipelineManaged" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "pipelineRevision" TEXT;

-- CreateIndex
CREATE INDEX "AuditEvent_projectId_seq_idx" ON "AuditEvent"("projectId", "seq");

-- CreateIndex
CREATE INDEX "AuditEvent_objectType_objectId_seq_idx" ON "AuditEvent"("objectType", "objectId", "seq");

-- CreateIndex
CREATE INDEX "AuditEvent_actorMemberId_seq_idx" ON "AuditEvent"("actorMemberId", "seq");

-- CreateIndex
CREATE INDEX "AuditEvent_actorTokenId_seq_idx" ON "AuditEvent"("actorTokenId", "seq");

-- CreateIndex
CREATE INDEX "AuditEvent_action_seq_idx" ON "AuditEvent"("action", "seq");

