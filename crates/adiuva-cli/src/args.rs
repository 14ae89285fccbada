//! The command-line grammar.

use adiuva_domain::{BackupSchedule, Priority, TaskOrder, TaskStatus};

pub use crate::agent_args::{AgentCommand, LedgerCommand, ReviewCommand};
use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

#[derive(Debug, Parser)]
#[command(
    name = "adiuva",
    version,
    about = "Adiuva's local workspace from the command line"
)]
pub struct Cli {
    /// Directory holding the workspace database (default: the per-user data directory).
    #[arg(long, global = true, value_name = "DIR")]
    pub data_dir: Option<PathBuf>,
    /// Print machine-readable JSON instead of text.
    #[arg(long, global = true)]
    pub json: bool,
    /// Read secrets from this file, one per line (e.g. /dev/fd/3), instead of the terminal
    /// or standard input.
    #[arg(long, global = true, value_name = "FILE")]
    pub secrets_file: Option<PathBuf>,
    #[command(subcommand)]
    pub command: Command,
}

/// `adiuva device …`
#[derive(Debug, Subcommand)]
pub enum DeviceCommand {
    /// Keep the device channel open (until interrupted), printing each change of state.
    Connect,
    /// A token for an agent (name or id) to call this device through the server's MCP
    /// endpoint (`<server>/api/v1/mcp`); shown once.
    Token {
        #[arg(long)]
        agent: String,
    },
    /// The account's live agent tokens (ids, agents and dates; never the tokens), only the
    /// agent's with `--agent`.
    Tokens {
        #[arg(long)]
        agent: Option<String>,
    },
    /// Revoke an agent token by its id: the client holding it is refused from its next call.
    RevokeToken { id: String },
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Projects.
    #[command(subcommand)]
    Project(ProjectCommand),
    /// Tasks.
    #[command(subcommand)]
    Task(TaskCommand),
    /// Task comments.
    #[command(subcommand)]
    Comment(CommentCommand),
    /// Checkpoints (dated project milestones).
    #[command(subcommand)]
    Checkpoint(CheckpointCommand),
    /// Markdown notes.
    #[command(subcommand)]
    Note(NoteCommand),
    /// The vault: passphrase, recovery key, unlocking on this device.
    #[command(subcommand)]
    Vault(VaultCommand),
    /// Your account on a sync server (tokens go to the OS keyring only).
    #[command(subcommand)]
    Account(AccountCommand),
    /// One sync round with the signed-in server: push local changes, pull and merge the
    /// rest (the vault must unlock: from the keyring when remembered, else the passphrase).
    /// Passing failures (server unreachable or overloaded, rate limits) are retried after a
    /// growing pause that honours the server's Retry-After.
    Sync {
        /// Keep going: a round every `--interval` seconds until interrupted.
        #[arg(long)]
        watch: bool,
        /// Seconds between rounds with `--watch`.
        #[arg(long, default_value_t = 60, value_parser = clap::value_parser!(u64).range(1..))]
        interval: u64,
        /// Tries per round before giving up on a passing failure.
        #[arg(long, default_value_t = 5, value_parser = clap::value_parser!(u32).range(1..))]
        attempts: u32,
    },
    /// Encrypted backups on the sync server (the vault must unlock: reads the passphrase).
    #[command(subcommand)]
    Backup(BackupCommand),
    /// LLM providers you bring your own key for (keys go to the OS keyring only).
    #[command(subcommand)]
    Provider(ProviderCommand),
    /// Agents on this device and what each may do.
    #[command(subcommand)]
    Agent(AgentCommand),
    /// Serve MCP on stdin/stdout to the agent named here (for a local MCP client to launch).
    Mcp {
        /// The agent (name or id) every call of this session is made as.
        #[arg(long)]
        agent: String,
    },
    /// Agents' suggestions waiting for your decision.
    #[command(subcommand)]
    Review(ReviewCommand),
    /// This device on its sync server, for agents that reach it through the server's MCP
    /// endpoint.
    #[command(subcommand)]
    Device(DeviceCommand),
    /// The record of every agent call and review decision.
    #[command(subcommand)]
    Ledger(LedgerCommand),
    /// Search projects, tasks, comments, checkpoints and notes.
    Search {
        /// Words to find (each as a prefix).
        text: String,
        #[arg(long, default_value_t = 20)]
        limit: u32,
    },
}

#[derive(Debug, Subcommand)]
pub enum ProjectCommand {
    /// Create a project.
    Add {
        name: String,
        #[arg(long)]
        client: Option<String>,
    },
    /// List projects.
    List {
        /// Include archived projects.
        #[arg(long)]
        all: bool,
    },
    /// Archive a project (hide it and its tasks; nothing is deleted).
    Archive { id: String },
}

/// The status values as typed on the command line.
#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum StatusArg {
    Todo,
    InProgress,
    Done,
}

impl From<StatusArg> for TaskStatus {
    fn from(arg: StatusArg) -> Self {
        match arg {
            StatusArg::Todo => Self::Todo,
            StatusArg::InProgress => Self::InProgress,
            StatusArg::Done => Self::Done,
        }
    }
}

#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum PriorityArg {
    High,
    Medium,
    Low,
}

impl From<PriorityArg> for Priority {
    fn from(arg: PriorityArg) -> Self {
        match arg {
            PriorityArg::High => Self::High,
            PriorityArg::Medium => Self::Medium,
            PriorityArg::Low => Self::Low,
        }
    }
}

#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum OrderArg {
    Priority,
    DueDate,
    Created,
    Updated,
    Title,
}

impl From<OrderArg> for TaskOrder {
    fn from(arg: OrderArg) -> Self {
        match arg {
            OrderArg::Priority => Self::Priority,
            OrderArg::DueDate => Self::DueDate,
            OrderArg::Created => Self::Created,
            OrderArg::Updated => Self::Updated,
            OrderArg::Title => Self::Title,
        }
    }
}

#[derive(Debug, Args)]
pub struct TaskAdd {
    pub title: String,
    #[arg(long)]
    pub description: Option<String>,
    #[arg(long, value_enum)]
    pub status: Option<StatusArg>,
    #[arg(long, value_enum)]
    pub priority: Option<PriorityArg>,
    /// Due date, YYYY-MM-DD.
    #[arg(long)]
    pub due: Option<String>,
    /// Project id.
    #[arg(long)]
    pub project: Option<String>,
    /// An assignee (repeat for several).
    #[arg(long = "assignee")]
    pub assignees: Vec<String>,
}

#[derive(Debug, Args)]
pub struct TaskList {
    #[arg(long)]
    pub project: Option<String>,
    #[arg(long, value_enum)]
    pub status: Option<StatusArg>,
    #[arg(long, value_enum)]
    pub priority: Option<PriorityArg>,
    /// Words matched in titles, descriptions and comments.
    #[arg(long)]
    pub search: Option<String>,
    #[arg(long, value_enum)]
    pub order: Option<OrderArg>,
    #[arg(long)]
    pub limit: Option<u32>,
    /// Include tasks of archived projects.
    #[arg(long)]
    pub all: bool,
    /// Only tasks due today.
    #[arg(long, conflicts_with_all = ["project", "status", "priority", "search", "order", "limit", "all"])]
    pub today: bool,
}

#[derive(Debug, Subcommand)]
pub enum TaskCommand {
    /// Create a task.
    Add(TaskAdd),
    /// List tasks, filtered and sorted.
    List(TaskList),
    /// Move a task to another status.
    Move {
        id: String,
        #[arg(value_enum)]
        status: StatusArg,
    },
    /// Mark a task done.
    Done { id: String },
    /// Show a task with its comments.
    Show { id: String },
}

#[derive(Debug, Subcommand)]
pub enum CommentCommand {
    /// Comment on a task.
    Add { task_id: String, content: String },
}

#[derive(Debug, Subcommand)]
pub enum CheckpointCommand {
    /// Add a checkpoint to a project.
    Add {
        #[arg(long)]
        project: String,
        title: String,
        /// Date, YYYY-MM-DD.
        #[arg(long)]
        date: String,
    },
    /// List checkpoints by date.
    List {
        #[arg(long)]
        project: Option<String>,
    },
}

#[derive(Debug, Subcommand)]
pub enum NoteCommand {
    /// Create a note.
    Add {
        title: String,
        /// Markdown body.
        #[arg(long, conflicts_with = "file")]
        content: Option<String>,
        /// Read the markdown body from a file (`-` for standard input).
        #[arg(long)]
        file: Option<PathBuf>,
        #[arg(long)]
        project: Option<String>,
    },
    /// Print a note.
    Show { id: String },
    /// List notes, most recently edited first.
    List {
        #[arg(long)]
        project: Option<String>,
    },
}

/// Backup commands. Those that seal or open read the passphrase (unless this device is
/// remembered and unlocks from the OS keyring).
#[derive(Debug, Subcommand)]
pub enum BackupCommand {
    /// Snapshot, compress, seal and upload this workspace.
    Create,
    /// The backups on the server, newest first.
    List,
    /// Replace this workspace with the latest backup (the previous database is kept beside it).
    Restore,
    /// Delete one backup from the server.
    Delete { id: String },
    /// Show or set this device's automatic backups (`off`, `daily`, `weekly`), which the
    /// desktop app takes while it runs unlocked and signed in; `--if-due` takes one now if
    /// the schedule says so (for a scheduler such as cron).
    Schedule {
        schedule: Option<BackupSchedule>,
        #[arg(long, conflicts_with = "schedule")]
        if_due: bool,
    },
}

/// Account commands. The passphrase is read like the vault's: from the terminal, or a line
/// of standard input (or `--secrets-file`); never from arguments.
#[derive(Debug, Subcommand)]
pub enum AccountCommand {
    /// Create an account for this workspace's vault: reads the passphrase.
    Signup {
        #[arg(long)]
        server: String,
        #[arg(long)]
        email: String,
    },
    /// Sign this device in; a workspace without a vault takes the account's: reads the passphrase.
    Login {
        #[arg(long)]
        server: String,
        #[arg(long)]
        email: String,
    },
    /// Forget the account on this device (local data stays).
    Logout,
    /// Show where this device is signed in.
    Status,
}

/// Vault commands. Secrets are read from the terminal, or line by line from standard input
/// (or `--secrets-file`) when it is not a terminal; never from arguments.
#[derive(Debug, Subcommand)]
pub enum VaultCommand {
    /// Create the vault: reads the passphrase twice, prints the recovery key once.
    Init,
    /// Check the passphrase (or `--recovery-key`); with `--remember`, unlock this device from the OS keyring from now on.
    Unlock {
        /// Read a recovery key instead of the passphrase.
        #[arg(long)]
        recovery_key: bool,
        /// Remember the vault on this device (the device secret goes to the OS keyring).
        #[arg(long)]
        remember: bool,
    },
    /// Forget the vault on this device (removes its OS keyring entry).
    Lock,
    /// Show whether a vault exists and whether this device opens it.
    Status,
    /// Change the passphrase: reads the current one, then the new one twice.
    Passwd,
    /// Issue a new recovery key (the old one stops working): reads the passphrase.
    RecoveryKey,
    /// Replace the vault key with a new generation, issue a new recovery key and re-seal every
    /// record (or finish an interrupted rotation): reads the passphrase.
    Rotate,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum KindArg {
    Openai,
    Anthropic,
    OpenaiCompatible,
}

impl From<KindArg> for adiuva_domain::ProviderKind {
    fn from(arg: KindArg) -> Self {
        match arg {
            KindArg::Openai => Self::OpenAi,
            KindArg::Anthropic => Self::Anthropic,
            KindArg::OpenaiCompatible => Self::OpenAiCompatible,
        }
    }
}

/// Provider commands. A key is read from standard input (`--key-stdin`), never from arguments.
#[derive(Debug, Subcommand)]
pub enum ProviderCommand {
    /// Add a provider.
    Add {
        #[arg(long)]
        name: String,
        #[arg(long, value_enum)]
        kind: KindArg,
        /// Required for openai-compatible endpoints (e.g. http://localhost:11434/v1).
        #[arg(long)]
        base_url: Option<String>,
        /// Read the API key from standard input (or `--secrets-file`).
        #[arg(long)]
        key_stdin: bool,
    },
    /// List providers; keys show as their last four characters.
    List,
    /// Call the provider's models list with its key and report how it went.
    Test {
        /// Provider name or id.
        provider: String,
    },
    /// Delete a provider and its key.
    Remove {
        /// Provider name or id.
        provider: String,
    },
}
