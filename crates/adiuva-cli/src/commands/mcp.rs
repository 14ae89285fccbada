//! `adiuva mcp --agent ID`: an MCP server on stdin/stdout (MCP's stdio transport: one
//! JSON-RPC message per line, UTF-8, nothing but messages on stdout; logs go to stderr). The
//! local user who configured the MCP client names the agent, so the agent is the
//! authenticated caller of every call and no frame can change it.

use std::{
    collections::VecDeque,
    io::{BufRead, Write},
    sync::mpsc,
};

use adiuva_agent::{
    ToolCall, ToolDescription, ToolOutcome,
    mcp::{MAX_FRAME_BYTES, Session, Tools},
};
use adiuva_app::{AppError, Workspace};

use crate::CliError;

/// One line of stdin as the reader saw it.
enum Line {
    Frame(String),
    /// Longer than `MAX_FRAME_BYTES`: skipped up to its newline, never held in memory.
    TooLarge,
    NotUtf8,
}

pub fn run(ws: &Workspace, agent: &str) -> Result<(), CliError> {
    let (agent, tools) = ws.mcp_tools(agent)?;
    eprintln!(
        "adiuva mcp: serving agent {} ({}) on stdio",
        agent.name, agent.id
    );
    let mut tools = Logged(tools);
    let mut session = Session::new(env!("CARGO_PKG_VERSION"));

    // A reader thread queues lines while a call runs, so a cancellation that arrives during
    // a call can be seen before the requests queued behind it.
    let (lines, inbox) = mpsc::channel();
    std::thread::spawn(move || read_lines(std::io::stdin().lock(), &lines));
    let mut queue = VecDeque::new();
    let stdout = std::io::stdout();
    while let Some(line) = next(&inbox, &mut queue, &mut session) {
        let answer = match line {
            Line::Frame(frame) => session.handle(&frame, &mut tools),
            Line::TooLarge => Some(session.too_large()),
            Line::NotUtf8 => Some(session.unreadable("the frame is not UTF-8")),
        };
        if let Some(answer) = answer {
            let mut out = stdout.lock();
            // The client has gone when stdout is closed; there is no one left to answer.
            if writeln!(out, "{answer}")
                .and_then(|()| out.flush())
                .is_err()
            {
                break;
            }
        }
    }
    Ok(())
}

/// The next line to handle, after showing the session every line already waiting.
fn next(
    inbox: &mpsc::Receiver<Line>,
    queue: &mut VecDeque<Line>,
    session: &mut Session,
) -> Option<Line> {
    if queue.is_empty() {
        queue.push_back(inbox.recv().ok()?);
        observe(queue.back(), session);
    }
    while let Ok(line) = inbox.try_recv() {
        observe(Some(&line), session);
        queue.push_back(line);
    }
    queue.pop_front()
}

fn observe(line: Option<&Line>, session: &mut Session) {
    if let Some(Line::Frame(frame)) = line {
        session.observe(frame);
    }
}

/// Splits stdin into lines of at most `MAX_FRAME_BYTES`, dropping `\r` before a newline and
/// blank lines (a blank line is no message).
fn read_lines(mut input: impl BufRead, lines: &mpsc::Sender<Line>) {
    let mut line = Vec::new();
    let mut too_large = false;
    loop {
        let buffer = match input.fill_buf() {
            Ok([]) | Err(_) => break,
            Ok(buffer) => buffer,
        };
        let (chunk, ended) = match buffer.iter().position(|b| *b == b'\n') {
            Some(at) => (&buffer[..at], true),
            None => (buffer, false),
        };
        if !too_large && line.len() + chunk.len() > MAX_FRAME_BYTES + 1 {
            too_large = true;
            line = Vec::new();
        }
        if !too_large {
            line.extend_from_slice(chunk);
        }
        let used = chunk.len() + usize::from(ended);
        input.consume(used);
        if ended {
            let done = std::mem::take(&mut line);
            if !send(lines, done, std::mem::take(&mut too_large)) {
                return;
            }
        }
    }
    if !line.is_empty() || too_large {
        send(lines, line, too_large);
    }
}

/// Queues one line; false once the session has gone.
fn send(lines: &mpsc::Sender<Line>, mut line: Vec<u8>, too_large: bool) -> bool {
    if line.last() == Some(&b'\r') {
        line.pop();
    }
    let line = if too_large || line.len() > MAX_FRAME_BYTES {
        Line::TooLarge
    } else if line.iter().all(u8::is_ascii_whitespace) {
        return true;
    } else {
        match String::from_utf8(line) {
            Ok(frame) => Line::Frame(frame),
            Err(_) => Line::NotUtf8,
        }
    };
    lines.send(line).is_ok()
}

/// The agent's tools, with the cause of a call that could not run written to stderr (the
/// client gets an internal error without it).
struct Logged<T>(T);

impl<T: Tools<Error = AppError>> Tools for Logged<T> {
    type Error = AppError;

    fn list(&mut self) -> Vec<ToolDescription> {
        self.0.list()
    }

    fn call(&mut self, call: &ToolCall) -> Result<ToolOutcome, AppError> {
        let outcome = self.0.call(call);
        if let Err(e) = &outcome {
            eprintln!("adiuva mcp: {} could not run: {e}", call.name);
        }
        outcome
    }
}
