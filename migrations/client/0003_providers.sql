-- Step 3: LLM providers configured on this device. Never the key: it lives in the OS keyring
-- under "provider-<id>"; only its last four characters are kept here to show in settings.
-- Device-local settings, not synced (keys never leave the device; endpoints like Ollama are
-- per machine).

CREATE TABLE providers (
    id         TEXT    PRIMARY KEY,
    name       TEXT    NOT NULL UNIQUE COLLATE NOCASE CHECK (length(trim(name)) > 0),
    kind       TEXT    NOT NULL CHECK (kind IN ('openai', 'anthropic', 'openai_compatible')),
    base_url   TEXT    NOT NULL CHECK (base_url LIKE 'http://%' OR base_url LIKE 'https://%'),
    model      TEXT,
    key_last4  TEXT    CHECK (key_last4 IS NULL OR length(key_last4) <= 4),
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
