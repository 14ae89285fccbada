-- Step 1: the local workspace (projects, tasks, task comments, checkpoints, notes) and its search index.
--
-- Every synced table carries the same sync seam, so the sync engine needs no table rewrite:
--   updated_at    ms since epoch of the last local change
--   field_clocks  JSON object: field name -> hybrid logical clock stamp of its last change
--   dirty         1 while the row has local changes the sync engine has not pushed (the outbox)
-- `pk` is the rowid alias that the external-content FTS5 tables point at; it never changes,
-- even across VACUUM, unlike an implicit rowid. `id` is the UUID v7 the rest of the world uses.

CREATE TABLE projects (
    pk           INTEGER PRIMARY KEY,
    id           TEXT    NOT NULL UNIQUE,
    name         TEXT    NOT NULL CHECK (length(trim(name)) > 0),
    client_id    TEXT,
    status       TEXT    NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'archived')),
    created_at   INTEGER NOT NULL,
    updated_at   INTEGER NOT NULL,
    field_clocks TEXT    NOT NULL DEFAULT '{}' CHECK (json_valid(field_clocks)),
    dirty        INTEGER NOT NULL DEFAULT 1 CHECK (dirty IN (0, 1))
);

CREATE TABLE tasks (
    pk              INTEGER PRIMARY KEY,
    id              TEXT    NOT NULL UNIQUE,
    project_id      TEXT    REFERENCES projects (id) ON DELETE CASCADE,
    title           TEXT    NOT NULL CHECK (length(trim(title)) > 0),
    description     TEXT    NOT NULL DEFAULT '',
    status          TEXT    NOT NULL DEFAULT 'todo' CHECK (status IN ('todo', 'in_progress', 'done')),
    priority        TEXT    NOT NULL DEFAULT 'medium' CHECK (priority IN ('high', 'medium', 'low')),
    assignees       TEXT    NOT NULL DEFAULT '[]' CHECK (json_valid(assignees) AND json_type(assignees) = 'array'),
    due_date        TEXT    CHECK (due_date IS NULL OR date(due_date) IS due_date),
    is_ai_suggested INTEGER NOT NULL DEFAULT 0 CHECK (is_ai_suggested IN (0, 1)),
    is_approved     INTEGER NOT NULL DEFAULT 1 CHECK (is_approved IN (0, 1)),
    created_at      INTEGER NOT NULL,
    updated_at      INTEGER NOT NULL,
    field_clocks    TEXT    NOT NULL DEFAULT '{}' CHECK (json_valid(field_clocks)),
    dirty           INTEGER NOT NULL DEFAULT 1 CHECK (dirty IN (0, 1))
);
CREATE INDEX tasks_by_project ON tasks (project_id, status);
CREATE INDEX tasks_by_due_date ON tasks (due_date) WHERE due_date IS NOT NULL;

CREATE TABLE task_comments (
    pk           INTEGER PRIMARY KEY,
    id           TEXT    NOT NULL UNIQUE,
    task_id      TEXT    NOT NULL REFERENCES tasks (id) ON DELETE CASCADE,
    author       TEXT    NOT NULL,
    content      TEXT    NOT NULL,
    created_at   INTEGER NOT NULL,
    updated_at   INTEGER NOT NULL,
    field_clocks TEXT    NOT NULL DEFAULT '{}' CHECK (json_valid(field_clocks)),
    dirty        INTEGER NOT NULL DEFAULT 1 CHECK (dirty IN (0, 1))
);
CREATE INDEX task_comments_by_task ON task_comments (task_id, created_at);

CREATE TABLE checkpoints (
    pk              INTEGER PRIMARY KEY,
    id              TEXT    NOT NULL UNIQUE,
    project_id      TEXT    NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    title           TEXT    NOT NULL CHECK (length(trim(title)) > 0),
    date            TEXT    NOT NULL CHECK (date(date) IS date),
    is_ai_suggested INTEGER NOT NULL DEFAULT 0 CHECK (is_ai_suggested IN (0, 1)),
    is_approved     INTEGER NOT NULL DEFAULT 1 CHECK (is_approved IN (0, 1)),
    created_at      INTEGER NOT NULL,
    updated_at      INTEGER NOT NULL,
    field_clocks    TEXT    NOT NULL DEFAULT '{}' CHECK (json_valid(field_clocks)),
    dirty           INTEGER NOT NULL DEFAULT 1 CHECK (dirty IN (0, 1))
);
CREATE INDEX checkpoints_by_project ON checkpoints (project_id, date);

-- Notes outlive the project they were filed under: deleting the project unfiles them.
CREATE TABLE notes (
    pk           INTEGER PRIMARY KEY,
    id           TEXT    NOT NULL UNIQUE,
    project_id   TEXT    REFERENCES projects (id) ON DELETE SET NULL,
    title        TEXT    NOT NULL CHECK (length(trim(title)) > 0),
    content      TEXT    NOT NULL DEFAULT '',
    created_at   INTEGER NOT NULL,
    updated_at   INTEGER NOT NULL,
    field_clocks TEXT    NOT NULL DEFAULT '{}' CHECK (json_valid(field_clocks)),
    dirty        INTEGER NOT NULL DEFAULT 1 CHECK (dirty IN (0, 1))
);
CREATE INDEX notes_by_project ON notes (project_id, updated_at);
CREATE INDEX notes_by_updated ON notes (updated_at);

-- Full-text search: one external-content FTS5 table per searchable table. Updates and deletes
-- (including cascading deletes) are indexed by triggers. Inserts are indexed by the store's
-- insert functions instead: an AFTER INSERT trigger makes SQLite open a statement journal per
-- row, and FTS5 flushes its pending terms at every statement savepoint, which cut bulk inserts
-- from ~53k to ~17k rows/s in measurement. No prefix indexes: they slowed inserts by a fifth
-- and made prefix search no faster at 100k tasks (cargo xtask bench).
CREATE VIRTUAL TABLE projects_fts USING fts5 (
    name, client_id,
    content = 'projects', content_rowid = 'pk', tokenize = 'unicode61 remove_diacritics 2'
);
CREATE TRIGGER projects_fts_delete AFTER DELETE ON projects BEGIN
    INSERT INTO projects_fts (projects_fts, rowid, name, client_id) VALUES ('delete', old.pk, old.name, old.client_id);
END;
CREATE TRIGGER projects_fts_update AFTER UPDATE OF name, client_id ON projects BEGIN
    INSERT INTO projects_fts (projects_fts, rowid, name, client_id) VALUES ('delete', old.pk, old.name, old.client_id);
    INSERT INTO projects_fts (rowid, name, client_id) VALUES (new.pk, new.name, new.client_id);
END;

CREATE VIRTUAL TABLE tasks_fts USING fts5 (
    title, description,
    content = 'tasks', content_rowid = 'pk', tokenize = 'unicode61 remove_diacritics 2'
);
CREATE TRIGGER tasks_fts_delete AFTER DELETE ON tasks BEGIN
    INSERT INTO tasks_fts (tasks_fts, rowid, title, description) VALUES ('delete', old.pk, old.title, old.description);
END;
CREATE TRIGGER tasks_fts_update AFTER UPDATE OF title, description ON tasks BEGIN
    INSERT INTO tasks_fts (tasks_fts, rowid, title, description) VALUES ('delete', old.pk, old.title, old.description);
    INSERT INTO tasks_fts (rowid, title, description) VALUES (new.pk, new.title, new.description);
END;

CREATE VIRTUAL TABLE task_comments_fts USING fts5 (
    content,
    content = 'task_comments', content_rowid = 'pk', tokenize = 'unicode61 remove_diacritics 2'
);
CREATE TRIGGER task_comments_fts_delete AFTER DELETE ON task_comments BEGIN
    INSERT INTO task_comments_fts (task_comments_fts, rowid, content) VALUES ('delete', old.pk, old.content);
END;
CREATE TRIGGER task_comments_fts_update AFTER UPDATE OF content ON task_comments BEGIN
    INSERT INTO task_comments_fts (task_comments_fts, rowid, content) VALUES ('delete', old.pk, old.content);
    INSERT INTO task_comments_fts (rowid, content) VALUES (new.pk, new.content);
END;

CREATE VIRTUAL TABLE checkpoints_fts USING fts5 (
    title,
    content = 'checkpoints', content_rowid = 'pk', tokenize = 'unicode61 remove_diacritics 2'
);
CREATE TRIGGER checkpoints_fts_delete AFTER DELETE ON checkpoints BEGIN
    INSERT INTO checkpoints_fts (checkpoints_fts, rowid, title) VALUES ('delete', old.pk, old.title);
END;
CREATE TRIGGER checkpoints_fts_update AFTER UPDATE OF title ON checkpoints BEGIN
    INSERT INTO checkpoints_fts (checkpoints_fts, rowid, title) VALUES ('delete', old.pk, old.title);
    INSERT INTO checkpoints_fts (rowid, title) VALUES (new.pk, new.title);
END;

CREATE VIRTUAL TABLE notes_fts USING fts5 (
    title, content,
    content = 'notes', content_rowid = 'pk', tokenize = 'unicode61 remove_diacritics 2'
);
CREATE TRIGGER notes_fts_delete AFTER DELETE ON notes BEGIN
    INSERT INTO notes_fts (notes_fts, rowid, title, content) VALUES ('delete', old.pk, old.title, old.content);
END;
CREATE TRIGGER notes_fts_update AFTER UPDATE OF title, content ON notes BEGIN
    INSERT INTO notes_fts (notes_fts, rowid, title, content) VALUES ('delete', old.pk, old.title, old.content);
    INSERT INTO notes_fts (rowid, title, content) VALUES (new.pk, new.title, new.content);
END;
