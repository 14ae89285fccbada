-- The clock a device sealed each record under. It is bound into the blob's associated data,
-- so the server cannot change it without the blob failing to open; devices use it to rebuild
-- that data and to see a replayed older blob.
ALTER TABLE records ADD COLUMN clock INTEGER NOT NULL DEFAULT 0;
