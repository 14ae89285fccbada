-- Step 6: the sync engine's state. `sync_records` holds each synced record as stamped fields
-- (the merge's input), the last server version taken, and whether it waits to be pushed;
-- `sync_meta` the change-feed cursor and this device's clock; `sync_quarantine` what arrived
-- and could not be opened or was a replay (never applied).
CREATE TABLE sync_records (
    tbl            TEXT    NOT NULL,
    record_id      TEXT    NOT NULL,
    fields         TEXT    NOT NULL,
    server_version INTEGER NOT NULL DEFAULT 0,
    pending        INTEGER NOT NULL DEFAULT 0,
    deleted        INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (tbl, record_id)
) WITHOUT ROWID;

CREATE INDEX sync_records_pending ON sync_records (pending) WHERE pending = 1;

CREATE TABLE sync_meta (
    singleton    INTEGER PRIMARY KEY CHECK (singleton = 1),
    device       INTEGER NOT NULL,
    cursor       INTEGER NOT NULL DEFAULT 0,
    last_wall    INTEGER NOT NULL DEFAULT 0,
    last_counter INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE sync_quarantine (
    tbl         TEXT    NOT NULL,
    record_id   TEXT    NOT NULL,
    version     INTEGER NOT NULL,
    reason      TEXT    NOT NULL,
    received_at INTEGER NOT NULL
);
