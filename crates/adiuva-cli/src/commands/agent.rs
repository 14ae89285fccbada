//! `adiuva agent …`

use adiuva_app::{AgentDetail, AgentSummary, AssignmentUpdated, Workspace};
use adiuva_domain::{Agent, Assignment, AssignmentUpdate, Glob, NewAgent, NewAssignment};

use crate::{
    CliError,
    agent_args::{AgentCommand, AssignArgs, UpdateArgs},
    output::{Output, lines},
};

pub fn run(ws: &Workspace, command: AgentCommand, out: &Output) -> Result<(), CliError> {
    match command {
        AgentCommand::Add { name, kind } => {
            let agent = ws.add_agent(
                NewAgent {
                    name,
                    kind: kind.map(Into::into),
                }
                .validate()?,
            )?;
            out.print(&agent, |a| a.id.to_string());
        }
        AgentCommand::List => {
            let agents = ws.list_agents()?;
            out.print(&agents, |list| {
                lines(
                    list,
                    "No agents. Add one with: adiuva agent add NAME",
                    summary,
                )
            });
        }
        AgentCommand::Show { agent } => {
            let agent = ws.find_agent(&agent)?;
            out.print(&ws.show_agent(agent.id)?, detail);
        }
        AgentCommand::Assign(args) => assign(ws, args, out)?,
        AgentCommand::Update(args) => update(ws, args, out)?,
        AgentCommand::Revoke { agent } => {
            let agent = ws.find_agent(&agent)?;
            let revoked = ws.revoke_agent(agent.id)?;
            out.print(&revoked, |a| {
                format!("revoked {}; it can call nothing any more", a.name)
            });
        }
    }
    Ok(())
}

fn assign(ws: &Workspace, args: AssignArgs, out: &Output) -> Result<(), CliError> {
    // Flags first: a refused request names the flag before any lookup.
    let draft = NewAssignment {
        allow: args.allow,
        deny: args.deny,
        policy: args.policy.map(Into::into),
        reason: args.reason,
        orchestrator: args.orchestrator,
        metadata: args.metadata,
    }
    .validate()
    .map_err(adiuva_app::AppError::from)?;
    let agent = ws.find_agent(args.agent.as_deref().unwrap_or_default())?;
    let assignment = ws.assign(agent.id, draft)?;
    out.print(&assignment, |a| format!("{}\n{}", a.id, scope(a)));
    Ok(())
}

fn update(ws: &Workspace, args: UpdateArgs, out: &Output) -> Result<(), CliError> {
    let update = AssignmentUpdate {
        add_allow: args.add_allow,
        reason: args.reason,
        orchestrator: args.orchestrator,
        metadata: args.metadata,
        expect: args.expect,
    }
    .validate()
    .map_err(adiuva_app::AppError::from)?;
    let agent = ws.find_agent(args.agent.as_deref().unwrap_or_default())?;
    let updated = ws.update_assignment(agent.id, &update)?;
    out.print(&updated, updated_text);
    Ok(())
}

fn updated_text(u: &AssignmentUpdated) -> String {
    let head = match u.superseded_assignment_id {
        Some(old) => format!(
            "changed=true reused=false: {} supersedes {old}",
            u.assignment.id
        ),
        None => format!(
            "changed=false reused=true: {} already allows that",
            u.assignment.id
        ),
    };
    format!("{head}\n{}", scope(&u.assignment))
}

fn globs(list: &[Glob]) -> String {
    if list.is_empty() {
        "-".to_owned()
    } else {
        list.iter().map(Glob::as_str).collect::<Vec<_>>().join(" ")
    }
}

fn scope(a: &Assignment) -> String {
    format!(
        "allow {}  deny {}  policy {}  reason {}",
        globs(&a.allow),
        globs(&a.deny),
        a.policy,
        a.reason
    )
}

fn state(agent: &Agent) -> &'static str {
    if agent.is_revoked() {
        "revoked"
    } else {
        "active"
    }
}

fn summary(s: &AgentSummary) -> String {
    let scope = s
        .assignment
        .as_ref()
        .map(scope)
        .unwrap_or_else(|| "no assignment: it may do nothing".to_owned());
    format!(
        "{}  {:<20}  {:<8}  {:<7}  {scope}",
        s.agent.id,
        s.agent.name,
        s.agent.kind,
        state(&s.agent)
    )
}

fn detail(d: &AgentDetail) -> String {
    let mut text = vec![
        format!("{} ({}, {})", d.agent.name, d.agent.kind, state(&d.agent)),
        format!("id        {}", d.agent.id),
    ];
    match &d.active {
        Some(a) => text.push(format!("active    {}\n          {}", a.id, scope(a))),
        None => text.push("active    none".to_owned()),
    }
    if !d.history.is_empty() {
        text.push("\nAssignments:".to_owned());
        text.extend(
            d.history
                .iter()
                .map(|a| format!("- {}  {:<10}  {}", a.id, a.status, scope(a))),
        );
    }
    if !d.events.is_empty() {
        text.push("\nEvents:".to_owned());
        text.extend(
            d.events
                .iter()
                .map(|e| format!("- {:<22}  {}", e.kind, e.assignment_id)),
        );
    }
    if !d.activity.is_empty() {
        text.push("\nLatest calls:".to_owned());
        text.extend(d.activity.iter().map(super::ledger::line));
    }
    text.join("\n")
}
