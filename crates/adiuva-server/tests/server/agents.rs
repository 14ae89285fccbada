//! Agent tokens and the relay: a device end of `/device/channel` (a real WebSocket client
//! speaking the channel's messages) and agents posting JSON-RPC to `/mcp` with their tokens.
//! The agent id the device is handed is the token's; a notification is 202; an offline device,
//! one that disconnects mid-call and one that never answers give JSON-RPC errors; messages the
//! device sends that are not answers are answered `invalid` and the channel goes on; a newer
//! connection replaces the older; a silent device is dropped. MCP itself is the device's (the
//! SDK tests of adiuva-app run it end to end).

use std::{net::TcpStream, thread, time::Duration};

use adiuva_protocol::{AgentTokenCreated, DeviceBound, ServerBound};
use adiuva_server::ServerConfig;
use serde_json::{Value, json};
use tungstenite::{Message, client::IntoClientRequest, stream::MaybeTlsStream};

use crate::{Answer, Client, Running};

type Socket = tungstenite::WebSocket<MaybeTlsStream<TcpStream>>;

/// The device's end of the channel.
struct Device(Socket);

impl Device {
    fn connect(server: &Running, token: &str) -> Self {
        let url = format!("{}/device/channel", server.base.replace("http://", "ws://"));
        let mut request = url.into_client_request().unwrap();
        request
            .headers_mut()
            .insert("authorization", format!("Bearer {token}").parse().unwrap());
        let (socket, response) = tungstenite::connect(request).expect("the channel opens");
        assert_eq!(response.status().as_u16(), 101);
        Self(socket)
    }

    /// The next message from the server (pings are answered by tungstenite as it reads).
    fn next(&mut self) -> Option<DeviceBound> {
        loop {
            match self.0.read() {
                Ok(Message::Text(text)) => return Some(serde_json::from_str(&text).unwrap()),
                Ok(Message::Ping(_) | Message::Pong(_)) => {}
                Ok(_) | Err(_) => return None,
            }
        }
    }

    fn call(&mut self) -> (u64, String, String) {
        match self.next() {
            Some(DeviceBound::Call {
                call,
                agent_id,
                frame,
            }) => (call, agent_id, frame),
            other => panic!("expected a call, got {other:?}"),
        }
    }

    fn answer(&mut self, call: u64, frame: Option<String>) {
        let text = serde_json::to_string(&ServerBound { call, frame }).unwrap();
        self.0.send(Message::Text(text.into())).unwrap();
    }

    /// Answers calls as an echo of the agent and the frame, until the channel closes.
    fn echo(mut self) -> thread::JoinHandle<()> {
        thread::spawn(move || {
            while let Some(message) = self.next() {
                if let DeviceBound::Call {
                    call,
                    agent_id,
                    frame,
                } = message
                {
                    let request: Value = serde_json::from_str(&frame).unwrap_or(Value::Null);
                    let answer = request.get("id").map(|id| {
                        json!({"jsonrpc": "2.0", "id": id, "result": {"agent": agent_id}})
                            .to_string()
                    });
                    self.answer(call, answer);
                }
            }
        })
    }
}

fn token(client: &Client, agent_id: &str) -> AgentTokenCreated {
    let answer = client.send("POST", "/agent-tokens", &json!({ "agent_id": agent_id }));
    assert_eq!(answer.status, 200, "{}", answer.json());
    answer.parse()
}

/// `frame` posted to `/mcp` as the agent holding `token`.
fn post(server: &Running, token: &str, frame: &str) -> Answer {
    let mut agent = Client::new(server);
    agent.token = Some(token.to_owned());
    agent.send_raw("POST", "/mcp", frame.as_bytes())
}

fn ping(id: u64) -> String {
    json!({"jsonrpc": "2.0", "id": id, "method": "ping"}).to_string()
}

fn quick() -> ServerConfig {
    ServerConfig {
        device_call_timeout: Duration::from_secs(2),
        ..ServerConfig::default()
    }
}

#[test]
fn agent_tokens_reach_the_device_as_their_agent_and_are_refused_once_revoked() {
    let dir = tempfile::tempdir().unwrap();
    let server = Running::start(dir.path(), quick());
    let mut user = Client::new(&server);
    user.register("agents@example.com");
    for bad in ["", "a\nb", &"x".repeat(201)] {
        let answer = user.send("POST", "/agent-tokens", &json!({ "agent_id": bad }));
        assert_eq!(
            (answer.status, answer.code().as_str()),
            (400, "invalid_agent_id")
        );
    }
    let first = token(&user, "agent-one");
    let second = token(&user, "agent-two");
    assert_ne!(first.token, second.token);

    // No device yet: a JSON-RPC error with the request's id, and 503.
    let offline = post(&server, &first.token, &ping(7));
    assert_eq!(offline.status, 503);
    assert_eq!(offline.content_type.as_deref(), Some("application/json"));
    let body = offline.json();
    assert_eq!(body["id"], 7);
    assert!(
        body["error"]["message"]
            .as_str()
            .unwrap()
            .contains("offline")
    );

    let access = user.token.clone().unwrap();
    let device = Device::connect(&server, &access).echo();
    // The agent comes from the token, whatever the frame says.
    let forged = json!({"jsonrpc": "2.0", "id": 1, "method": "ping",
        "params": {"agent_id": "agent-two"}});
    let answer = post(&server, &first.token, &forged.to_string());
    assert_eq!(answer.status, 200, "{}", answer.json());
    assert_eq!(answer.content_type.as_deref(), Some("application/json"));
    assert_eq!(answer.json()["result"]["agent"], "agent-one");
    assert_eq!(answer.json()["id"], 1);
    let answer = post(&server, &second.token, &ping(2));
    assert_eq!(answer.json()["result"]["agent"], "agent-two");
    // A notification: nothing to answer.
    let note = json!({"jsonrpc": "2.0", "method": "notifications/initialized"}).to_string();
    assert_eq!(post(&server, &first.token, &note).status, 202);

    // The user's own access token and made-up tokens are not agent tokens.
    for wrong in [access.as_str(), "adiuva_agent_made-up", ""] {
        let answer = post(&server, wrong, &ping(3));
        assert_eq!(answer.status, 401, "{wrong}");
    }
    // The user lists the live tokens, oldest first, without the tokens themselves.
    let listed = user.get("/agent-tokens");
    assert_eq!(listed.status, 200);
    let ids = |answer: &crate::Answer| -> Vec<(String, String)> {
        answer.json()["tokens"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| {
                assert_eq!(t.get("token"), None, "a listed token never shows itself");
                (
                    t["id"].as_str().unwrap().to_owned(),
                    t["agent_id"].as_str().unwrap().to_owned(),
                )
            })
            .collect()
    };
    assert_eq!(
        ids(&listed),
        [
            (first.id.clone(), "agent-one".to_owned()),
            (second.id.clone(), "agent-two".to_owned())
        ]
    );
    assert!(!String::from_utf8_lossy(&listed.bytes).contains(&first.token));
    // Another user can neither use, list nor revoke this user's tokens.
    let mut other = Client::new(&server);
    other.register("other@example.com");
    assert_eq!(ids(&other.get("/agent-tokens")), []);
    assert_eq!(
        other.delete(&format!("/agent-tokens/{}", first.id)).status,
        404
    );

    assert_eq!(
        user.delete(&format!("/agent-tokens/{}", first.id)).status,
        200
    );
    let revoked = post(&server, &first.token, &ping(4));
    assert_eq!(
        (revoked.status, revoked.code().as_str()),
        (401, "invalid_token")
    );
    assert_eq!(
        user.delete(&format!("/agent-tokens/{}", first.id)).status,
        404
    );
    assert_eq!(post(&server, &second.token, &ping(5)).status, 200);
    assert_eq!(
        ids(&user.get("/agent-tokens")),
        [(second.id, "agent-two".to_owned())],
        "a revoked token is no longer listed"
    );
    drop(user);
    drop(server);
    let _ = device.join();
}

#[test]
fn a_device_that_disconnects_or_never_answers_gives_errors_and_the_server_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    let server = Running::start(dir.path(), quick());
    let mut user = Client::new(&server);
    user.register("relay@example.com");
    let agent = token(&user, "agent");
    let access = user.token.clone().unwrap();

    // Disconnects mid-call: the call is answered 502 with a JSON-RPC error.
    let mut device = Device::connect(&server, &access);
    let gone = thread::spawn(move || {
        let _ = device.call();
        drop(device);
    });
    let answer = post(&server, &agent.token, &ping(11));
    gone.join().unwrap();
    assert_eq!(answer.status, 502, "{}", answer.json());
    assert_eq!(answer.json()["id"], 11);
    assert!(answer.json()["error"]["code"].is_i64());

    // Never answers: 504 once the call times out.
    let mut device = Device::connect(&server, &access);
    let silent = thread::spawn(move || {
        let _unanswered = device.call();
        device
    });
    let answer = post(&server, &agent.token, &ping(12));
    assert_eq!(answer.status, 504, "{}", answer.json());
    assert_eq!(answer.json()["id"], 12);
    // Its late answer is dropped, and the device serves the next call.
    let mut device = silent.join().unwrap();
    let late = thread::spawn(move || {
        let (call, _, frame) = device.call();
        device.answer(call, Some(frame));
        device
    });
    let answer = post(&server, &agent.token, &ping(13));
    assert_eq!(answer.status, 200);
    assert_eq!(answer.json()["id"], 13);
    let device = late.join().unwrap();

    // A newer connection replaces it: the old one is closed, calls go to the new one.
    let newer = Device::connect(&server, &access).echo();
    let mut old = device;
    assert!(old.next().is_none(), "the replaced connection closes");
    let answer = post(&server, &agent.token, &ping(14));
    assert_eq!(answer.json()["result"]["agent"], "agent");
    drop(server);
    let _ = newer.join();
}

#[test]
fn messages_that_are_not_answers_are_answered_invalid_and_the_channel_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    let server = Running::start(dir.path(), quick());
    let mut user = Client::new(&server);
    user.register("malformed@example.com");
    let agent = token(&user, "agent");
    let mut device = Device::connect(&server, user.token.as_deref().unwrap());
    for bad in [
        Message::Text("{not json".into()),
        Message::Text(r#"{"call": "one"}"#.into()),
        Message::Binary(vec![0, 1, 2].into()),
    ] {
        device.0.send(bad).unwrap();
        match device.next() {
            Some(DeviceBound::Invalid { message }) => assert!(!message.is_empty()),
            other => panic!("expected invalid, got {other:?}"),
        }
    }
    // An answer to no call is ignored.
    device.answer(999_999, Some("{}".to_owned()));
    let echo = device.echo();
    let answer = post(&server, &agent.token, &ping(21));
    assert_eq!(
        (answer.status, answer.json()["id"].as_i64()),
        (200, Some(21))
    );
    drop(server);
    let _ = echo.join();
}

#[test]
fn the_channel_needs_a_token_and_an_upgrade_and_drops_a_silent_device() {
    let dir = tempfile::tempdir().unwrap();
    let server = Running::start(
        dir.path(),
        ServerConfig {
            device_heartbeat: Duration::from_millis(100),
            ..quick()
        },
    );
    let mut user = Client::new(&server);
    user.register("silent@example.com");
    let plain = user.get("/device/channel");
    assert_eq!(
        (plain.status, plain.code().as_str()),
        (400, "not_websocket")
    );
    let anonymous = Client::new(&server).get("/device/channel");
    assert_eq!(anonymous.status, 401);

    let agent = token(&user, "agent");
    // A device that reads answers the pings and stays through many heartbeats.
    let listening = Device::connect(&server, user.token.as_deref().unwrap()).echo();
    thread::sleep(Duration::from_millis(800));
    assert_eq!(post(&server, &agent.token, &ping(31)).status, 200);
    drop(listening);

    // One that never reads is dropped: calls then find the device offline.
    let _silent = Device::connect(&server, user.token.as_deref().unwrap());
    let mut offline = false;
    for _ in 0..200 {
        if post(
            &server,
            &agent.token,
            &json!({"jsonrpc": "2.0", "method": "x"}).to_string(),
        )
        .status
            == 503
        {
            offline = true;
            break;
        }
        thread::sleep(Duration::from_millis(50));
    }
    assert!(offline, "the silent device was not dropped");
}
