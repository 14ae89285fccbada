//! Answering what the server sent on the device channel: each call runs in its agent's MCP
//! session, and the calls that arrived together run as one [`CallGroup`] so they share one
//! commit.

use std::{collections::HashMap, rc::Rc};

use adiuva_agent::mcp::{Session, message};
use adiuva_domain::AgentId;
use adiuva_protocol::{DeviceBound, ServerBound};
use serde_json::{Value, json};

use crate::{AppError, CallGroup, Workspace};

/// The MCP sessions of the agents served on one connection, by the agent id the server gave.
pub(super) type Sessions = HashMap<String, Session>;

/// One call from the server, with the agent it runs as or why the device refuses it.
struct Incoming {
    call: u64,
    frame: String,
    agent: Result<AgentId, Rc<AppError>>,
    agent_key: String,
}

/// The answers to messages that came in together, in order; messages that are not calls
/// (the server's `invalid` notices, messages this version does not know) get none.
pub(super) fn answers(ws: &Workspace, sessions: &mut Sessions, texts: &[&str]) -> Vec<ServerBound> {
    let mut known: HashMap<String, Result<AgentId, Rc<AppError>>> = HashMap::new();
    let incoming: Vec<Incoming> = texts
        .iter()
        .filter_map(|text| match serde_json::from_str::<DeviceBound>(text) {
            Ok(DeviceBound::Call {
                call,
                agent_id,
                frame,
            }) => {
                let agent = known
                    .entry(agent_id.clone())
                    .or_insert_with(|| {
                        ws.mcp_tools(&agent_id)
                            .map(|(agent, _)| agent.id)
                            .map_err(Rc::new)
                    })
                    .clone();
                Some(Incoming {
                    call,
                    frame,
                    agent,
                    agent_key: agent_id,
                })
            }
            _ => None,
        })
        .collect();
    let grouped = ws.call_group(|group| {
        incoming
            .iter()
            .map(|one| serve(group, sessions, one))
            .collect::<Vec<_>>()
    });
    match grouped {
        Ok(frames) => incoming
            .iter()
            .zip(frames)
            .map(|(one, frame)| ServerBound {
                call: one.call,
                frame,
            })
            .collect(),
        // Nothing of the group was saved: every call is answered with the failure.
        Err(failed) => incoming
            .iter()
            .map(|one| ServerBound {
                call: one.call,
                frame: error_frame(
                    &one.frame,
                    -32603,
                    &format!("the device could not save: {failed}"),
                    &failed,
                ),
            })
            .collect(),
    }
}

fn serve(group: &mut CallGroup<'_>, sessions: &mut Sessions, one: &Incoming) -> Option<String> {
    match &one.agent {
        Ok(agent) => sessions
            .entry(one.agent_key.clone())
            .or_insert_with(|| Session::new(env!("CARGO_PKG_VERSION")))
            .handle(&one.frame, &mut group.tools(*agent)),
        // An agent this device does not know, or revoked: refused before any MCP.
        Err(refused) => error_frame(
            &one.frame,
            -32001,
            &format!("this device refuses the agent: {refused}"),
            refused,
        ),
    }
}

/// A JSON-RPC error answering `frame` (nothing for a notification).
fn error_frame(frame: &str, code: i64, message: &str, error: &AppError) -> Option<String> {
    let request: Value = serde_json::from_str(frame).ok()?;
    let id = request.get("id")?.clone();
    let data = json!({ "code": error.code() });
    Some(message::error(id, code, message, Some(data)).to_string())
}

#[cfg(test)]
mod tests {
    use adiuva_domain::{NewAgent, NewAssignment, ReviewFilter};
    use serde_json::Value;

    use super::{Sessions, answers};
    use crate::Workspace;

    fn call(number: u64, agent_id: &str, frame: &str) -> String {
        serde_json::json!({"type": "call", "call": number, "agent_id": agent_id, "frame": frame})
            .to_string()
    }

    fn one(ws: &Workspace, sessions: &mut Sessions, text: &str) -> Option<Value> {
        let mut served = answers(ws, sessions, &[text]);
        assert!(served.len() <= 1);
        let served = served.pop()?;
        Some(serde_json::from_str(&served.frame?).unwrap())
    }

    #[test]
    fn calls_run_in_their_agents_session_and_unknown_agents_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let ws = Workspace::open(dir.path()).unwrap();
        let draft = NewAgent {
            name: "ext".to_owned(),
            kind: None,
        };
        let agent = ws.add_agent(draft.validate().unwrap()).unwrap();
        let mut sessions = Sessions::new();
        let ping = r#"{"jsonrpc":"2.0","id":1,"method":"ping"}"#;

        let served = answers(&ws, &mut sessions, &[&call(9, &agent.id.to_string(), ping)]);
        assert_eq!(served[0].call, 9);
        let frame: Value = serde_json::from_str(served[0].frame.as_ref().unwrap()).unwrap();
        assert_eq!(
            (frame["id"].as_i64(), frame["result"].is_object()),
            (Some(1), true)
        );
        assert_eq!(sessions.len(), 1);
        // Unparsable frames are the session's -32700.
        let bad = one(&ws, &mut sessions, &call(9, &agent.id.to_string(), "{")).unwrap();
        assert_eq!(bad["error"]["code"], -32700);

        let unknown = one(&ws, &mut sessions, &call(9, "no-such-agent", ping)).unwrap();
        assert_eq!(unknown["error"]["code"], -32001);
        assert_eq!(unknown["error"]["data"]["code"], "not_found");
        let note = r#"{"jsonrpc":"2.0","method":"notifications/initialized"}"#;
        let quiet = answers(&ws, &mut sessions, &[&call(9, "no-such-agent", note)]);
        assert_eq!(quiet[0].frame, None);
        assert_eq!(sessions.len(), 1, "no session for a refused agent");

        // The server's notices and unknown messages need no answer.
        let invalid = r#"{"type":"invalid","message":"x"}"#;
        assert!(answers(&ws, &mut sessions, &[invalid, "not json"]).is_empty());
    }

    #[test]
    fn calls_that_arrive_together_each_get_their_own_answer_and_outcome() {
        let dir = tempfile::tempdir().unwrap();
        let ws = Workspace::open(dir.path()).unwrap();
        let add = |name: &str| {
            let draft = NewAgent {
                name: name.to_owned(),
                kind: None,
            };
            ws.add_agent(draft.validate().unwrap()).unwrap()
        };
        let (allowed, unassigned) = (add("allowed"), add("unassigned"));
        let grant = NewAssignment {
            allow: vec!["create_task".into()],
            reason: Some("triage".into()),
            ..NewAssignment::default()
        };
        ws.assign(allowed.id, grant.validate().unwrap()).unwrap();
        let create = |id: u64, title: &str| {
            serde_json::json!({"jsonrpc": "2.0", "id": id, "method": "tools/call",
                "params": {"name": "create_task", "arguments": {"title": title}}})
            .to_string()
        };
        let texts = [
            call(1, &allowed.id.to_string(), &create(1, "First")),
            call(2, &unassigned.id.to_string(), &create(2, "Refused")),
            call(3, "no-such-agent", &create(3, "Unknown")),
            r#"{"type":"invalid","message":"x"}"#.to_owned(),
            call(4, &allowed.id.to_string(), &create(4, "")),
            call(5, &allowed.id.to_string(), &create(5, "Second")),
        ];
        let texts: Vec<&str> = texts.iter().map(String::as_str).collect();
        let before = ws.verify_ledger().unwrap().entries;
        let served = answers(&ws, &mut Sessions::new(), &texts);

        let calls: Vec<u64> = served.iter().map(|s| s.call).collect();
        assert_eq!(calls, [1, 2, 3, 4, 5]);
        let frames: Vec<Value> = served
            .iter()
            .map(|s| serde_json::from_str(s.frame.as_ref().unwrap()).unwrap())
            .collect();
        let is_error = |f: &Value| f["result"]["isError"].as_bool();
        assert_eq!(is_error(&frames[0]), Some(false), "{}", frames[0]);
        assert_eq!(
            is_error(&frames[1]),
            Some(true),
            "no assignment: {}",
            frames[1]
        );
        assert_eq!(frames[2]["error"]["code"], -32001);
        assert_eq!(
            is_error(&frames[3]),
            Some(true),
            "blank title: {}",
            frames[3]
        );
        assert_eq!(is_error(&frames[4]), Some(false), "{}", frames[4]);

        let waiting = ws.review_queue(&ReviewFilter::default()).unwrap();
        let titles: Vec<String> = waiting.into_iter().map(|item| item.title).collect();
        assert_eq!(titles.len(), 2, "{titles:?}");
        assert!(titles.contains(&"First".to_owned()) && titles.contains(&"Second".to_owned()));
        // Every call that reached the executor has its ledger entry, in a chain that holds.
        assert_eq!(ws.verify_ledger().unwrap().entries, before + 4);
    }
}
