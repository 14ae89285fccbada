//! App-wide reactive state shared through Leptos context: the current page, the open
//! overlays, the data revision every list depends on, the note draft, the toasts, the
//! vault's status (what `session` drives), the account and sync (what `sync_session`
//! drives), and the review badge (what `review_watch` drives).

use std::{sync::Arc, time::Duration};

use adiuva_domain::{ErrorReport, NoteId, Project, ProjectId, ProjectStatus, TaskId, TaskStatus};
use leptos::{html, prelude::*};

use crate::{
    dom, ipc,
    state::{
        account::AccountStatus,
        channel::ChannelStatus,
        forms::NoteFields,
        nav::{Page, SettingsTab, TaskView},
        palette::Action,
        sync::{Debounce, SyncPlan, SyncState},
        vault::{ActivityThrottle, Gate, VaultStatus, gate},
    },
};

/// A vault dialog asking for passphrases.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum VaultDialog {
    /// Create the vault: a new passphrase twice.
    Create,
    /// A new recovery key (the old one stops working).
    RegenerateRecoveryKey,
    /// A new key generation and a new recovery key (after losing a device).
    RotateKey,
}

/// A recovery key on screen until the person confirms saving it; then it is dropped.
#[derive(Clone, PartialEq, Eq)]
pub struct RecoveryNotice {
    pub title: &'static str,
    pub intro: &'static str,
    pub key: String,
}

/// A question asked before something irreversible.
#[derive(Clone)]
pub struct ConfirmRequest {
    pub title: String,
    pub message: String,
    pub confirm_label: String,
    /// Shared rather than a `Callback` so it outlives the component that asked: a list
    /// refresh may re-render that component while the question is open.
    pub on_confirm: Arc<dyn Fn() + Send + Sync>,
}

/// Which note the notes page edits.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NoteSelection {
    None,
    /// A note not saved yet.
    New,
    Open(NoteId),
}

/// What the new-task form starts with.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct NewTaskPreset {
    pub status: TaskStatus,
    pub project: Option<ProjectId>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ToastKind {
    Error,
    Info,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Toast {
    pub id: u64,
    pub kind: ToastKind,
    pub message: String,
}

const VIEW_PREF: &str = "adiuva.tasks.view";

#[derive(Clone, Copy)]
pub struct Ctx {
    pub page: RwSignal<Page>,
    /// Bumped after every change; every data resource reads it, so every list refreshes.
    pub revision: RwSignal<u64>,
    /// Every project, archived ones included (lists name the projects of their items).
    pub projects: LocalResource<Result<Vec<Project>, ErrorReport>>,
    pub toasts: RwSignal<Vec<Toast>>,
    next_toast: StoredValue<u64>,
    pub detail: RwSignal<Option<TaskId>>,
    pub new_task: RwSignal<Option<NewTaskPreset>>,
    pub palette: RwSignal<bool>,
    pub help: RwSignal<bool>,
    pub confirm: RwSignal<Option<ConfirmRequest>>,
    /// The tasks page's project filter (also set from the sidebar).
    pub task_project: RwSignal<Option<ProjectId>>,
    pub task_view: RwSignal<TaskView>,
    pub checkpoint_project: RwSignal<Option<ProjectId>>,
    pub note: RwSignal<NoteSelection>,
    /// The note editor's text; kept here so it survives switching pages.
    pub note_fields: RwSignal<NoteFields>,
    /// The note as last loaded or saved; differs from `note_fields` while unsaved.
    pub note_saved: RwSignal<NoteFields>,
    /// The note `note_fields` was loaded from; `None` for a new note.
    pub note_loaded: RwSignal<Option<NoteId>>,
    pub search_query: RwSignal<String>,
    pub search_input: NodeRef<html::Input>,
    pub settings_tab: RwSignal<SettingsTab>,
    /// The last known vault status; `None` until the first answer.
    pub vault: RwSignal<Option<VaultStatus>>,
    /// A silent unlock from the OS keyring is running (the window shows neither the
    /// workspace nor the lock screen meanwhile).
    pub unlocking: RwSignal<bool>,
    /// The shell is re-sealing records for a key rotation.
    pub rotating: RwSignal<bool>,
    /// Why the lock screen shows (auto-lock, keyring unavailable), when it should say.
    pub lock_notice: RwSignal<Option<String>>,
    pub vault_dialog: RwSignal<Option<VaultDialog>>,
    /// The recovery key screen; it covers everything until confirmed.
    pub recovery: RwSignal<Option<RecoveryNotice>>,
    pub(crate) activity: StoredValue<ActivityThrottle>,
    /// Where this device is signed in; `None` until the first answer.
    pub account: RwSignal<Option<AccountStatus>>,
    /// The running round, the last success and failure, and what waits.
    pub sync: RwSignal<SyncState>,
    pub(crate) sync_plan: StoredValue<SyncPlan>,
    pub(crate) sync_debounce: StoredValue<Debounce>,
    /// Suggestions waiting for review (the sidebar's badge); `None` until the first answer.
    pub review_waiting: RwSignal<Option<u64>>,
    /// The device channel agents reach this device through; `None` until the first answer.
    pub channel: RwSignal<Option<ChannelStatus>>,
}

impl Ctx {
    pub fn new() -> Self {
        let revision = RwSignal::new(0_u64);
        let vault = RwSignal::new(None::<VaultStatus>);
        // Nothing of the workspace is loaded while it is covered by the lock screen.
        let open = Memo::new(move |_| vault.with(|s| gate(s.as_ref(), false) == Gate::Open));
        let projects = LocalResource::new(move || {
            revision.track();
            let open = open.get();
            async move {
                if open {
                    ipc::list_projects(true).await
                } else {
                    Ok(Vec::new())
                }
            }
        });
        Self {
            page: RwSignal::new(Page::Today),
            revision,
            projects,
            toasts: RwSignal::new(Vec::new()),
            next_toast: StoredValue::new(0),
            detail: RwSignal::new(None),
            new_task: RwSignal::new(None),
            palette: RwSignal::new(false),
            help: RwSignal::new(false),
            confirm: RwSignal::new(None),
            task_project: RwSignal::new(None),
            task_view: RwSignal::new(TaskView::parse(dom::load_pref(VIEW_PREF).as_deref())),
            checkpoint_project: RwSignal::new(None),
            note: RwSignal::new(NoteSelection::None),
            note_fields: RwSignal::new(NoteFields::default()),
            note_saved: RwSignal::new(NoteFields::default()),
            note_loaded: RwSignal::new(None),
            search_query: RwSignal::new(String::new()),
            search_input: NodeRef::new(),
            settings_tab: RwSignal::new(SettingsTab::default()),
            vault,
            unlocking: RwSignal::new(false),
            rotating: RwSignal::new(false),
            lock_notice: RwSignal::new(None),
            vault_dialog: RwSignal::new(None),
            recovery: RwSignal::new(None),
            activity: StoredValue::new(ActivityThrottle::default()),
            account: RwSignal::new(None),
            sync: RwSignal::new(SyncState::default()),
            sync_plan: StoredValue::new(SyncPlan::default()),
            sync_debounce: StoredValue::new(Debounce::default()),
            review_waiting: RwSignal::new(None),
            channel: RwSignal::new(None),
        }
    }

    /// Hides the window; the app goes on in the tray ("Show Adiuva" brings it back).
    pub fn hide_window(&self) {
        let ctx = *self;
        leptos::task::spawn_local(async move {
            if let Err(err) = ipc::hide_window().await {
                ctx.fail(&err);
            }
        });
    }

    /// Refreshes every list after a change.
    pub fn changed(&self) {
        self.revision.update(|r| *r += 1);
    }

    fn toast(&self, kind: ToastKind, message: String) {
        let id = self.next_toast.get_value();
        self.next_toast.set_value(id + 1);
        self.toasts.update(|t| t.push(Toast { id, kind, message }));
        let toasts = self.toasts;
        let linger = match kind {
            ToastKind::Error => Duration::from_secs(8),
            ToastKind::Info => Duration::from_secs(4),
        };
        set_timeout(
            move || {
                // `try_`: the app may be gone by then; a toast dismissed by hand is simply absent.
                let _ = toasts.try_update(|t| t.retain(|toast| toast.id != id));
            },
            linger,
        );
    }

    /// Shows a failure the user must know about.
    pub fn fail(&self, err: &ErrorReport) {
        self.toast(ToastKind::Error, err.message.clone());
    }

    pub fn notify(&self, message: impl Into<String>) {
        self.toast(ToastKind::Info, message.into());
    }

    pub fn dismiss_toast(&self, id: u64) {
        self.toasts.update(|t| t.retain(|toast| toast.id != id));
    }

    pub fn go(&self, page: Page) {
        self.page.set(page);
    }

    pub fn open_task(&self, id: TaskId) {
        self.detail.set(Some(id));
    }

    /// Opens the new-task form; on the tasks page it starts in the project being viewed.
    pub fn open_new_task(&self, status: TaskStatus) {
        let project = (self.page.get_untracked() == Page::Tasks)
            .then(|| self.task_project.get_untracked())
            .flatten();
        self.new_task.set(Some(NewTaskPreset { status, project }));
    }

    pub fn ask(&self, request: ConfirmRequest) {
        self.confirm.set(Some(request));
    }

    pub fn set_task_view(&self, view: TaskView) {
        self.task_view.set(view);
        dom::save_pref(VIEW_PREF, view.as_str());
    }

    /// Active projects, for pickers and the sidebar; empty while loading or on failure.
    pub fn active_projects(&self) -> Vec<Project> {
        self.projects
            .get()
            .and_then(Result::ok)
            .unwrap_or_default()
            .into_iter()
            .filter(|p| p.status == ProjectStatus::Active)
            .collect()
    }

    /// The name of a project, reactive; `None` while loading or when unknown.
    pub fn project_name(&self, id: Option<ProjectId>) -> Option<String> {
        let id = id?;
        self.projects.with(|loaded| {
            loaded
                .as_ref()?
                .as_ref()
                .ok()?
                .iter()
                .find(|p| p.id == id)
                .map(|p| p.name.clone())
        })
    }

    /// Starts a new note, unless unsaved changes would be lost and the user says no.
    pub fn new_note(&self) {
        self.new_note_in(None);
    }

    /// Starts a new note filed under `project`.
    pub fn new_note_in(&self, project: Option<ProjectId>) {
        let this = *self;
        self.leave_note(move || {
            this.note_fields.set(NoteFields::blank(project));
            this.note_saved.set(NoteFields::blank(project));
            this.note_loaded.set(None);
            this.note.set(NoteSelection::New);
            this.go(Page::Notes);
            dom::focus_later("#note-title");
        });
    }

    /// Opens a note, unless unsaved changes would be lost and the user says no.
    pub fn open_note(&self, id: NoteId) {
        let this = *self;
        if self.note.get_untracked() == NoteSelection::Open(id) {
            self.go(Page::Notes);
            return;
        }
        self.leave_note(move || {
            this.note.set(NoteSelection::Open(id));
            this.go(Page::Notes);
        });
    }

    /// Closes the editor, dropping whatever it held.
    pub fn close_note(&self) {
        self.note.set(NoteSelection::None);
        self.note_loaded.set(None);
        self.note_fields.set(NoteFields::default());
        self.note_saved.set(NoteFields::default());
    }

    pub fn note_dirty(&self) -> bool {
        self.note_fields.with(|f| self.note_saved.with(|s| f != s))
    }

    /// Runs `then` now when the note editor has nothing unsaved, else after confirmation.
    pub fn leave_note(&self, then: impl Fn() + Send + Sync + 'static) {
        if !self.note_dirty() {
            then();
            return;
        }
        self.ask(ConfirmRequest {
            title: "Discard unsaved changes?".into(),
            message: "The note you are editing has changes that are not saved.".into(),
            confirm_label: "Discard".into(),
            on_confirm: Arc::new(then),
        });
    }

    /// Carries out a palette or search choice.
    pub fn perform(&self, action: Action) {
        match action {
            Action::Go(page) => self.go(page),
            Action::NewTask => self.open_new_task(TaskStatus::Todo),
            Action::NewProject => {
                self.go(Page::Projects);
                dom::focus_later("#project-name");
            }
            Action::NewNote => self.new_note(),
            Action::ToggleTaskView => {
                self.set_task_view(self.task_view.get_untracked().toggled());
                self.go(Page::Tasks);
            }
            Action::ShowHelp => self.help.set(true),
            Action::OpenTask(id) => self.open_task(id),
            Action::OpenNote(id) => self.open_note(id),
            Action::OpenProject(id) => {
                self.task_project.set(Some(id));
                self.go(Page::Tasks);
            }
            Action::OpenCheckpoints(id) => {
                self.checkpoint_project.set(Some(id));
                self.go(Page::Checkpoints);
            }
            Action::OpenSettings(tab) => self.open_settings(tab),
            Action::Lock => self.lock(),
            Action::HideWindow => self.hide_window(),
        }
    }

    pub fn open_settings(&self, tab: SettingsTab) {
        self.settings_tab.set(tab);
        self.go(Page::Settings);
    }
}

impl Default for Ctx {
    fn default() -> Self {
        Self::new()
    }
}

/// The app's shared state; every component lives under `App`, which provides it.
pub fn ctx() -> Ctx {
    expect_context::<Ctx>()
}
