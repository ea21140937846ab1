-- CreateIndex
CREATE INDEX "AuditEvent_hash_idx" ON "AuditEvent"("hash");

