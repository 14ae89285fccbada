-- Step 8: a sync round costs what changed, not what exists.
-- Rows waiting to be captured are found through partial indexes instead of a scan of each
-- table, and rows deleted here are listed by triggers in `sync_vanished` instead of found by
-- comparing every synced record with its table (measured: one changed task among 10 000 took
-- 2.3 times as long to sync as among 1 000).
CREATE INDEX projects_dirty ON projects (pk) WHERE dirty = 1;
CREATE INDEX tasks_dirty ON tasks (pk) WHERE dirty = 1;
CREATE INDEX task_comments_dirty ON task_comments (pk) WHERE dirty = 1;
CREATE INDEX checkpoints_dirty ON checkpoints (pk) WHERE dirty = 1;
CREATE INDEX notes_dirty ON notes (pk) WHERE dirty = 1;

CREATE TABLE sync_vanished (
    tbl       TEXT NOT NULL,
    record_id TEXT NOT NULL,
    PRIMARY KEY (tbl, record_id)
) WITHOUT ROWID;

CREATE TRIGGER projects_vanished AFTER DELETE ON projects BEGIN
    INSERT OR IGNORE INTO sync_vanished (tbl, record_id) VALUES ('projects', old.id);
END;
CREATE TRIGGER tasks_vanished AFTER DELETE ON tasks BEGIN
    INSERT OR IGNORE INTO sync_vanished (tbl, record_id) VALUES ('tasks', old.id);
END;
CREATE TRIGGER task_comments_vanished AFTER DELETE ON task_comments BEGIN
    INSERT OR IGNORE INTO sync_vanished (tbl, record_id) VALUES ('task_comments', old.id);
END;
CREATE TRIGGER checkpoints_vanished AFTER DELETE ON checkpoints BEGIN
    INSERT OR IGNORE INTO sync_vanished (tbl, record_id) VALUES ('checkpoints', old.id);
END;
CREATE TRIGGER notes_vanished AFTER DELETE ON notes BEGIN
    INSERT OR IGNORE INTO sync_vanished (tbl, record_id) VALUES ('notes', old.id);
END;

-- Deletions made before this step are still found once, by the old comparison.
INSERT OR IGNORE INTO sync_vanished (tbl, record_id)
    SELECT s.tbl, s.record_id FROM sync_records s
    WHERE s.deleted = 0 AND (
        (s.tbl = 'projects' AND NOT EXISTS (SELECT 1 FROM projects t WHERE t.id = s.record_id)) OR
        (s.tbl = 'tasks' AND NOT EXISTS (SELECT 1 FROM tasks t WHERE t.id = s.record_id)) OR
        (s.tbl = 'task_comments' AND NOT EXISTS (SELECT 1 FROM task_comments t WHERE t.id = s.record_id)) OR
        (s.tbl = 'checkpoints' AND NOT EXISTS (SELECT 1 FROM checkpoints t WHERE t.id = s.record_id)) OR
        (s.tbl = 'notes' AND NOT EXISTS (SELECT 1 FROM notes t WHERE t.id = s.record_id)));
