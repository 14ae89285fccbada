-- Step 2: the vault of this workspace. Only ciphertext is stored here: the key envelope (the
-- vault key wrapped by the passphrase and by the recovery key) and, when the person chose
-- "remember on this device", the vault key wrapped by a device secret that lives in the OS
-- keyring. Neither opens anything without a secret that is never written to this file.

CREATE TABLE vault (
    singleton         INTEGER PRIMARY KEY CHECK (singleton = 1),
    vault_id          BLOB    NOT NULL CHECK (length(vault_id) = 16),
    envelope          BLOB    NOT NULL,
    device_wrap       BLOB,
    -- Minutes of inactivity before the vault locks itself; NULL: never.
    auto_lock_minutes INTEGER CHECK (auto_lock_minutes IS NULL OR auto_lock_minutes > 0),
    created_at        INTEGER NOT NULL,
    updated_at        INTEGER NOT NULL
);
