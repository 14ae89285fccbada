//! A local HTTP server that answers `GET …/models` the way OpenAI and Anthropic document it,
//! standing in for providers this machine cannot reach: the models list, their 401 and 429
//! error bodies (with `Retry-After`), a server that never answers in time, and a web page
//! where an API was expected.

use std::{
    io::{BufRead, BufReader, Write},
    net::{TcpListener, TcpStream},
    thread,
    time::Duration,
};

/// How the stand-in behaves.
#[derive(Clone, Debug)]
pub enum Behaviour {
    /// OpenAI's API: `Authorization: Bearer <key>`.
    OpenAi { key: String },
    /// Anthropic's API: `x-api-key: <key>` and an `anthropic-version` header.
    Anthropic { key: String },
    /// 429 with `Retry-After: <seconds>`.
    RateLimited { retry_after: u64 },
    /// Accepts the connection and answers only after this long.
    Slow(Duration),
    /// A web page, as a wrong base URL would give.
    WebPage,
}

/// A running stand-in on a loopback port; it stops with the test process.
pub struct ProviderStandIn {
    pub base_url: String,
}

impl ProviderStandIn {
    pub fn start(behaviour: Behaviour) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").expect("a loopback port");
        let base_url = format!("http://{}/v1", listener.local_addr().expect("bound"));
        thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let behaviour = behaviour.clone();
                thread::spawn(move || answer(stream, &behaviour));
            }
        });
        Self { base_url }
    }
}

struct Request {
    path: String,
    headers: Vec<(String, String)>,
}

impl Request {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

fn read_request(stream: &TcpStream) -> Option<Request> {
    let mut reader = BufReader::new(stream);
    let mut line = String::new();
    reader.read_line(&mut line).ok()?;
    let path = line.split_whitespace().nth(1)?.to_owned();
    let mut headers = Vec::new();
    loop {
        let mut header = String::new();
        reader.read_line(&mut header).ok()?;
        let header = header.trim_end();
        if header.is_empty() {
            break;
        }
        let (name, value) = header.split_once(':')?;
        headers.push((name.trim().to_owned(), value.trim().to_owned()));
    }
    Some(Request { path, headers })
}

fn respond(
    mut stream: TcpStream,
    status: &str,
    extra_headers: &[(&str, String)],
    content_type: &str,
    body: &str,
) {
    let mut head = format!(
        "HTTP/1.1 {status}\r\ncontent-type: {content_type}\r\ncontent-length: {}\r\nconnection: close\r\n",
        body.len()
    );
    for (name, value) in extra_headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str("\r\n");
    let _ = stream.write_all(head.as_bytes());
    let _ = stream.write_all(body.as_bytes());
}

const OPENAI_MODELS: &str = r#"{"object":"list","data":[{"id":"gpt-4o-mini","object":"model","created":1721172741,"owned_by":"system"},{"id":"gpt-4o","object":"model","created":1715367049,"owned_by":"system"}]}"#;
const OPENAI_BAD_KEY: &str = r#"{"error":{"message":"Incorrect API key provided: sk-wr***ng. You can find your API key at https://platform.openai.com/account/api-keys.","type":"invalid_request_error","param":null,"code":"invalid_api_key"}}"#;
const OPENAI_RATE_LIMIT: &str = r#"{"error":{"message":"Rate limit reached for requests","type":"requests","param":null,"code":"rate_limit_exceeded"}}"#;
const ANTHROPIC_MODELS: &str = r#"{"data":[{"type":"model","id":"claude-sonnet-4-20250514","display_name":"Claude Sonnet 4","created_at":"2025-05-22T00:00:00Z"}],"has_more":false,"first_id":"claude-sonnet-4-20250514","last_id":"claude-sonnet-4-20250514"}"#;
const ANTHROPIC_BAD_KEY: &str =
    r#"{"type":"error","error":{"type":"authentication_error","message":"invalid x-api-key"}}"#;
const ANTHROPIC_NO_VERSION: &str = r#"{"type":"error","error":{"type":"invalid_request_error","message":"anthropic-version: header is required"}}"#;
const JSON: &str = "application/json";

fn answer(stream: TcpStream, behaviour: &Behaviour) {
    let Some(request) = read_request(&stream) else {
        return;
    };
    if !request.path.ends_with("/models") {
        return respond(
            stream,
            "404 Not Found",
            &[],
            JSON,
            r#"{"error":{"message":"not found"}}"#,
        );
    }
    match behaviour {
        Behaviour::OpenAi { key } => {
            if request.header("authorization") == Some(format!("Bearer {key}").as_str()) {
                respond(stream, "200 OK", &[], JSON, OPENAI_MODELS);
            } else {
                respond(stream, "401 Unauthorized", &[], JSON, OPENAI_BAD_KEY);
            }
        }
        Behaviour::Anthropic { key } => {
            if request.header("anthropic-version").is_none() {
                respond(stream, "400 Bad Request", &[], JSON, ANTHROPIC_NO_VERSION);
            } else if request.header("x-api-key") == Some(key.as_str()) {
                respond(stream, "200 OK", &[], JSON, ANTHROPIC_MODELS);
            } else {
                respond(stream, "401 Unauthorized", &[], JSON, ANTHROPIC_BAD_KEY);
            }
        }
        Behaviour::RateLimited { retry_after } => {
            respond(
                stream,
                "429 Too Many Requests",
                &[("retry-after", retry_after.to_string())],
                JSON,
                OPENAI_RATE_LIMIT,
            );
        }
        Behaviour::Slow(delay) => {
            thread::sleep(*delay);
            respond(stream, "200 OK", &[], JSON, OPENAI_MODELS);
        }
        Behaviour::WebPage => respond(
            stream,
            "200 OK",
            &[],
            "text/html",
            "<!doctype html><h1>Welcome to nginx!</h1>",
        ),
    }
}
