-- Step 11: CHECK constraints list their values as comparisons, not as `IN (…)`.
-- SQLite evaluates `x IN (a, b, c)` (three values or more) by building a temporary b-tree of
-- the list each time a statement runs, so every insert into tasks built two of them and every
-- ledger row two more (measured: an insert with two such checks took 2.3 times as long as
-- with the same checks written as comparisons). The constraints accept exactly what they
-- accepted before, so the table definitions are rewritten in place, as SQLite documents for
-- changes that leave every stored row valid (lang_altertable.html, "Making Other Kinds Of
-- Table Schema Changes"). The migration's hook then bumps the schema version, so every
-- connection reads the new definitions, and turns writable_schema off again.
PRAGMA writable_schema = ON;

UPDATE sqlite_schema SET sql = replace(sql, 'CHECK (status IN (''todo'', ''in_progress'', ''done''))', 'CHECK (status = ''todo'' OR status = ''in_progress'' OR status = ''done'')')
    WHERE type = 'table' AND name = 'tasks';
UPDATE sqlite_schema SET sql = replace(sql, 'CHECK (priority IN (''high'', ''medium'', ''low''))', 'CHECK (priority = ''high'' OR priority = ''medium'' OR priority = ''low'')')
    WHERE type = 'table' AND name = 'tasks';
UPDATE sqlite_schema SET sql = replace(sql, 'CHECK (tagged_by IS NULL OR tagged_by IN (''auto'', ''manual'', ''agent''))', 'CHECK (tagged_by IS NULL OR tagged_by = ''auto'' OR tagged_by = ''manual'' OR tagged_by = ''agent'')')
    WHERE type = 'table' AND name = 'tasks';
UPDATE sqlite_schema SET sql = replace(sql, 'CHECK (tagged_by IS NULL OR tagged_by IN (''auto'', ''manual'', ''agent''))', 'CHECK (tagged_by IS NULL OR tagged_by = ''auto'' OR tagged_by = ''manual'' OR tagged_by = ''agent'')')
    WHERE type = 'table' AND name = 'checkpoints';
UPDATE sqlite_schema SET sql = replace(sql, 'CHECK (tagged_by IS NULL OR tagged_by IN (''auto'', ''manual'', ''agent''))', 'CHECK (tagged_by IS NULL OR tagged_by = ''auto'' OR tagged_by = ''manual'' OR tagged_by = ''agent'')')
    WHERE type = 'table' AND name = 'notes';
UPDATE sqlite_schema SET sql = replace(sql, 'CHECK (kind IN (''openai'', ''anthropic'', ''openai_compatible''))', 'CHECK (kind = ''openai'' OR kind = ''anthropic'' OR kind = ''openai_compatible'')')
    WHERE type = 'table' AND name = 'providers';
UPDATE sqlite_schema SET sql = replace(sql, 'CHECK (kind IN (''local'', ''cloud'', ''external''))', 'CHECK (kind = ''local'' OR kind = ''cloud'' OR kind = ''external'')')
    WHERE type = 'table' AND name = 'agents';
UPDATE sqlite_schema SET sql = replace(sql, 'CHECK (status IN (''active'', ''superseded'', ''revoked''))', 'CHECK (status = ''active'' OR status = ''superseded'' OR status = ''revoked'')')
    WHERE type = 'table' AND name = 'assignments';
UPDATE sqlite_schema SET sql = replace(sql, 'CHECK (type IN (''task.assigned'', ''assignment.superseded'', ''assignment.revoked''))', 'CHECK (type = ''task.assigned'' OR type = ''assignment.superseded'' OR type = ''assignment.revoked'')')
    WHERE type = 'table' AND name = 'assignment_events';
UPDATE sqlite_schema SET sql = replace(sql, 'CHECK (decision IN (''allow'', ''deny'', ''warn''))', 'CHECK (decision = ''allow'' OR decision = ''deny'' OR decision = ''warn'')')
    WHERE type = 'table' AND name = 'ledger';
UPDATE sqlite_schema SET sql = replace(sql, 'CHECK (outcome IN (''ok'', ''error'', ''denied''))', 'CHECK (outcome = ''ok'' OR outcome = ''error'' OR outcome = ''denied'')')
    WHERE type = 'table' AND name = 'ledger';
UPDATE sqlite_schema SET sql = replace(sql, 'CHECK (kind IN (''task'', ''checkpoint'', ''note''))', 'CHECK (kind = ''task'' OR kind = ''checkpoint'' OR kind = ''note'')')
    WHERE type = 'table' AND name = 'review_decisions';
UPDATE sqlite_schema SET sql = replace(sql, 'CHECK (action IN (''approve'', ''edit_approve'', ''reject'', ''snooze''))', 'CHECK (action = ''approve'' OR action = ''edit_approve'' OR action = ''reject'' OR action = ''snooze'')')
    WHERE type = 'table' AND name = 'review_decisions';
