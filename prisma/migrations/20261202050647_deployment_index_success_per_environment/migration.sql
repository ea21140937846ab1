-- CreateIndex
CREATE INDEX "Deployment_environmentId_succeededAt_idx" ON "Deployment"("environmentId", "succeededAt");
