//! The command-line grammar of agents, their assignments, the review queue and the ledger.
//! Assignment flags mirror seed 002's (`--agent`, `--add-allow`, `--reason`, `--metadata`,
//! `--orchestrator`); required ones are checked by the application layer so a missing one
//! is refused with its stable code (`missing_flag`) like a blank one (`invalid_flag`).

use clap::{Args, Subcommand, ValueEnum};

#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum AgentKindArg {
    Local,
    Cloud,
    External,
}

impl From<AgentKindArg> for adiuva_domain::AgentKind {
    fn from(arg: AgentKindArg) -> Self {
        match arg {
            AgentKindArg::Local => Self::Local,
            AgentKindArg::Cloud => Self::Cloud,
            AgentKindArg::External => Self::External,
        }
    }
}

#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum PolicyArg {
    Block,
    Warn,
}

impl From<PolicyArg> for adiuva_domain::Policy {
    fn from(arg: PolicyArg) -> Self {
        match arg {
            PolicyArg::Block => Self::Block,
            PolicyArg::Warn => Self::Warn,
        }
    }
}

#[derive(Debug, Args)]
pub struct AssignArgs {
    /// The agent (name or id).
    #[arg(long)]
    pub agent: Option<String>,
    /// A glob the agent may write (a tool, `tool:field`, `kind:project/<id>`, `*`); repeat.
    #[arg(long = "allow", visible_alias = "add-allow", value_name = "GLOB")]
    pub allow: Vec<String>,
    /// A glob the agent may never touch, read or write (deny wins); repeat.
    #[arg(long = "deny", value_name = "GLOB")]
    pub deny: Vec<String>,
    /// What happens to a write outside the allow-list (default: block).
    #[arg(long, value_enum)]
    pub policy: Option<PolicyArg>,
    /// Why the agent gets this scope (required; one line, no credentials).
    #[arg(long)]
    pub reason: Option<String>,
    /// `key=value`; repeat.
    #[arg(long, value_name = "KEY=VALUE")]
    pub metadata: Vec<String>,
    /// Who set this scope.
    #[arg(long)]
    pub orchestrator: Option<String>,
}

#[derive(Debug, Args)]
pub struct UpdateArgs {
    /// The agent (name or id).
    #[arg(long)]
    pub agent: Option<String>,
    /// A glob to add to the allow-list; repeat.
    #[arg(long = "add-allow", value_name = "GLOB")]
    pub add_allow: Vec<String>,
    /// Why the scope grows (required).
    #[arg(long)]
    pub reason: Option<String>,
    /// `key=value`; repeat.
    #[arg(long, value_name = "KEY=VALUE")]
    pub metadata: Vec<String>,
    #[arg(long)]
    pub orchestrator: Option<String>,
    /// Refuse (assignment_stale_update) unless this assignment is still the active one.
    #[arg(long, value_name = "ASSIGNMENT_ID")]
    pub expect: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum AgentCommand {
    /// Register an agent (it can do nothing until assigned).
    Add {
        name: String,
        #[arg(long, value_enum)]
        kind: Option<AgentKindArg>,
    },
    /// List agents with what each may do.
    List,
    /// Show an agent's assignments, their events and its latest calls.
    Show { agent: String },
    /// Give an agent its first assignment.
    Assign(AssignArgs),
    /// Extend an agent's allow-list (supersedes its assignment; re-running changes nothing).
    Update(UpdateArgs),
    /// Revoke an agent for good.
    Revoke { agent: String },
}

#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum KindArg {
    Task,
    Checkpoint,
    Note,
}

impl From<KindArg> for adiuva_domain::ItemKind {
    fn from(arg: KindArg) -> Self {
        match arg {
            KindArg::Task => Self::Task,
            KindArg::Checkpoint => Self::Checkpoint,
            KindArg::Note => Self::Note,
        }
    }
}

#[derive(Debug, Subcommand)]
pub enum ReviewCommand {
    /// What waits for a decision, oldest first.
    List {
        #[arg(long, value_enum)]
        kind: Option<KindArg>,
        /// Only what this agent (name or id) proposed.
        #[arg(long)]
        agent: Option<String>,
        #[arg(long)]
        project: Option<String>,
        /// Also what is snoozed.
        #[arg(long)]
        all: bool,
    },
    /// Approve items (ids, or kind:id).
    Approve {
        #[arg(required = true)]
        items: Vec<String>,
    },
    /// Reject items: new ones are kept but never shown as work, tags are taken back.
    Reject {
        #[arg(required = true)]
        items: Vec<String>,
    },
    /// Hide items from the queue for a while.
    Snooze {
        #[arg(required = true)]
        items: Vec<String>,
        /// How long: 30m, 4h, 2d.
        #[arg(long = "for", value_name = "DURATION", default_value = "1d")]
        duration: String,
    },
    /// Undo the last decision (a bulk one as a whole).
    Undo,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum OutcomeArg {
    Ok,
    Error,
    Denied,
}

#[derive(Debug, Subcommand)]
pub enum LedgerCommand {
    /// Entries, newest first.
    Show {
        /// Only this agent's calls and the decisions on its suggestions (name or id).
        #[arg(long)]
        agent: Option<String>,
        /// Only this tool or review action.
        #[arg(long)]
        action: Option<String>,
        #[arg(long, value_enum)]
        outcome: Option<OutcomeArg>,
        #[arg(long, default_value_t = 50)]
        limit: u32,
        /// Only entries before this sequence number (the next page).
        #[arg(long)]
        before: Option<i64>,
    },
    /// Recompute the whole hash chain; exit 8 naming the first entry that does not verify.
    Verify,
}
