-- Vectors: embeddings sealed on devices (the blob is a file under blobs/<user>/vectors/), so a
-- second device does not compute them again. Never searched here: search runs on the device.
-- The model id and dimension are opaque metadata (the device binds them into the blob's
-- associated data). Vectors have a feed of their own, ordered by a per-user sequence.
ALTER TABLE users ADD COLUMN last_vector_seq INTEGER NOT NULL DEFAULT 0;

CREATE TABLE vectors (
    user_id    TEXT    NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    id         TEXT    NOT NULL,
    model      TEXT    NOT NULL,
    dimension  INTEGER NOT NULL,
    clock      INTEGER NOT NULL,
    -- Bumped by every write; names the blob file, so a rewrite never overwrites a live file.
    version    INTEGER NOT NULL,
    -- The user's vector sequence at this vector's last write or deletion.
    seq        INTEGER NOT NULL,
    checksum   TEXT    NOT NULL,
    -- Counted in the user's used_bytes with the records; 0 once deleted.
    size       INTEGER NOT NULL,
    deleted    INTEGER NOT NULL DEFAULT 0,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    PRIMARY KEY (user_id, id)
) WITHOUT ROWID;

CREATE UNIQUE INDEX vectors_by_seq ON vectors (user_id, seq);
