-- Step 9: the plan of the signed-in account (the server's `tier`), which sets limits on the
-- device such as how many LLM providers it may hold. NULL when unknown: the free tier applies.
ALTER TABLE account ADD COLUMN tier TEXT;
