-- The cloud server's metadata: accounts, refresh tokens, sealed records, key envelopes.
-- Nothing here is plaintext user data: record blobs live in the blob directory and are
-- sealed by devices; envelopes are the vault key wrapped on the device.

CREATE TABLE users (
    id            TEXT    PRIMARY KEY,
    email         TEXT    NOT NULL UNIQUE COLLATE NOCASE,
    -- argon2id PHC string of the device-derived authentication key.
    password_hash TEXT    NOT NULL,
    tier          TEXT    NOT NULL,
    -- The last change sequence number given to one of this user's writes.
    last_seq      INTEGER NOT NULL DEFAULT 0,
    used_bytes    INTEGER NOT NULL DEFAULT 0,
    created_at    INTEGER NOT NULL
);

CREATE TABLE refresh_tokens (
    -- sha256 of the token; the token itself is never stored.
    token_hash  BLOB    PRIMARY KEY,
    user_id     TEXT    NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    -- Every token descends from one login; reuse of a spent token revokes the family.
    family      TEXT    NOT NULL,
    expires_at  INTEGER NOT NULL,
    spent       INTEGER NOT NULL DEFAULT 0,
    revoked     INTEGER NOT NULL DEFAULT 0,
    created_at  INTEGER NOT NULL
);

CREATE INDEX refresh_tokens_by_family ON refresh_tokens (family);

CREATE TABLE records (
    user_id    TEXT    NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    id         TEXT    NOT NULL,
    tbl        TEXT    NOT NULL,
    version    INTEGER NOT NULL,
    -- The user's change sequence at this record's last write (the change feed's order).
    seq        INTEGER NOT NULL,
    checksum   TEXT    NOT NULL,
    size       INTEGER NOT NULL,
    deleted    INTEGER NOT NULL DEFAULT 0,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    PRIMARY KEY (user_id, id)
) WITHOUT ROWID;

CREATE UNIQUE INDEX records_by_seq ON records (user_id, seq);
CREATE INDEX records_by_table ON records (user_id, tbl, id);

CREATE TABLE envelopes (
    user_id    TEXT    PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    envelope   BLOB    NOT NULL,
    version    INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
