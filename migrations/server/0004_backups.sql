-- Backups: sealed, compressed snapshots uploaded by devices (the blob is a file under
-- blobs/<user>/backups/<id>); only their metadata is here.
CREATE TABLE backups (
    user_id     TEXT    NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    id          TEXT    NOT NULL,
    version     INTEGER NOT NULL,
    timestamp   INTEGER NOT NULL,
    checksum    TEXT    NOT NULL,
    chunk_count INTEGER NOT NULL,
    size_bytes  INTEGER NOT NULL,
    created_at  INTEGER NOT NULL,
    PRIMARY KEY (user_id, id)
) WITHOUT ROWID;

CREATE INDEX backups_by_time ON backups (user_id, timestamp);
