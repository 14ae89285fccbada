-- Step 12: the task list's default order (priority, then due date with undated tasks last,
-- then creation) is an index, so its first page reads as many rows as it shows. Without it,
-- every list of a 100k-task workspace read and sorted all of them (about 25 ms even for one
-- task), and in doing so pushed what the next write or sync needed out of SQLite's page cache.
-- The expressions are the ones `tasks::list` orders by, written alike so the planner matches
-- them; only approved tasks are listed, so only they are in it.
CREATE INDEX tasks_by_priority ON tasks (
    (CASE priority WHEN 'high' THEN 0 WHEN 'medium' THEN 1 ELSE 2 END),
    (due_date IS NULL),
    due_date,
    created_at
) WHERE is_approved = 1;
