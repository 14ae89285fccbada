-- The passphrase derivation's parameters and salt of each account (not secret: handed out
-- before sign-in), and the vault id beside each key envelope (bound into every sealed
-- record's associated data, so a second device must use the same one).
ALTER TABLE users ADD COLUMN kdf_memory_kib INTEGER NOT NULL DEFAULT 0;
ALTER TABLE users ADD COLUMN kdf_iterations INTEGER NOT NULL DEFAULT 0;
ALTER TABLE users ADD COLUMN kdf_lanes INTEGER NOT NULL DEFAULT 0;
ALTER TABLE users ADD COLUMN kdf_salt BLOB NOT NULL DEFAULT x'';
ALTER TABLE envelopes ADD COLUMN vault_id TEXT NOT NULL DEFAULT '';
