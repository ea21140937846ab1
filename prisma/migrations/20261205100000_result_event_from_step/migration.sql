-- AlterTable
ALTER TABLE "TestResultEvent" ADD COLUMN     "fromStep" INTEGER;

-- The case's changes written before: one that marking a step gave the case shares its transaction's
-- moment with that step's change of status, and nothing else of its result was written then.
UPDATE "TestResultEvent" e SET "fromStep" = s."position"
FROM "StepResultEvent" s
WHERE e."source" = 'MANUAL' AND s."resultId" = e."resultId" AND s."createdAt" = e."createdAt";
