-- Step 5: the account this device is signed into (its tokens live in the OS keyring only).
CREATE TABLE account (
    singleton    INTEGER PRIMARY KEY CHECK (singleton = 1),
    server_url   TEXT    NOT NULL,
    email        TEXT    NOT NULL,
    -- The name of the OS keyring entry holding this workspace's tokens.
    keyring_entry TEXT   NOT NULL,
    signed_in_at INTEGER NOT NULL
);
