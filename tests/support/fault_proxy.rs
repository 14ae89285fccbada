//! A loopback HTTP proxy in front of the sync server that misbehaves on purpose: it drops
//! connections, delays, answers 500 or 429 with `Retry-After` in the server's place, cuts
//! answers short, or lets the server apply a request and then loses the answer. Each request
//! takes the next fault of a plan the test sets; the upstream can be moved to a restarted
//! server.

use std::{
    io::{Read, Write},
    net::{Shutdown, SocketAddr, TcpListener, TcpStream},
    sync::{
        Arc, Mutex, PoisonError,
        atomic::{AtomicBool, AtomicU64, Ordering},
    },
    thread,
    time::Duration,
};

/// What the proxy does with one request.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Fault {
    /// Forwards the request and the answer.
    Pass,
    /// Closes the connection without forwarding anything.
    Drop,
    /// Waits, then forwards.
    Delay(Duration),
    /// Answers 500 without forwarding.
    ServerError,
    /// Answers 429 with `Retry-After: <seconds>` without forwarding.
    RateLimited(u64),
    /// Forwards, then sends the answer's head and half of its body.
    Truncate,
    /// Forwards (the server applies it), then closes without answering.
    LoseAnswer,
}

#[derive(Default)]
struct Plan {
    faults: Vec<Fault>,
    next: usize,
    /// Every fault applied so far, in order, with the request line.
    log: Vec<(Fault, String)>,
}

pub struct FaultProxy {
    /// `http://127.0.0.1:<port>`: what devices use as their server.
    pub url: String,
    upstream: Arc<Mutex<SocketAddr>>,
    plan: Arc<Mutex<Plan>>,
    stop: Arc<AtomicBool>,
    /// Bytes of every request and answer that crossed, heads included.
    bytes: Arc<AtomicU64>,
    addr: SocketAddr,
}

impl FaultProxy {
    /// A proxy to `upstream` (`http://host:port`) that passes everything until a plan is set.
    pub fn start(upstream: &str) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").expect("a loopback port");
        let addr = listener.local_addr().expect("bound");
        let proxy = Self {
            url: format!("http://{addr}"),
            upstream: Arc::new(Mutex::new(parse(upstream))),
            plan: Arc::default(),
            stop: Arc::default(),
            bytes: Arc::default(),
            addr,
        };
        let (upstream, plan, stop, bytes) = (
            proxy.upstream.clone(),
            proxy.plan.clone(),
            proxy.stop.clone(),
            proxy.bytes.clone(),
        );
        thread::spawn(move || {
            for client in listener.incoming() {
                if stop.load(Ordering::SeqCst) {
                    break;
                }
                let Ok(client) = client else { continue };
                let (upstream, plan, bytes) = (upstream.clone(), plan.clone(), bytes.clone());
                thread::spawn(move || serve(client, &upstream, &plan, &bytes));
            }
        });
        proxy
    }

    /// Faults for the next requests, in a cycle (an empty plan passes everything).
    pub fn set_plan(&self, faults: &[Fault]) {
        let mut plan = self.plan.lock().unwrap_or_else(PoisonError::into_inner);
        plan.faults = faults.to_vec();
        plan.next = 0;
    }

    /// Sends the following requests to another server (one restarted on a new port).
    pub fn set_upstream(&self, upstream: &str) {
        *self.upstream.lock().unwrap_or_else(PoisonError::into_inner) = parse(upstream);
    }

    /// Bytes that crossed so far, both ways, HTTP heads included.
    pub fn bytes(&self) -> u64 {
        self.bytes.load(Ordering::SeqCst)
    }

    /// The faults applied so far, with each request line.
    pub fn log(&self) -> Vec<(Fault, String)> {
        self.plan
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .log
            .clone()
    }
}

impl Drop for FaultProxy {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        // Wakes the accept loop so it sees the flag.
        let _ = TcpStream::connect(self.addr);
    }
}

fn parse(url: &str) -> SocketAddr {
    url.trim_start_matches("http://")
        .trim_end_matches('/')
        .parse()
        .expect("an http://host:port address")
}

/// One request: its head (lines up to the blank line) and body.
fn read_request(stream: &mut TcpStream) -> Option<(String, Vec<u8>)> {
    let mut data = Vec::new();
    let mut buf = [0u8; 16 * 1024];
    let head_end = loop {
        if let Some(at) = data.windows(4).position(|w| w == b"\r\n\r\n") {
            break at + 4;
        }
        let n = stream.read(&mut buf).ok().filter(|n| *n > 0)?;
        data.extend_from_slice(&buf[..n]);
    };
    let head = String::from_utf8_lossy(&data[..head_end]).into_owned();
    let length = head
        .lines()
        .filter_map(|l| l.split_once(':'))
        .find(|(name, _)| name.trim().eq_ignore_ascii_case("content-length"))
        .and_then(|(_, v)| v.trim().parse::<usize>().ok())
        .unwrap_or(0);
    let mut body = data[head_end..].to_vec();
    while body.len() < length {
        let n = stream.read(&mut buf).ok().filter(|n| *n > 0)?;
        body.extend_from_slice(&buf[..n]);
    }
    Some((head, body))
}

/// Sends the request upstream with `connection: close` and reads the whole answer.
fn forward(upstream: SocketAddr, head: &str, body: &[u8]) -> Option<Vec<u8>> {
    let mut server = TcpStream::connect(upstream).ok()?;
    let mut rewritten: String = head
        .trim_end()
        .lines()
        .filter(|l| {
            !l.split_once(':')
                .is_some_and(|(n, _)| n.trim().eq_ignore_ascii_case("connection"))
        })
        .map(|l| format!("{l}\r\n"))
        .collect();
    rewritten.push_str("connection: close\r\n\r\n");
    server.write_all(rewritten.as_bytes()).ok()?;
    server.write_all(body).ok()?;
    let mut answer = Vec::new();
    server.read_to_end(&mut answer).ok()?;
    Some(answer)
}

fn refusal(status: &str, code: &str, extra: &str) -> Vec<u8> {
    let body =
        format!(r#"{{"error":{{"code":"{code}","message":"injected by the fault proxy"}}}}"#);
    format!(
        "HTTP/1.1 {status}\r\ncontent-type: application/json\r\ncontent-length: {}\r\n{extra}connection: close\r\n\r\n{body}",
        body.len()
    )
    .into_bytes()
}

fn serve(
    mut client: TcpStream,
    upstream: &Mutex<SocketAddr>,
    plan: &Mutex<Plan>,
    bytes: &AtomicU64,
) {
    let Some((head, body)) = read_request(&mut client) else {
        return;
    };
    bytes.fetch_add((head.len() + body.len()) as u64, Ordering::SeqCst);
    let line = head.lines().next().unwrap_or_default().to_owned();
    let fault = {
        let mut plan = plan.lock().unwrap_or_else(PoisonError::into_inner);
        let fault = if plan.faults.is_empty() {
            Fault::Pass
        } else {
            let i = plan.next % plan.faults.len();
            plan.next += 1;
            plan.faults[i]
        };
        plan.log.push((fault, line));
        fault
    };
    let upstream = *upstream.lock().unwrap_or_else(PoisonError::into_inner);
    let answer = match fault {
        Fault::Drop => None,
        Fault::ServerError => Some(refusal("500 Internal Server Error", "internal", "")),
        Fault::RateLimited(secs) => Some(refusal(
            "429 Too Many Requests",
            "rate_limited",
            &format!("retry-after: {secs}\r\n"),
        )),
        Fault::Pass | Fault::Delay(_) | Fault::Truncate | Fault::LoseAnswer => {
            if let Fault::Delay(pause) = fault {
                thread::sleep(pause);
            }
            let answer = forward(upstream, &head, &body);
            match fault {
                Fault::LoseAnswer => None,
                Fault::Truncate => answer.map(|a| {
                    let cut = a
                        .windows(4)
                        .position(|w| w == b"\r\n\r\n")
                        .map_or(a.len() / 2, |h| h + 4 + (a.len() - h - 4) / 2);
                    a[..cut].to_vec()
                }),
                _ => answer,
            }
        }
    };
    if let Some(answer) = answer {
        bytes.fetch_add(answer.len() as u64, Ordering::SeqCst);
        let _ = client.write_all(&answer);
    }
    let _ = client.shutdown(Shutdown::Both);
}
