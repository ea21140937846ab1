-- A file uploaded with a JUnit report is stored before the import that gives it a result: until
-- then (storedAt null, never listed) it has no owner. A listed attachment still has exactly one.
ALTER TABLE "Attachment" DROP CONSTRAINT "Attachment_owner_check";
ALTER TABLE "Attachment" ADD CONSTRAINT "Attachment_owner_check"
  CHECK ((("resultId" IS NULL) <> ("caseId" IS NULL)) OR ("storedAt" IS NULL AND "resultId" IS NULL AND "caseId" IS NULL));
