//! Sentences the UI composes from counts, so plurals and edge cases read right.

/// "1 task", "3 tasks".
pub fn count(n: usize, one: &str, many: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {many}")
    }
}

/// The line under the Today heading.
pub fn today_summary(overdue: usize, open_today: usize) -> String {
    match (overdue, open_today) {
        (0, 0) => "All done for today.".to_owned(),
        (0, n) => format!("{} due today.", count(n, "task", "tasks")),
        (late, 0) => format!("{} overdue.", count(late, "task", "tasks")),
        (late, n) => format!("{} due today, {late} overdue.", count(n, "task", "tasks")),
    }
}

/// The question asked before deleting a project with its tasks.
pub fn delete_project_question(name: &str, tasks: usize) -> String {
    format!(
        "Delete project {name} and its {}? This cannot be undone.",
        count(tasks, "task", "tasks")
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_and_summaries() {
        assert_eq!(count(1, "task", "tasks"), "1 task");
        assert_eq!(count(0, "task", "tasks"), "0 tasks");
        assert_eq!(today_summary(0, 0), "All done for today.");
        assert_eq!(today_summary(0, 1), "1 task due today.");
        assert_eq!(today_summary(2, 0), "2 tasks overdue.");
        assert_eq!(today_summary(2, 3), "3 tasks due today, 2 overdue.");
    }

    #[test]
    fn delete_question_names_the_project_and_its_tasks() {
        assert_eq!(
            delete_project_question("Garden", 3),
            "Delete project Garden and its 3 tasks? This cannot be undone."
        );
        assert_eq!(
            delete_project_question("Garden", 1),
            "Delete project Garden and its 1 task? This cannot be undone."
        );
    }
}
