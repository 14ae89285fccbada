-- Step 4: records as they leave the device, and the state of a vault key rotation.
--
-- `sealed_records` holds the latest sealed envelope of each synced record: the record's
-- fields as JSON, padded and encrypted under the vault key, bound to its table, id and clock.
-- Sync pushes these blobs and keeps them from pulls; a key rotation re-seals them.
CREATE TABLE sealed_records (
    tbl        TEXT    NOT NULL,
    record_id  TEXT    NOT NULL,
    -- The record's `updated_at` when it was sealed (bound into the envelope).
    clock      INTEGER NOT NULL,
    -- The vault key generation that sealed it (also in the envelope's header).
    key_id     INTEGER NOT NULL,
    envelope   BLOB    NOT NULL,
    -- sha256(envelope), lowercase hex: what the server verifies on every write.
    checksum   TEXT    NOT NULL CHECK (length(checksum) = 64),
    PRIMARY KEY (tbl, record_id)
) WITHOUT ROWID;

CREATE INDEX sealed_records_by_key ON sealed_records (key_id);

-- While a rotation re-seals, the previous vault key wrapped by the new one (ciphertext only);
-- NULL when no rotation is under way. Deleting it is what makes the old key gone.
ALTER TABLE vault ADD COLUMN retiring_key BLOB;
