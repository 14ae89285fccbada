//! Keeps a connection sound when the answer comes before the request's body was read to its end
//! (a refusal by method, token, rate limit, headers or size). Without care, hyper closes such a
//! connection while the client is still sending: the client's write fails with a broken pipe
//! and it never sees the 413 or 429 (with its `Retry-After`) meant for it, and a client that pools
//! connections sends its next request on the closed one. So the rest of a body of known, bounded
//! length is read and dropped after the answer (what web servers call a lingering close), which
//! keeps the connection usable; a larger or unbounded rest gets `Connection: close` instead.

use std::{
    pin::Pin,
    sync::{
        Arc, Mutex,
        atomic::{AtomicBool, AtomicU64, Ordering},
    },
    task::{Context, Poll},
    time::Duration,
};

use axum::{
    body::{Body, Bytes, HttpBody},
    extract::Request,
    http::{HeaderValue, header::CONNECTION},
    middleware::Next,
    response::Response,
};
use http_body::{Frame, SizeHint};
use http_body_util::BodyExt;

/// The most of an unread rest the server reads to keep the connection.
const DRAIN_BYTES: u64 = 8 * 1024 * 1024;
/// How long the server waits for that rest before it gives the connection up.
const DRAIN_TIME: Duration = Duration::from_secs(30);

/// What a request's body left behind: whether it ended, how much was read, and the unread
/// body itself once the handler let go of it.
#[derive(Default)]
struct Trace {
    ended: AtomicBool,
    read: AtomicU64,
    rest: Mutex<Option<Body>>,
}

/// A request body that notes how far it was read and hands back its rest when dropped.
struct Watched {
    inner: Option<Body>,
    trace: Arc<Trace>,
}

impl HttpBody for Watched {
    type Data = Bytes;
    type Error = axum::Error;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, axum::Error>>> {
        let this = &mut *self;
        let Some(inner) = this.inner.as_mut() else {
            return Poll::Ready(None);
        };
        let polled = Pin::new(&mut *inner).poll_frame(cx);
        if let Poll::Ready(Some(Ok(frame))) = &polled
            && let Some(data) = frame.data_ref()
        {
            this.trace
                .read
                .fetch_add(data.len() as u64, Ordering::Relaxed);
        }
        let ended = matches!(polled, Poll::Ready(None)) || inner.is_end_stream();
        if ended {
            this.trace.ended.store(true, Ordering::Relaxed);
        }
        polled
    }

    fn is_end_stream(&self) -> bool {
        self.inner.as_ref().is_none_or(HttpBody::is_end_stream)
    }

    fn size_hint(&self) -> SizeHint {
        self.inner
            .as_ref()
            .map_or_else(|| SizeHint::with_exact(0), HttpBody::size_hint)
    }
}

impl Drop for Watched {
    fn drop(&mut self) {
        if !self.trace.ended.load(Ordering::Relaxed)
            && let Some(inner) = self.inner.take()
            && let Ok(mut rest) = self.trace.rest.lock()
        {
            *rest = Some(inner);
        }
    }
}

pub async fn close_unread(request: Request, next: Next) -> Response {
    if request.body().is_end_stream() {
        return next.run(request).await;
    }
    let declared = request.body().size_hint().exact();
    let trace = Arc::new(Trace::default());
    let watched = trace.clone();
    let request = request.map(|inner| {
        Body::new(Watched {
            inner: Some(inner),
            trace: watched,
        })
    });
    let mut response = next.run(request).await;
    if trace.ended.load(Ordering::Relaxed) {
        return response;
    }
    let unread = declared.map(|length| length.saturating_sub(trace.read.load(Ordering::Relaxed)));
    let rest = trace.rest.lock().ok().and_then(|mut rest| rest.take());
    match (rest, unread) {
        (Some(rest), Some(unread)) if unread <= DRAIN_BYTES => {
            tokio::spawn(drain(rest));
        }
        _ => {
            response
                .headers_mut()
                .insert(CONNECTION, HeaderValue::from_static("close"));
        }
    }
    response
}

/// Reads `rest` to its end and drops it; a client that stops sending loses the connection
/// after [`DRAIN_TIME`], when the body is dropped.
async fn drain(mut rest: Body) {
    let _ = tokio::time::timeout(DRAIN_TIME, async {
        while let Some(Ok(_)) = rest.frame().await {}
    })
    .await;
}
