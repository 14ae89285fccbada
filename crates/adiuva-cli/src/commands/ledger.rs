//! `adiuva ledger …`

use adiuva_app::{LedgerQuery, Workspace};
use adiuva_domain::LedgerEntry;

use crate::{
    CliError,
    agent_args::{LedgerCommand, OutcomeArg},
    output::{Output, lines},
};

pub fn run(ws: &Workspace, command: LedgerCommand, out: &Output) -> Result<(), CliError> {
    match command {
        LedgerCommand::Show {
            agent,
            action,
            outcome,
            limit,
            before,
        } => {
            let agent_id = agent
                .map(|a| ws.find_agent(&a).map(|a| a.id.to_string()))
                .transpose()?;
            let entries = ws.ledger(&LedgerQuery {
                agent_id,
                action,
                outcome: outcome.map(|o| {
                    match o {
                        OutcomeArg::Ok => "ok",
                        OutcomeArg::Error => "error",
                        OutcomeArg::Denied => "denied",
                    }
                    .to_owned()
                }),
                before_seq: before,
                limit,
            })?;
            out.print(&entries, |list| lines(list, "The ledger is empty.", line));
        }
        LedgerCommand::Verify => {
            let report = ws.verify_ledger()?;
            out.print(&report, |r| match &r.head {
                Some(head) => format!("{} entries verify; head {head}", r.entries),
                None => "The ledger is empty.".to_owned(),
            });
        }
    }
    Ok(())
}

/// One entry on one line: number, who, what, decision and rule, outcome, what it touched.
pub fn line(e: &LedgerEntry) -> String {
    let affected = if e.affected.is_empty() {
        String::new()
    } else {
        format!("  {}", e.affected.join(" "))
    };
    let error = e
        .error_code
        .as_deref()
        .map(|c| format!(" ({c})"))
        .unwrap_or_default();
    format!(
        "#{:<5} {:<44}  {:<22}  {:<5} {:<28}  {}{error}{affected}",
        e.seq, e.actor, e.action, e.decision, e.rule, e.outcome
    )
}
