//! The review page's logic: which suggestion has focus and which are selected (surviving list
//! refreshes and decisions), the page's keys, and a suggestion shown as a diff.

use std::collections::BTreeSet;

use adiuva_domain::{FieldChange, ItemKind, ReviewItem};
use serde::{Deserialize, Serialize};

use super::shortcuts::KeyPress;

/// An item the shell's review commands name (`{kind, id}`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ItemRef {
    pub kind: ItemKind,
    pub id: String,
}

impl ItemRef {
    pub fn of(item: &ReviewItem) -> Self {
        Self {
            kind: item.kind,
            id: item.id.clone(),
        }
    }

    /// `task:<id>`: unique across kinds, and how the ledger names records.
    pub fn key(&self) -> String {
        format!("{}:{}", self.kind, self.id)
    }
}

/// The key of a suggestion in the list.
pub fn key_of(item: &ReviewItem) -> String {
    ItemRef::of(item).key()
}

/// What a decision did, as the shell answers it.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
pub struct ReviewDone {
    pub items: Vec<ItemRef>,
    pub ledger_ids: Vec<String>,
}

/// What a key does on the review page.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReviewKey {
    Next,
    Previous,
    Approve,
    Reject,
    Edit,
    Snooze,
    ToggleSelect,
    Undo,
}

/// The page's keys; never while typing or with a modifier (those belong to fields and to
/// the global shortcuts).
pub fn review_key(press: &KeyPress<'_>) -> Option<ReviewKey> {
    if press.typing || press.ctrl || press.meta || press.alt {
        return None;
    }
    Some(match press.key {
        "j" | "ArrowDown" => ReviewKey::Next,
        "k" | "ArrowUp" => ReviewKey::Previous,
        "a" => ReviewKey::Approve,
        "r" => ReviewKey::Reject,
        "e" => ReviewKey::Edit,
        "s" => ReviewKey::Snooze,
        "x" => ReviewKey::ToggleSelect,
        "u" => ReviewKey::Undo,
        _ => return None,
    })
}

/// The focused suggestion and the selection, by key, over the list as shown.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Cursor {
    focus: Option<String>,
    selected: BTreeSet<String>,
}

impl Cursor {
    /// The focused key: the one chosen if it is still listed, else the first.
    pub fn focused<'a>(&self, keys: &'a [String]) -> Option<&'a String> {
        self.focus
            .as_ref()
            .and_then(|f| keys.iter().find(|k| *k == f))
            .or_else(|| keys.first())
    }

    pub fn is_focused(&self, keys: &[String], key: &str) -> bool {
        self.focused(keys).is_some_and(|f| f == key)
    }

    pub fn focus(&mut self, key: &str) {
        self.focus = Some(key.to_owned());
    }

    /// Moves focus `delta` places, stopping at either end.
    pub fn step(&mut self, keys: &[String], delta: isize) {
        let Some(current) = self.focused(keys) else {
            return;
        };
        let at = keys.iter().position(|k| k == current).unwrap_or(0);
        let last = keys.len() - 1;
        let to = at.saturating_add_signed(delta).min(last);
        self.focus = Some(keys[to].clone());
    }

    pub fn toggle(&mut self, key: &str) {
        if !self.selected.remove(key) {
            self.selected.insert(key.to_owned());
        }
    }

    pub fn is_selected(&self, key: &str) -> bool {
        self.selected.contains(key)
    }

    /// Selected keys still listed, in list order.
    pub fn selection(&self, keys: &[String]) -> Vec<String> {
        keys.iter()
            .filter(|k| self.selected.contains(*k))
            .cloned()
            .collect()
    }

    /// Selects every listed item, or none when all already are.
    pub fn toggle_all(&mut self, keys: &[String]) {
        if !keys.is_empty() && keys.iter().all(|k| self.selected.contains(k)) {
            self.selected.clear();
        } else {
            self.selected.extend(keys.iter().cloned());
        }
    }

    /// What a decision applies to: the selection when there is one, else the focused item.
    pub fn targets(&self, keys: &[String]) -> Vec<String> {
        let selection = self.selection(keys);
        if selection.is_empty() {
            self.focused(keys).cloned().into_iter().collect()
        } else {
            selection
        }
    }

    /// After `decided` left the list: they are unselected, and focus moves to the next item
    /// still listed (else the one before), so the person keeps going down the queue.
    pub fn decided(&mut self, keys: &[String], decided: &[String]) {
        for key in decided {
            self.selected.remove(key);
        }
        let Some(current) = self.focused(keys).cloned() else {
            return;
        };
        if !decided.contains(&current) {
            return;
        }
        let at = keys.iter().position(|k| *k == current).unwrap_or(0);
        let remaining = |k: &&String| !decided.contains(k);
        self.focus = keys[at..]
            .iter()
            .find(remaining)
            .or_else(|| keys[..at].iter().rev().find(remaining))
            .cloned();
    }
}

/// One row of a suggestion's diff.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DiffRow {
    pub label: &'static str,
    /// The current value; `None` for a new item or a field that was empty.
    pub before: Option<String>,
    pub proposed: Option<String>,
}

/// How a column is named on screen.
pub fn field_label(field: &str) -> &'static str {
    match field {
        "title" => "Title",
        "description" => "Description",
        "status" => "Status",
        "priority" => "Priority",
        "assignees" => "Assignees",
        "due_date" => "Due",
        "date" => "Date",
        "project_id" => "Project",
        "content" => "Content",
        "labels" => "Labels",
        "tags" => "Tags",
        _ => "Other",
    }
}

/// The suggestion's fields against their current values, titles first; unchanged fields and
/// the title of a new item (it heads the card already) are left out.
pub fn diff(item: &ReviewItem, new_item: bool) -> Vec<DiffRow> {
    let mut rows: Vec<&FieldChange> = item
        .fields
        .iter()
        .filter(|f| f.before != f.proposed)
        .filter(|f| !(new_item && f.field == "title"))
        .collect();
    rows.sort_by_key(|f| f.field != "title");
    rows.into_iter()
        .map(|f| DiffRow {
            label: field_label(&f.field),
            before: f.before.clone(),
            proposed: f.proposed.clone(),
        })
        .collect()
}

/// "1 suggestion", "3 suggestions".
pub fn count_text(n: usize) -> String {
    if n == 1 {
        "1 suggestion".to_owned()
    } else {
        format!("{n} suggestions")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use adiuva_domain::{Millis, ReviewChange, TagOrigin};

    fn keys(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| (*s).to_owned()).collect()
    }

    fn press(key: &str) -> KeyPress<'_> {
        KeyPress {
            key,
            ..KeyPress::default()
        }
    }

    #[test]
    fn focus_starts_at_the_top_and_stops_at_the_ends() {
        let list = keys(&["a", "b", "c"]);
        let mut cursor = Cursor::default();
        assert_eq!(cursor.focused(&list).map(String::as_str), Some("a"));
        cursor.step(&list, -1);
        assert_eq!(cursor.focused(&list).map(String::as_str), Some("a"));
        cursor.step(&list, 1);
        cursor.step(&list, 1);
        cursor.step(&list, 1);
        assert_eq!(cursor.focused(&list).map(String::as_str), Some("c"));
        assert!(cursor.is_focused(&list, "c"));
        assert_eq!(Cursor::default().focused(&[]), None);
    }

    #[test]
    fn decisions_apply_to_the_selection_else_to_the_focused_item() {
        let list = keys(&["a", "b", "c"]);
        let mut cursor = Cursor::default();
        cursor.step(&list, 1);
        assert_eq!(cursor.targets(&list), keys(&["b"]));
        cursor.toggle("c");
        cursor.toggle("a");
        assert_eq!(cursor.targets(&list), keys(&["a", "c"]), "in list order");
        cursor.toggle("a");
        assert_eq!(cursor.targets(&list), keys(&["c"]));
        // A selected item that left the list (decided elsewhere) is no target.
        assert_eq!(cursor.targets(&keys(&["a", "b"])), keys(&["b"]));
    }

    #[test]
    fn select_all_toggles() {
        let list = keys(&["a", "b"]);
        let mut cursor = Cursor::default();
        cursor.toggle("a");
        cursor.toggle_all(&list);
        assert_eq!(cursor.selection(&list), list);
        cursor.toggle_all(&list);
        assert!(cursor.selection(&list).is_empty());
    }

    #[test]
    fn after_a_decision_focus_moves_on_down_the_queue() {
        let list = keys(&["a", "b", "c", "d"]);
        let mut cursor = Cursor::default();
        cursor.focus("b");
        cursor.toggle("b");
        cursor.toggle("c");
        cursor.decided(&list, &keys(&["b", "c"]));
        assert_eq!(cursor.focused(&list).map(String::as_str), Some("d"));
        assert!(!cursor.is_selected("b") && !cursor.is_selected("c"));
        // At the bottom, it moves up instead (b and c have left the list by then).
        let list = keys(&["a", "d"]);
        cursor.decided(&list, &keys(&["d"]));
        assert_eq!(cursor.focused(&list).map(String::as_str), Some("a"));
        // Deciding something else leaves focus where it was.
        let list = keys(&["a", "c", "e"]);
        cursor.focus("c");
        cursor.decided(&list, &keys(&["a"]));
        assert_eq!(cursor.focused(&list).map(String::as_str), Some("c"));
    }

    #[test]
    fn page_keys_only_when_not_typing_and_unmodified() {
        assert_eq!(review_key(&press("j")), Some(ReviewKey::Next));
        assert_eq!(review_key(&press("ArrowUp")), Some(ReviewKey::Previous));
        for (key, expected) in [
            ("a", ReviewKey::Approve),
            ("r", ReviewKey::Reject),
            ("e", ReviewKey::Edit),
            ("s", ReviewKey::Snooze),
            ("x", ReviewKey::ToggleSelect),
            ("u", ReviewKey::Undo),
        ] {
            assert_eq!(review_key(&press(key)), Some(expected), "{key}");
        }
        assert_eq!(review_key(&press("n")), None, "n stays the global New task");
        let typing = KeyPress {
            typing: true,
            ..press("a")
        };
        assert_eq!(review_key(&typing), None);
        let ctrl = KeyPress {
            ctrl: true,
            ..press("r")
        };
        assert_eq!(review_key(&ctrl), None);
    }

    fn item(fields: Vec<FieldChange>) -> ReviewItem {
        ReviewItem {
            kind: ItemKind::Task,
            id: "0192f0c0-0000-7000-8000-000000000001".into(),
            change: ReviewChange::Tags,
            title: "Plant".into(),
            project_id: None,
            agent_id: None,
            origin: TagOrigin::Agent,
            rationale: None,
            fields,
            proposed_at: Millis(0),
            snoozed_until: None,
        }
    }

    fn change(field: &str, before: Option<&str>, proposed: Option<&str>) -> FieldChange {
        FieldChange {
            field: field.into(),
            before: before.map(str::to_owned),
            proposed: proposed.map(str::to_owned),
        }
    }

    #[test]
    fn the_diff_shows_changed_fields_title_first() {
        let shown = item(vec![
            change("priority", Some("low"), Some("high")),
            change("labels", None, Some("garden")),
            change("status", Some("todo"), Some("todo")),
            change("title", Some("Plant"), Some("Plant tomatoes")),
        ]);
        let rows = diff(&shown, false);
        let labels: Vec<_> = rows.iter().map(|r| r.label).collect();
        assert_eq!(labels, ["Title", "Priority", "Labels"]);
        assert_eq!(rows[0].before.as_deref(), Some("Plant"));
        assert_eq!(rows[2].before, None);
        // A new item's title is its heading, not a diff row.
        let labels: Vec<_> = diff(&shown, true).iter().map(|r| r.label).collect();
        assert_eq!(labels, ["Priority", "Labels"]);
    }

    #[test]
    fn item_keys_name_the_kind() {
        let shown = item(Vec::new());
        assert_eq!(key_of(&shown), format!("task:{}", shown.id));
        assert_eq!(count_text(1), "1 suggestion");
        assert_eq!(count_text(3), "3 suggestions");
    }
}
