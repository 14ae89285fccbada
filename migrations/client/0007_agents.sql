-- Step 7: agents on the device. Who they are, what each may do (assignments, immutable, with
-- their events), what every call did (the ledger, append-only and hash-chained), the tagging
-- lifecycle and the review state of what agents create, and device settings.
--
-- `agents`, `assignments`, `assignment_events`, `ledger`, `review_decisions` and `settings` are
-- device-local: they are not synced (not in SYNCED_TABLES). The tagging and review columns
-- below are on synced tables, so they travel with their records like every other column.

CREATE TABLE agents (
    id         TEXT    PRIMARY KEY,
    name       TEXT    NOT NULL UNIQUE COLLATE NOCASE CHECK (length(trim(name)) > 0),
    kind       TEXT    NOT NULL CHECK (kind IN ('local', 'cloud', 'external')),
    created_at INTEGER NOT NULL,
    -- Set once the agent is revoked: it can no longer call anything.
    revoked_at INTEGER
);

-- One row is one immutable scope contract for one agent. Extending it supersedes the row and
-- inserts a new one; the chain is linked through the reserved metadata keys `superseded_by`
-- (on the old row) and `superseded_assignment_id` (on the new row).
CREATE TABLE assignments (
    pk           INTEGER PRIMARY KEY,
    id           TEXT    NOT NULL UNIQUE,
    agent_id     TEXT    NOT NULL REFERENCES agents (id),
    -- Globs over tools and resources, JSON arrays of strings.
    allow        TEXT    NOT NULL CHECK (json_valid(allow) AND json_type(allow) = 'array'),
    deny         TEXT    NOT NULL DEFAULT '[]' CHECK (json_valid(deny) AND json_type(deny) = 'array'),
    policy       TEXT    NOT NULL CHECK (policy IN ('block', 'warn')),
    reason       TEXT    NOT NULL CHECK (length(trim(reason)) > 0),
    orchestrator TEXT,
    metadata     TEXT    NOT NULL DEFAULT '{}' CHECK (json_valid(metadata) AND json_type(metadata) = 'object'),
    status       TEXT    NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'superseded', 'revoked')),
    created_at   INTEGER NOT NULL,
    ended_at     INTEGER
);
CREATE UNIQUE INDEX assignments_one_active ON assignments (agent_id) WHERE status = 'active';
CREATE INDEX assignments_by_agent ON assignments (agent_id, pk);

-- The scope of a row never changes; only an active row may end (and only its lineage key is
-- added to its metadata then).
CREATE TRIGGER assignments_immutable BEFORE UPDATE OF id, agent_id, allow, deny, policy, reason, orchestrator, created_at ON assignments BEGIN
    SELECT RAISE(ABORT, 'assignments are immutable: supersede them');
END;
CREATE TRIGGER assignments_end_once BEFORE UPDATE OF status ON assignments WHEN old.status <> 'active' BEGIN
    SELECT RAISE(ABORT, 'an ended assignment stays ended');
END;
CREATE TRIGGER assignments_no_delete BEFORE DELETE ON assignments BEGIN
    SELECT RAISE(ABORT, 'assignments are kept for the ledger');
END;

CREATE TABLE assignment_events (
    seq           INTEGER PRIMARY KEY,
    id            TEXT    NOT NULL UNIQUE,
    type          TEXT    NOT NULL CHECK (type IN ('task.assigned', 'assignment.superseded', 'assignment.revoked')),
    assignment_id TEXT    NOT NULL REFERENCES assignments (id),
    agent_id      TEXT    NOT NULL,
    metadata      TEXT    NOT NULL DEFAULT '{}' CHECK (json_valid(metadata) AND json_type(metadata) = 'object'),
    created_at    INTEGER NOT NULL
);
CREATE INDEX assignment_events_by_assignment ON assignment_events (assignment_id, seq);

-- One entry per tool call (whatever its outcome) and per human review decision. Each entry
-- stores the hash of the previous one and its own hash over a canonical encoding of all its
-- columns, so editing, inserting or removing an entry in the middle breaks the chain.
CREATE TABLE ledger (
    seq             INTEGER PRIMARY KEY,
    id              TEXT    NOT NULL UNIQUE,
    at              INTEGER NOT NULL,
    -- 'user' or 'agent:<id>': who acted.
    actor           TEXT    NOT NULL,
    agent_id        TEXT,
    assignment_id   TEXT,
    -- The tool called, or the review action taken ('review.approve', ...).
    action          TEXT    NOT NULL,
    -- What the call asked for before it ran: its scopes, and provenance fields it tried to set.
    planned         TEXT    NOT NULL CHECK (json_valid(planned)),
    -- The arguments with long texts cut and provenance fields removed.
    arguments       TEXT    NOT NULL CHECK (json_valid(arguments)),
    arguments_hash  TEXT    NOT NULL,
    decision        TEXT    NOT NULL CHECK (decision IN ('allow', 'deny', 'warn')),
    -- The rule that decided ('allow:create_task', 'deny:notes:*', 'read_only', ...) or 'human'.
    rule            TEXT    NOT NULL,
    outcome         TEXT    NOT NULL CHECK (outcome IN ('ok', 'error', 'denied')),
    error_code      TEXT,
    -- The answer, kept only when the call carried an idempotency key (to replay it).
    result          TEXT    CHECK (result IS NULL OR json_valid(result)),
    result_hash     TEXT    NOT NULL,
    -- '<kind>:<id>' of every record the call wrote.
    affected        TEXT    NOT NULL DEFAULT '[]' CHECK (json_valid(affected) AND json_type(affected) = 'array'),
    idempotency_key TEXT,
    prev_hash       TEXT    NOT NULL CHECK (length(prev_hash) = 64),
    hash            TEXT    NOT NULL UNIQUE CHECK (length(hash) = 64)
);
CREATE UNIQUE INDEX ledger_idempotency ON ledger (agent_id, idempotency_key) WHERE idempotency_key IS NOT NULL;
CREATE INDEX ledger_by_agent ON ledger (agent_id, seq);

CREATE TRIGGER ledger_no_update BEFORE UPDATE ON ledger BEGIN
    SELECT RAISE(ABORT, 'the ledger is append-only');
END;
CREATE TRIGGER ledger_no_delete BEFORE DELETE ON ledger BEGIN
    SELECT RAISE(ABORT, 'the ledger is append-only');
END;

-- The undo stack of review decisions: the item's columns before each decision, grouped by the
-- action (one batch per approve, reject, snooze or bulk action).
CREATE TABLE review_decisions (
    seq        INTEGER PRIMARY KEY,
    batch      TEXT    NOT NULL,
    ledger_id  TEXT    NOT NULL REFERENCES ledger (id),
    kind       TEXT    NOT NULL CHECK (kind IN ('task', 'checkpoint', 'note')),
    item_id    TEXT    NOT NULL,
    action     TEXT    NOT NULL CHECK (action IN ('approve', 'edit_approve', 'reject', 'snooze')),
    before     TEXT    NOT NULL CHECK (json_valid(before) AND json_type(before) = 'object'),
    decided_at INTEGER NOT NULL,
    undone_at  INTEGER
);
CREATE INDEX review_decisions_open ON review_decisions (seq) WHERE undone_at IS NULL;

-- Device settings as text values ('tagging.internal' = '1' or '0', ...).
CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) WITHOUT ROWID;

-- Notes had no review state: what a person writes is approved from the start.
ALTER TABLE notes ADD COLUMN is_ai_suggested INTEGER NOT NULL DEFAULT 0 CHECK (is_ai_suggested IN (0, 1));
ALTER TABLE notes ADD COLUMN is_approved INTEGER NOT NULL DEFAULT 1 CHECK (is_approved IN (0, 1));

-- The tagging lifecycle and the review state of agent suggestions, on every taggable table:
--   tagging_status  pending (waiting for a tagger) | tagged
--   tagged_by       auto (the internal tagger) | manual (the person) | agent (tagged_by_agent)
--   tags            the tags as written (JSON array of 'key:value'); labels their projection
--   tags_review     'pending' while tags from the tagger or an agent wait for a person
--   tags_previous   the projected columns before those tags, to put back if they are rejected
--   created_by_agent, rationale   who proposed an item and why
--   snoozed_until, rejected_at    a person's decisions on a suggestion
-- New rows start pending (the column default); rows that existed before this step are tagged
-- by hand, so they never enter a tagger's work queue.
ALTER TABLE tasks ADD COLUMN tagging_status TEXT NOT NULL DEFAULT 'pending' CHECK (tagging_status IN ('pending', 'tagged'));
ALTER TABLE tasks ADD COLUMN tagged_by TEXT CHECK (tagged_by IS NULL OR tagged_by IN ('auto', 'manual', 'agent'));
ALTER TABLE tasks ADD COLUMN tagged_by_agent TEXT;
ALTER TABLE tasks ADD COLUMN tagged_at INTEGER;
ALTER TABLE tasks ADD COLUMN tags TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(tags) AND json_type(tags) = 'array');
ALTER TABLE tasks ADD COLUMN labels TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(labels) AND json_type(labels) = 'array');
ALTER TABLE tasks ADD COLUMN tags_review TEXT CHECK (tags_review IS NULL OR tags_review = 'pending');
ALTER TABLE tasks ADD COLUMN tags_previous TEXT CHECK (tags_previous IS NULL OR json_valid(tags_previous));
ALTER TABLE tasks ADD COLUMN created_by_agent TEXT;
ALTER TABLE tasks ADD COLUMN rationale TEXT;
ALTER TABLE tasks ADD COLUMN snoozed_until INTEGER;
ALTER TABLE tasks ADD COLUMN rejected_at INTEGER;
UPDATE tasks SET tagging_status = 'tagged', tagged_by = 'manual', tagged_at = updated_at;

ALTER TABLE checkpoints ADD COLUMN tagging_status TEXT NOT NULL DEFAULT 'pending' CHECK (tagging_status IN ('pending', 'tagged'));
ALTER TABLE checkpoints ADD COLUMN tagged_by TEXT CHECK (tagged_by IS NULL OR tagged_by IN ('auto', 'manual', 'agent'));
ALTER TABLE checkpoints ADD COLUMN tagged_by_agent TEXT;
ALTER TABLE checkpoints ADD COLUMN tagged_at INTEGER;
ALTER TABLE checkpoints ADD COLUMN tags TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(tags) AND json_type(tags) = 'array');
ALTER TABLE checkpoints ADD COLUMN labels TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(labels) AND json_type(labels) = 'array');
ALTER TABLE checkpoints ADD COLUMN tags_review TEXT CHECK (tags_review IS NULL OR tags_review = 'pending');
ALTER TABLE checkpoints ADD COLUMN tags_previous TEXT CHECK (tags_previous IS NULL OR json_valid(tags_previous));
ALTER TABLE checkpoints ADD COLUMN created_by_agent TEXT;
ALTER TABLE checkpoints ADD COLUMN rationale TEXT;
ALTER TABLE checkpoints ADD COLUMN snoozed_until INTEGER;
ALTER TABLE checkpoints ADD COLUMN rejected_at INTEGER;
UPDATE checkpoints SET tagging_status = 'tagged', tagged_by = 'manual', tagged_at = updated_at;

ALTER TABLE notes ADD COLUMN tagging_status TEXT NOT NULL DEFAULT 'pending' CHECK (tagging_status IN ('pending', 'tagged'));
ALTER TABLE notes ADD COLUMN tagged_by TEXT CHECK (tagged_by IS NULL OR tagged_by IN ('auto', 'manual', 'agent'));
ALTER TABLE notes ADD COLUMN tagged_by_agent TEXT;
ALTER TABLE notes ADD COLUMN tagged_at INTEGER;
ALTER TABLE notes ADD COLUMN tags TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(tags) AND json_type(tags) = 'array');
ALTER TABLE notes ADD COLUMN labels TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(labels) AND json_type(labels) = 'array');
ALTER TABLE notes ADD COLUMN tags_review TEXT CHECK (tags_review IS NULL OR tags_review = 'pending');
ALTER TABLE notes ADD COLUMN tags_previous TEXT CHECK (tags_previous IS NULL OR json_valid(tags_previous));
ALTER TABLE notes ADD COLUMN created_by_agent TEXT;
ALTER TABLE notes ADD COLUMN rationale TEXT;
ALTER TABLE notes ADD COLUMN snoozed_until INTEGER;
ALTER TABLE notes ADD COLUMN rejected_at INTEGER;
UPDATE notes SET tagging_status = 'tagged', tagged_by = 'manual', tagged_at = updated_at;

-- The pending work queue and the review queue are read often; both stay small.
CREATE INDEX tasks_tagging_pending ON tasks (created_at) WHERE tagging_status = 'pending';
CREATE INDEX checkpoints_tagging_pending ON checkpoints (created_at) WHERE tagging_status = 'pending';
CREATE INDEX notes_tagging_pending ON notes (created_at) WHERE tagging_status = 'pending';
CREATE INDEX tasks_in_review ON tasks (created_at) WHERE is_approved = 0 OR tags_review IS NOT NULL;
CREATE INDEX checkpoints_in_review ON checkpoints (created_at) WHERE is_approved = 0 OR tags_review IS NOT NULL;
CREATE INDEX notes_in_review ON notes (created_at) WHERE is_approved = 0 OR tags_review IS NOT NULL;
