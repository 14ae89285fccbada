//! The command palette's contents: the fixed commands, search hits turned into openable
//! entries, and the ranking that decides what comes first for what was typed.

use adiuva_domain::{NoteId, ProjectId, SearchHit, SearchKind, TaskId};

use super::{
    nav::{Page, SettingsTab},
    snippet::segments,
};

/// What choosing an entry does.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action {
    Go(Page),
    NewTask,
    NewProject,
    NewNote,
    ToggleTaskView,
    ShowHelp,
    OpenTask(TaskId),
    OpenNote(NoteId),
    /// The tasks page, filtered by this project.
    OpenProject(ProjectId),
    /// The checkpoints page of this project.
    OpenCheckpoints(ProjectId),
    /// A section of the settings page.
    OpenSettings(SettingsTab),
    /// Lock the vault (Ctrl/Cmd+L).
    Lock,
    /// Hide the window to the tray (Ctrl/Cmd+W).
    HideWindow,
}

/// One row of the palette.
#[derive(Clone, Debug, PartialEq)]
pub struct Entry {
    /// A short category shown at the row's start ("Go to", "Task", …).
    pub group: &'static str,
    pub label: String,
    /// Extra text: a search snippet with `[matched]` words, or empty.
    pub detail: String,
    /// Other words that should find this entry.
    pub keywords: &'static str,
    pub action: Action,
}

impl Entry {
    fn command(group: &'static str, label: &str, keywords: &'static str, action: Action) -> Self {
        Self {
            group,
            label: label.to_owned(),
            detail: String::new(),
            keywords,
            action,
        }
    }
}

/// The fixed commands, in the order shown when nothing is typed.
pub fn commands() -> Vec<Entry> {
    let go =
        |page: Page, keywords| Entry::command("Go to", page.label(), keywords, Action::Go(page));
    vec![
        Entry::command("Action", "New task", "create add todo", Action::NewTask),
        Entry::command("Action", "New project", "create add", Action::NewProject),
        Entry::command(
            "Action",
            "New note",
            "create add write markdown",
            Action::NewNote,
        ),
        Entry::command(
            "Action",
            "Toggle board / list",
            "view kanban table switch",
            Action::ToggleTaskView,
        ),
        go(Page::Today, "home due overdue agenda"),
        go(Page::Projects, "clients archive"),
        go(Page::Tasks, "board kanban list"),
        go(Page::Checkpoints, "milestones timeline"),
        go(Page::Notes, "markdown documents"),
        go(
            Page::Review,
            "suggestions approve reject queue inbox agents",
        ),
        go(Page::Agents, "assignments ledger activity verify mcp"),
        go(Page::Settings, "preferences options configure"),
        Entry::command(
            "Settings",
            "Security",
            "vault passphrase recovery key auto-lock",
            Action::OpenSettings(SettingsTab::Security),
        ),
        Entry::command(
            "Settings",
            "Account",
            "sync server sign in sign up backup restore cloud devices",
            Action::OpenSettings(SettingsTab::Account),
        ),
        Entry::command(
            "Settings",
            "Providers",
            "api keys openai anthropic ollama models llm byok",
            Action::OpenSettings(SettingsTab::Providers),
        ),
        Entry::command("Action", "Lock vault", "lock away secure", Action::Lock),
        Entry::command(
            "Action",
            "Hide window",
            "tray background minimize",
            Action::HideWindow,
        ),
        Entry::command("Help", "Keyboard shortcuts", "keys help", Action::ShowHelp),
    ]
}

/// How well `query` matches `text`: lower is better, `None` is no match.
/// Start of text < start of a word < anywhere < letters in order.
pub fn score(query: &str, text: &str) -> Option<u32> {
    let query = query.trim().to_lowercase();
    if query.is_empty() {
        return Some(0);
    }
    let text = text.to_lowercase();
    if text.starts_with(&query) {
        return Some(0);
    }
    if text
        .split(|c: char| !c.is_alphanumeric())
        .any(|word| word.starts_with(&query))
    {
        return Some(1);
    }
    if text.contains(&query) {
        return Some(2);
    }
    let mut letters = text.chars();
    query
        .chars()
        .filter(|c| !c.is_whitespace())
        .all(|q| letters.any(|t| t == q))
        .then_some(3)
}

/// The commands matching `query`, best first; ties keep the fixed order.
pub fn filter(entries: &[Entry], query: &str) -> Vec<Entry> {
    let mut ranked: Vec<(u32, usize, &Entry)> = entries
        .iter()
        .enumerate()
        .filter_map(|(i, e)| {
            let by_label = score(query, &e.label);
            // "go to tod" should find "Today" under "Go to".
            let by_phrase = score(query, &format!("{} {}", e.group, e.label)).map(|s| s + 1);
            // Keywords only count as a word-start match so they never outrank a label match.
            let by_keyword = score(query, e.keywords).filter(|&s| s <= 1).map(|s| s + 1);
            [by_label, by_phrase, by_keyword]
                .into_iter()
                .flatten()
                .min()
                .map(|s| (s, i, e))
        })
        .collect();
    ranked.sort_by_key(|&(s, i, _)| (s, i));
    ranked.into_iter().map(|(_, _, e)| e.clone()).collect()
}

/// A search hit as a palette entry that opens where the item lives.
pub fn hit_entry(hit: &SearchHit) -> Option<Entry> {
    let (group, action) = match hit.kind {
        SearchKind::Task => ("Task", Action::OpenTask(TaskId::parse(&hit.id, "id").ok()?)),
        SearchKind::Comment => (
            "Comment",
            Action::OpenTask(TaskId::parse(hit.task_id.as_deref()?, "task_id").ok()?),
        ),
        SearchKind::Note => ("Note", Action::OpenNote(NoteId::parse(&hit.id, "id").ok()?)),
        SearchKind::Project => (
            "Project",
            Action::OpenProject(ProjectId::parse(&hit.id, "id").ok()?),
        ),
        SearchKind::Checkpoint => ("Checkpoint", Action::OpenCheckpoints(hit.project_id?)),
    };
    // A snippet that only repeats the title says nothing more.
    let plain: String = segments(&hit.snippet).into_iter().map(|s| s.text).collect();
    let detail = if plain.trim() == hit.title.trim() {
        String::new()
    } else {
        hit.snippet.clone()
    };
    Some(Entry {
        group,
        label: hit.title.clone(),
        detail,
        keywords: "",
        action,
    })
}

/// The highlighted row after pressing ↑ (`-1`) or ↓ (`+1`), wrapping around.
pub fn step(current: usize, len: usize, delta: isize) -> usize {
    if len == 0 {
        return 0;
    }
    let len = len as isize;
    (current as isize + delta).rem_euclid(len) as usize
}

#[cfg(test)]
mod tests {
    use super::*;
    use uuid::Uuid;

    fn labels(entries: &[Entry]) -> Vec<&str> {
        entries.iter().map(|e| e.label.as_str()).collect()
    }

    #[test]
    fn empty_query_lists_every_command_in_order() {
        let all = commands();
        assert_eq!(filter(&all, "  "), all);
    }

    #[test]
    fn prefix_beats_word_start_beats_substring_beats_fuzzy() {
        assert_eq!(score("tas", "Tasks"), Some(0));
        assert_eq!(score("proj", "New project"), Some(1));
        assert_eq!(score("ject", "New project"), Some(2));
        assert_eq!(score("npj", "New project"), Some(3));
        assert_eq!(score("zz", "New project"), None);
    }

    #[test]
    fn filtering_ranks_and_uses_keywords() {
        let all = commands();
        // Label matches first; a scattered match in a group and label ("ActioN hidE Window") after.
        assert_eq!(
            labels(&filter(&all, "new")),
            vec!["New task", "New project", "New note", "Hide window"]
        );
        assert_eq!(labels(&filter(&all, "kanban"))[0], "Toggle board / list");
        assert!(labels(&filter(&all, "milestones")).contains(&"Checkpoints"));
        assert_eq!(labels(&filter(&all, "not"))[..2], ["Notes", "New note"]);
        assert!(filter(&all, "qqq").is_empty());
        assert_eq!(labels(&filter(&all, "go to tod")), vec!["Today"]);
        assert_eq!(labels(&filter(&all, "go tod"))[0], "Today");
        assert_eq!(labels(&filter(&all, "lock"))[0], "Lock vault");
        assert_eq!(labels(&filter(&all, "sett"))[0], "Settings");
        assert_eq!(labels(&filter(&all, "api keys"))[0], "Providers");
        assert!(labels(&filter(&all, "recovery")).contains(&"Security"));
        assert_eq!(labels(&filter(&all, "backup"))[0], "Account");
    }

    fn hit(
        kind: SearchKind,
        id: &str,
        task_id: Option<&str>,
        project: Option<ProjectId>,
    ) -> SearchHit {
        SearchHit {
            kind,
            id: id.into(),
            task_id: task_id.map(str::to_owned),
            project_id: project,
            title: "Quarterly report".into(),
            snippet: "the [quarterly] report".into(),
            rank: -1.0,
        }
    }

    #[test]
    fn hits_open_where_their_item_lives() {
        let a = Uuid::from_u128(1).to_string();
        let b = Uuid::from_u128(2).to_string();
        let project = ProjectId::from_uuid(Uuid::from_u128(3));
        let task = hit_entry(&hit(SearchKind::Task, &a, Some(&a), None)).expect("task");
        assert_eq!(
            task.action,
            Action::OpenTask(TaskId::from_uuid(Uuid::from_u128(1)))
        );
        let comment = hit_entry(&hit(SearchKind::Comment, &a, Some(&b), None)).expect("comment");
        assert_eq!(
            comment.action,
            Action::OpenTask(TaskId::from_uuid(Uuid::from_u128(2)))
        );
        let note = hit_entry(&hit(SearchKind::Note, &a, None, None)).expect("note");
        assert_eq!(
            note.action,
            Action::OpenNote(NoteId::from_uuid(Uuid::from_u128(1)))
        );
        let cp = hit_entry(&hit(SearchKind::Checkpoint, &a, None, Some(project))).expect("cp");
        assert_eq!(cp.action, Action::OpenCheckpoints(project));
        let pr = hit_entry(&hit(SearchKind::Project, &b, None, None)).expect("project");
        assert_eq!(
            pr.action,
            Action::OpenProject(ProjectId::from_uuid(Uuid::from_u128(2)))
        );
        assert_eq!(
            hit_entry(&hit(SearchKind::Checkpoint, &a, None, None)),
            None
        );
        assert_eq!(
            hit_entry(&hit(SearchKind::Task, "garbage", None, None)),
            None
        );
    }

    #[test]
    fn selection_wraps() {
        assert_eq!(step(0, 3, 1), 1);
        assert_eq!(step(2, 3, 1), 0);
        assert_eq!(step(0, 3, -1), 2);
        assert_eq!(step(0, 0, 1), 0);
    }
}
