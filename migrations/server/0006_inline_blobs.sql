-- Step 6: a record's sealed blob lives in its row. One file per record version meant one
-- fsync per record, so a batch push of 500 records cost 500 fsyncs (~300 records/s measured);
-- in the row, a batch is one transaction. Rows written before this step keep their blob in
-- the blob directory (`blob IS NULL`), and are read from there until they are next written.
ALTER TABLE records ADD COLUMN blob BLOB;
