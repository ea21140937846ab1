-- Library search reads a stored tsvector instead of computing one per candidate row. Generated
-- columns are not in Prisma's schema language: Prisma leaves this column alone, and the raw
-- search query in lib/test-cases/queries.ts is its only reader.
ALTER TABLE "TestCase" ADD COLUMN "searchVector" tsvector GENERATED ALWAYS AS (to_tsvector('simple', "searchText")) STORED;
DROP INDEX IF EXISTS "TestCase_search_idx";
CREATE INDEX "TestCase_searchVector_idx" ON "TestCase" USING GIN ("searchVector");
