-- Step 10: `sync_records` becomes an ordinary (rowid) table.
-- A record's stamped fields run past 1 KB (a task's are about 1.2 KB). As a WITHOUT ROWID
-- table, whose rows live in an index b-tree, anything past about 1 000 bytes of a row went to
-- an overflow page of its own: every record took a 4 KB page more than it needed (a
-- 100 000-task database was 526 MB), and every read and rewrite of it touched two pages. In a
-- rowid table a row stays in its leaf page up to about 4 KB.
CREATE TABLE sync_records_next (
    tbl            TEXT    NOT NULL,
    record_id      TEXT    NOT NULL,
    fields         TEXT    NOT NULL,
    server_version INTEGER NOT NULL DEFAULT 0,
    pending        INTEGER NOT NULL DEFAULT 0,
    deleted        INTEGER NOT NULL DEFAULT 0,
    UNIQUE (tbl, record_id)
);

INSERT INTO sync_records_next (tbl, record_id, fields, server_version, pending, deleted)
SELECT tbl, record_id, fields, server_version, pending, deleted FROM sync_records;

DROP TABLE sync_records;
ALTER TABLE sync_records_next RENAME TO sync_records;

-- What waits to be pushed, in the order a push reads it.
CREATE INDEX sync_records_pending ON sync_records (tbl, record_id) WHERE pending = 1;
