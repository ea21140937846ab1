-- Duplicate hints: titles like the one being written, by trigram similarity (lib/test-cases/queries.ts, similarCases).
-- PGlite loads the extension when it opens (lib/db/connection.ts); PostgreSQL ships it in contrib.
CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- CreateIndex
CREATE INDEX "TestCase_title_trgm_idx" ON "TestCase" USING GIN ("title" gin_trgm_ops);
