//! Agents on the device: who they are (`registry`), what each may do (`assignments`), the one
//! door every tool call goes through (`executor`, running the tools of `tools/`), the
//! hash-chained record of what happened (`ledger`), the tagging lifecycle (`tagging`) and the
//! review queue where agents' suggestions wait for a person (`review`; `review_alert` tells an
//! away person they arrived); `mcp` binds the executor to one authenticated agent for MCP
//! sessions.

mod assignments;
mod executor;
mod ledger;
mod mcp;
mod registry;
mod review;
mod review_alert;
mod tagging;
mod tools;

pub use adiuva_store::{assignments::AssignmentEvent, ledger::LedgerQuery, tagging::PendingItem};
pub use assignments::AssignmentUpdated;
pub use executor::{CallGroup, GroupTools};
pub use ledger::{LEDGER_LIMIT_MAX, LedgerReport};
pub use mcp::AgentTools;
pub use registry::{AgentDetail, AgentSummary};
pub use review::{Edit, REVIEW_LIMIT, ReviewDone, SNOOZE_MAX};
pub use review_alert::{ReviewAlert, ReviewNotice, ReviewTick};
pub use tagging::{ItemRef, Tagger};
