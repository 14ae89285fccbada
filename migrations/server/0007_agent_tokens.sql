-- Agent tokens: bearer tokens a user hands to an MCP client so it can reach the user's
-- device through the server's MCP endpoint as one of the device's agents. Only the sha256
-- of a token is kept; the token itself is shown once when it is created.
CREATE TABLE agent_tokens (
    id          TEXT    PRIMARY KEY,
    user_id     TEXT    NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    token_hash  BLOB    NOT NULL UNIQUE,
    -- The agent's id on the device; the server forwards it beside each frame.
    agent_id    TEXT    NOT NULL,
    created_at  INTEGER NOT NULL,
    revoked_at  INTEGER
);

CREATE INDEX agent_tokens_by_user ON agent_tokens (user_id);
