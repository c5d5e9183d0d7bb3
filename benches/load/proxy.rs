//! The floor of a hyper reverse proxy: what forwarding costs on this machine when nothing
//! else is done — no capture, no store, no verification, no copy of the body. Each client
//! connection gets one keep-alive upstream connection, driven on the same worker, and the
//! request and response bodies stream through untouched. hookcli's forward can only be
//! slower than this; nginx beside it says how far hyper itself is from nginx.
#![allow(dead_code)]

use hyper::body::Incoming;
use hyper::client::conn::http1::SendRequest;
use hyper::service::service_fn;
use hyper_util::rt::TokioIo;
use std::net::SocketAddr;
use std::sync::Arc;
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::Mutex;

/// The floor proxy to `upstream` on two threads of its own (like nginx's `auto` workers
/// here), each a one-thread runtime accepting from the same socket, so a request and its
/// forward never change threads; its address.
pub fn start(upstream: SocketAddr) -> SocketAddr {
    let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    l.set_nonblocking(true).unwrap();
    let addr = l.local_addr().unwrap();
    for _ in 0..2 {
        let l = l.try_clone().unwrap();
        std::thread::spawn(move || {
            let rt = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .unwrap();
            rt.block_on(async move {
                let l = TcpListener::from_std(l).unwrap();
                loop {
                    let Ok((s, _)) = l.accept().await else {
                        continue;
                    };
                    let _ = s.set_nodelay(true);
                    tokio::spawn(serve(s, upstream));
                }
            });
        });
    }
    addr
}

async fn serve(s: TcpStream, upstream: SocketAddr) {
    let Ok(up) = TcpStream::connect(upstream).await else {
        return;
    };
    let _ = up.set_nodelay(true);
    let Ok((sender, conn)) = hyper::client::conn::http1::handshake(TokioIo::new(up)).await else {
        return;
    };
    tokio::spawn(conn);
    // HTTP/1 serves one request at a time per connection: the lock is never contended.
    let sender: Arc<Mutex<SendRequest<Incoming>>> = Arc::new(Mutex::new(sender));
    let svc = service_fn(move |req: hyper::Request<Incoming>| {
        let sender = Arc::clone(&sender);
        async move { sender.lock().await.send_request(req).await }
    });
    let _ = hyper::server::conn::http1::Builder::new()
        .serve_connection(TokioIo::new(s), svc)
        .await;
}
