-- AlterTable
ALTER TABLE "Release" ADD COLUMN     "versionCaseTwin" BOOLEAN NOT NULL DEFAULT false;


-- Versions are one name whatever their letter case: V1.4.0 beside v1.4.0 is refused as taken.
-- Pairs registered before stay (releases are immutable): all but the first of each are marked.
ALTER TABLE "Release" DISABLE TRIGGER "Release_immutable";
UPDATE "Release" r SET "versionCaseTwin" = true
WHERE EXISTS (
  SELECT 1 FROM "Release" earlier
  WHERE earlier."projectId" = r."projectId" AND lower(earlier.version) = lower(r.version)
    AND (earlier."createdAt", earlier.id) < (r."createdAt", r.id));
ALTER TABLE "Release" ENABLE TRIGGER "Release_immutable";
CREATE UNIQUE INDEX "Release_version_any_case" ON "Release"("projectId", lower(version)) WHERE NOT "versionCaseTwin";
