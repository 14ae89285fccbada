//! The kanban board's rules: which column a task sits in, and what a key does to a focused card.

use adiuva_domain::{Task, TaskStatus};

/// One board column: its status and its tasks in the order the list came in.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Column {
    pub status: TaskStatus,
    pub tasks: Vec<Task>,
}

/// Splits tasks into the three columns, To do → In progress → Done, keeping their order
/// (the backend sorts by priority, then due date), so a card never jumps within its column.
pub fn columns(tasks: &[Task]) -> Vec<Column> {
    TaskStatus::ALL
        .iter()
        .map(|&status| Column {
            status,
            tasks: tasks
                .iter()
                .filter(|t| t.status == status)
                .cloned()
                .collect(),
        })
        .collect()
}

/// What a key pressed on a focused card asks for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CardKey {
    /// Move the card to this column.
    Move(TaskStatus),
    /// Open the task's detail.
    Open,
    /// Move focus to a neighbouring card.
    Focus(Direction),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Direction {
    Up,
    Down,
    Left,
    Right,
}

/// A key press on a card, as the DOM reports it.
#[derive(Clone, Copy, Debug, Default)]
pub struct CardPress<'a> {
    pub key: &'a str,
    pub shift: bool,
    /// Ctrl, Cmd or Alt: such combinations belong to the browser or the global shortcuts.
    pub command: bool,
}

/// Maps a key on a card in column `current` to an action. Moves that would leave the card
/// where it is are `None`, so the caller never sends a no-op to the backend.
pub fn card_key(press: CardPress<'_>, current: TaskStatus) -> Option<CardKey> {
    if press.command {
        return None;
    }
    let target = |status: Option<TaskStatus>| status.filter(|&s| s != current).map(CardKey::Move);
    match (press.key, press.shift) {
        ("ArrowRight", true) => target(current.next()),
        ("ArrowLeft", true) => target(current.previous()),
        ("1", false) => target(Some(TaskStatus::Todo)),
        ("2", false) => target(Some(TaskStatus::InProgress)),
        ("3", false) => target(Some(TaskStatus::Done)),
        ("Enter", false) => Some(CardKey::Open),
        ("ArrowUp" | "k", false) => Some(CardKey::Focus(Direction::Up)),
        ("ArrowDown" | "j", false) => Some(CardKey::Focus(Direction::Down)),
        ("ArrowLeft" | "h", false) => Some(CardKey::Focus(Direction::Left)),
        ("ArrowRight" | "l", false) => Some(CardKey::Focus(Direction::Right)),
        _ => None,
    }
}

/// Replaces one task's status in a loaded list, for an optimistic move; `false` if absent.
pub fn set_status(tasks: &mut [Task], id: adiuva_domain::TaskId, status: TaskStatus) -> bool {
    match tasks.iter_mut().find(|t| t.id == id) {
        Some(task) => {
            task.status = status;
            true
        }
        None => false,
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use adiuva_domain::{Millis, NewTask, TaskId};
    use uuid::Uuid;

    pub(crate) fn task(n: u128, title: &str, status: TaskStatus) -> Task {
        let mut task = NewTask {
            title: title.into(),
            ..NewTask::default()
        }
        .validate()
        .expect("valid task")
        .into_task(TaskId::from_uuid(Uuid::from_u128(n)), Millis(0));
        task.status = status;
        task
    }

    #[test]
    fn columns_are_in_board_order_and_keep_task_order() {
        let tasks = [
            task(1, "a", TaskStatus::Done),
            task(2, "b", TaskStatus::Todo),
            task(3, "c", TaskStatus::InProgress),
            task(4, "d", TaskStatus::Todo),
        ];
        let cols = columns(&tasks);
        let shape: Vec<(TaskStatus, Vec<&str>)> = cols
            .iter()
            .map(|c| (c.status, c.tasks.iter().map(|t| t.title.as_str()).collect()))
            .collect();
        assert_eq!(
            shape,
            vec![
                (TaskStatus::Todo, vec!["b", "d"]),
                (TaskStatus::InProgress, vec!["c"]),
                (TaskStatus::Done, vec!["a"]),
            ]
        );
    }

    #[test]
    fn empty_lists_still_have_three_columns() {
        assert_eq!(columns(&[]).len(), 3);
    }

    fn press(key: &str, shift: bool) -> CardPress<'_> {
        CardPress {
            key,
            shift,
            command: false,
        }
    }

    #[test]
    fn keyboard_moves() {
        use TaskStatus::*;
        let cases = [
            ("ArrowRight", true, Todo, Some(CardKey::Move(InProgress))),
            ("ArrowRight", true, InProgress, Some(CardKey::Move(Done))),
            ("ArrowRight", true, Done, None),
            ("ArrowLeft", true, Done, Some(CardKey::Move(InProgress))),
            ("ArrowLeft", true, Todo, None),
            ("1", false, Done, Some(CardKey::Move(Todo))),
            ("2", false, Todo, Some(CardKey::Move(InProgress))),
            ("3", false, Todo, Some(CardKey::Move(Done))),
            ("3", false, Done, None),
            ("Enter", false, Todo, Some(CardKey::Open)),
            (
                "ArrowRight",
                false,
                Todo,
                Some(CardKey::Focus(Direction::Right)),
            ),
            (
                "ArrowDown",
                false,
                Todo,
                Some(CardKey::Focus(Direction::Down)),
            ),
            ("x", false, Todo, None),
        ];
        for (key, shift, current, expected) in cases {
            assert_eq!(
                card_key(press(key, shift), current),
                expected,
                "{key} {shift} {current:?}"
            );
        }
    }

    #[test]
    fn modified_keys_are_left_alone() {
        let ctrl = CardPress {
            key: "1",
            shift: false,
            command: true,
        };
        assert_eq!(card_key(ctrl, TaskStatus::Done), None);
    }

    #[test]
    fn optimistic_status_change() {
        let mut tasks = vec![task(1, "a", TaskStatus::Todo)];
        let id = tasks[0].id;
        assert!(set_status(&mut tasks, id, TaskStatus::Done));
        assert_eq!(tasks[0].status, TaskStatus::Done);
        assert!(!set_status(
            &mut tasks,
            TaskId::from_uuid(Uuid::from_u128(9)),
            TaskStatus::Todo
        ));
    }
}
