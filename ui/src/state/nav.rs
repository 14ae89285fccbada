//! Where the user is: the pages of the main pane and the two ways of showing tasks.

/// A screen of the main pane.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Page {
    Today,
    Projects,
    Tasks,
    Checkpoints,
    Notes,
    /// What agents proposed, waiting for a decision.
    Review,
    /// Agents, their assignments and the ledger of what they did.
    Agents,
    /// Results of the sidebar search field.
    Search,
    /// Security (the vault), the account (sync and backups) and providers.
    Settings,
}

impl Page {
    /// The pages reachable from the sidebar, in sidebar order.
    pub const NAV: [Self; 8] = [
        Self::Today,
        Self::Projects,
        Self::Tasks,
        Self::Checkpoints,
        Self::Notes,
        Self::Review,
        Self::Agents,
        Self::Settings,
    ];

    pub const fn label(self) -> &'static str {
        match self {
            Self::Today => "Today",
            Self::Projects => "Projects",
            Self::Tasks => "Tasks",
            Self::Checkpoints => "Checkpoints",
            Self::Notes => "Notes",
            Self::Review => "Review",
            Self::Agents => "Agents",
            Self::Search => "Search",
            Self::Settings => "Settings",
        }
    }

    /// The id of the sidebar button; end-to-end tests rely on it.
    pub const fn nav_id(self) -> &'static str {
        match self {
            Self::Today => "nav-today",
            Self::Projects => "nav-projects",
            Self::Tasks => "nav-tasks",
            Self::Checkpoints => "nav-checkpoints",
            Self::Notes => "nav-notes",
            Self::Review => "nav-review",
            Self::Agents => "nav-agents",
            Self::Search => "nav-search",
            Self::Settings => "nav-settings",
        }
    }
}

/// A section of the settings page.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum SettingsTab {
    #[default]
    Security,
    /// The sync server account, sync and backups.
    Account,
    Providers,
}

impl SettingsTab {
    pub const ALL: [Self; 3] = [Self::Security, Self::Account, Self::Providers];

    pub const fn label(self) -> &'static str {
        match self {
            Self::Security => "Security",
            Self::Account => "Account",
            Self::Providers => "Providers",
        }
    }

    /// The tab button's id; end-to-end tests rely on it.
    pub const fn tab_id(self) -> &'static str {
        match self {
            Self::Security => "settings-security",
            Self::Account => "settings-account",
            Self::Providers => "settings-providers",
        }
    }
}

/// How the tasks page shows tasks.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum TaskView {
    #[default]
    Board,
    List,
}

impl TaskView {
    pub const fn toggled(self) -> Self {
        match self {
            Self::Board => Self::List,
            Self::List => Self::Board,
        }
    }

    /// The value remembered between sessions.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Board => "board",
            Self::List => "list",
        }
    }

    /// Reads a remembered value; anything unknown falls back to the board.
    pub fn parse(text: Option<&str>) -> Self {
        match text {
            Some("list") => Self::List,
            _ => Self::Board,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn task_view_round_trips_and_defaults_to_board() {
        for view in [TaskView::Board, TaskView::List] {
            assert_eq!(TaskView::parse(Some(view.as_str())), view);
            assert_eq!(view.toggled().toggled(), view);
        }
        assert_eq!(TaskView::parse(Some("grid")), TaskView::Board);
        assert_eq!(TaskView::parse(None), TaskView::Board);
    }

    #[test]
    fn nav_ids_are_distinct() {
        let mut ids: Vec<_> = Page::NAV.iter().map(|p| p.nav_id()).collect();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), Page::NAV.len());
        assert_eq!(Page::Settings.nav_id(), "nav-settings");
        let tabs: Vec<_> = SettingsTab::ALL.iter().map(|t| t.tab_id()).collect();
        assert_eq!(
            tabs,
            [
                "settings-security",
                "settings-account",
                "settings-providers"
            ]
        );
    }
}
