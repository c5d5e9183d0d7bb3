//! Per-connection guards: the idle watchdog, the in-flight count, and the 503 for one too many.
//!
//! Why not leave it to hyper: hyper's header read timeout starts only once the HTTP/1 parser
//! runs, but the auto (HTTP/1 or HTTP/2) builder first waits, with no timeout at all, for
//! enough bytes to tell the two apart. A peer that connects and says nothing, or sends half
//! an HTTP/2 preface, would hold its connection (and a `--max-connections` slot) forever. An
//! idle HTTP/2 connection has no timer either. So every connection gets a watchdog here: no
//! bytes either way for `idle` while no request is being answered, and the connection is
//! dropped. A request being answered (say, waiting on a dev server at a breakpoint) is never
//! cut by it; `--timeout` is the forward's own limit.

use std::io;
use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::task::{Context, Poll};
use std::time::{Duration, Instant};
use tokio::io::{AsyncRead, AsyncReadExt as _, AsyncWrite, AsyncWriteExt as _, ReadBuf};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

/// Refusals (503s) being written at once; past this a connection over the limit is just closed,
/// so a flood cannot grow tasks without bound either.
const MAX_REFUSING: usize = 64;

/// The door both servers (listener and relay) accept through: at most `max` connections
/// served at once, the next one answered 503 and closed at bounded cost.
pub struct Gate {
    slots: Arc<Semaphore>,
    refusing: Arc<Semaphore>,
    busy: Arc<[u8]>,
    max: usize,
    at_limit: bool,
}

/// What [`Gate::accept`] let through, or what the caller should say.
pub enum Admit {
    /// Serve this connection; the permit is its slot (drop it when the connection ends).
    In(TcpStream, std::net::SocketAddr, OwnedSemaphorePermit),
    /// Something worth one warning line (the first refusal of an episode, an accept error).
    Warn(String),
    /// Nothing to do: a refused connection, answered in the background.
    Quiet,
}

impl Gate {
    pub fn new(max: usize) -> Gate {
        let max = max.max(1);
        Gate {
            slots: Arc::new(Semaphore::new(max)),
            refusing: Arc::new(Semaphore::new(MAX_REFUSING)),
            busy: busy_response(max).into(),
            max,
            at_limit: false,
        }
    }

    /// Another door to the same slots: the listener's per-core threads each accept through
    /// one, and `--max-connections` still counts the connections of all of them.
    pub fn shared(&self) -> Gate {
        Gate {
            slots: Arc::clone(&self.slots),
            refusing: Arc::clone(&self.refusing),
            busy: Arc::clone(&self.busy),
            max: self.max,
            at_limit: false,
        }
    }

    /// Accept the next connection and decide on it.
    pub async fn accept(&mut self, listener: &TcpListener) -> Admit {
        let (stream, remote) = match listener.accept().await {
            Ok(pair) => pair,
            Err(e) => {
                // Out of file descriptors and the like: say so, breathe, keep serving.
                tokio::time::sleep(Duration::from_millis(50)).await;
                return Admit::Warn(format!("cannot accept a connection ({e})"));
            }
        };
        let Ok(slot) = Arc::clone(&self.slots).try_acquire_owned() else {
            if let Ok(permit) = Arc::clone(&self.refusing).try_acquire_owned() {
                let busy = Arc::clone(&self.busy);
                tokio::spawn(async move {
                    refuse(stream, busy).await;
                    drop(permit);
                });
            }
            if self.at_limit {
                return Admit::Quiet;
            }
            // Once per episode, not once per refused connection: a flood must not flood stderr.
            self.at_limit = true;
            return Admit::Warn(format!(
                "{} connections open (--max-connections): answering new ones 503",
                self.max
            ));
        };
        self.at_limit = false;
        let _ = stream.set_nodelay(true);
        Admit::In(stream, remote, slot)
    }
}

/// When a connection last moved, and how many of its requests are being answered.
pub struct Activity {
    base: Instant,
    last_ms: AtomicU64,
    in_flight: AtomicUsize,
}

impl Activity {
    pub fn new() -> Arc<Activity> {
        Arc::new(Activity {
            base: Instant::now(),
            last_ms: AtomicU64::new(0),
            in_flight: AtomicUsize::new(0),
        })
    }

    fn touch(&self) {
        let ms = self.base.elapsed().as_millis() as u64;
        self.last_ms.fetch_max(ms, Ordering::Relaxed);
    }

    fn last(&self) -> Instant {
        self.base + Duration::from_millis(self.last_ms.load(Ordering::Relaxed))
    }

    /// Mark a request as being answered until the returned guard drops (also on cancel).
    pub fn begin(self: &Arc<Self>) -> InFlight {
        self.in_flight.fetch_add(1, Ordering::Relaxed);
        self.touch();
        InFlight(Arc::clone(self))
    }

    /// Resolves once the connection has been idle for `idle` with nothing in flight.
    pub async fn idle(&self, idle: Duration) {
        loop {
            if self.in_flight.load(Ordering::Relaxed) > 0 {
                tokio::time::sleep(idle).await;
                continue;
            }
            let deadline = self.last() + idle;
            if Instant::now() >= deadline {
                return;
            }
            tokio::time::sleep_until(deadline.into()).await;
        }
    }
}

/// One request being answered; dropping it counts as activity (the idle clock restarts).
pub struct InFlight(Arc<Activity>);

impl Drop for InFlight {
    fn drop(&mut self) {
        self.0.touch();
        self.0.in_flight.fetch_sub(1, Ordering::Relaxed);
    }
}

/// A socket that reports every byte moved to its `Activity`.
pub struct Watched {
    pub stream: TcpStream,
    pub activity: Arc<Activity>,
}

impl Watched {
    pub fn new(stream: TcpStream) -> Watched {
        Watched {
            stream,
            activity: Activity::new(),
        }
    }
}

impl AsyncRead for Watched {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        let before = buf.filled().len();
        let r = Pin::new(&mut self.stream).poll_read(cx, buf);
        if matches!(r, Poll::Ready(Ok(()))) && buf.filled().len() > before {
            self.activity.touch();
        }
        r
    }
}

impl AsyncWrite for Watched {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        let r = Pin::new(&mut self.stream).poll_write(cx, buf);
        if matches!(r, Poll::Ready(Ok(n)) if n > 0) {
            self.activity.touch();
        }
        r
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.stream).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.stream).poll_shutdown(cx)
    }

    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        let r = Pin::new(&mut self.stream).poll_write_vectored(cx, bufs);
        if matches!(r, Poll::Ready(Ok(n)) if n > 0) {
            self.activity.touch();
        }
        r
    }

    fn is_write_vectored(&self) -> bool {
        self.stream.is_write_vectored()
    }
}

/// The whole answer to a connection over `--max-connections`.
pub fn busy_response(max: usize) -> Vec<u8> {
    let body = format!("hookcli: too many connections (over --max-connections {max}); retry\n");
    format!(
        "HTTP/1.1 503 Service Unavailable\r\ncontent-type: text/plain; charset=utf-8\r\n\
         content-length: {}\r\nretry-after: 1\r\nconnection: close\r\n\r\n{body}",
        body.len()
    )
    .into_bytes()
}

/// Answer one connection too many with the 503 and close it. The request is drained (briefly,
/// bounded) after the answer so the close is a FIN, not a reset that could eat the answer.
pub async fn refuse(mut stream: TcpStream, answer: Arc<[u8]>) {
    let _ = tokio::time::timeout(Duration::from_secs(2), async {
        stream.write_all(&answer).await?;
        stream.shutdown().await?;
        let mut sink = [0u8; 4096];
        let mut left: usize = 64 * 1024;
        while left > 0 {
            let n = stream.read(&mut sink).await?;
            if n == 0 {
                break;
            }
            left = left.saturating_sub(n);
        }
        io::Result::Ok(())
    })
    .await;
}
