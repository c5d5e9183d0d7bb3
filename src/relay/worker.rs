//! The client's worker: runs relayed requests through the local pipeline one at a time, in
//! arrival order, and says for each whether it is stored (answer/ack) or not (nack).
//!
//! It outlives any one connection, so answers finished while the link was down go out on the
//! next one. It remembers recently stored ids, so a redelivery is acked, not run twice. Once
//! a request could not be stored, every later one is nacked unseen until that one comes back
//! (the relay restarts delivery from it after a pause): the store never gets them out of order.

use super::protocol::{self, ClientMessage, RequestHead};
use crate::capture::{Capture, Origin};
use crate::pipeline::Pipeline;
use bytes::Bytes;
use std::collections::{HashSet, VecDeque};
use std::sync::Arc;
use tokio::sync::mpsc;

/// What the session hands the worker.
pub(super) enum Work {
    /// A request from the relay, body raw.
    Request(RequestHead, Bytes),
    /// A new connection: the relay starts over from its oldest waiting request.
    NewLink,
}

/// Ids handled recently, oldest forgotten first.
pub(super) struct Recent {
    order: VecDeque<String>,
    set: HashSet<String>,
    cap: usize,
}

impl Recent {
    pub fn new(cap: usize) -> Recent {
        Recent {
            order: VecDeque::with_capacity(cap),
            set: HashSet::with_capacity(cap),
            cap,
        }
    }

    pub fn contains(&self, id: &str) -> bool {
        self.set.contains(id)
    }

    pub fn insert(&mut self, id: String) {
        if self.order.len() == self.cap
            && let Some(old) = self.order.pop_front()
        {
            self.set.remove(&old);
        }
        self.set.insert(id.clone());
        self.order.push_back(id);
    }
}

/// Handle relayed requests one by one, in order; push each answer (ack or nack) to `out`.
pub(super) async fn work(
    pipeline: Arc<Pipeline>,
    mut rx: mpsc::UnboundedReceiver<Work>,
    out: mpsc::UnboundedSender<Bytes>,
) {
    let mut recent = Recent::new(4096);
    // The first request not stored: nothing after it is handled until it is.
    let mut blocked: Option<String> = None;
    let send = |msg: &ClientMessage, body: &[u8]| {
        let _ = out.send(protocol::encode(msg, body));
    };
    while let Some(item) = rx.recv().await {
        let (head, body) = match item {
            Work::NewLink => {
                blocked = None;
                continue;
            }
            Work::Request(head, body) => (head, body),
        };
        if !protocol::valid_id(&head.id) {
            // Never used, not even in a reply: it could be a path (`../x`) or anything else.
            pipeline.warn(format!(
                "refused a relayed request: its id {:?} is not a capture id",
                head.id.chars().take(64).collect::<String>()
            ));
            continue;
        }
        if recent.contains(&head.id) {
            send(&ClientMessage::Ack { id: head.id }, &[]);
            continue;
        }
        if let Some(first) = &blocked {
            if *first != head.id {
                let reason = format!("waiting for {first} to be stored first");
                send(
                    &ClientMessage::Nack {
                        id: head.id,
                        reason,
                    },
                    &[],
                );
                continue;
            }
            blocked = None;
        }
        let id = head.id.clone();
        let reply = pipeline.handle(capture_of(head, body)).await;
        if let Some(reason) = reply.unstored {
            blocked = Some(id.clone());
            send(&ClientMessage::Nack { id, reason }, &[]);
            continue;
        }
        let answer = ClientMessage::Answer {
            id: id.clone(),
            status: reply.status.as_u16(),
            headers: crate::http::header_pairs(&reply.headers),
        };
        recent.insert(id);
        send(&answer, &reply.body);
    }
}

/// The capture of a relayed request: the relay's id and time, `origin: relay`. The body is
/// whole: the relay's `--max-body` already applied, and the local one is for local senders.
pub(super) fn capture_of(head: RequestHead, body: Bytes) -> Capture {
    let mut c = Capture::new(Origin::Relay, head.method, head.url);
    c.id = head.id;
    if let Some(t) = crate::capture::parse_time(&head.received_at) {
        c.received_at = t;
    }
    c.remote_addr = head.remote_addr;
    c.http_version = head.http_version;
    c.headers = head.headers;
    c.body_size = body.len() as u64;
    c.body = body;
    c
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recent_ids_forget_the_oldest() {
        let mut r = Recent::new(2);
        r.insert("a".into());
        r.insert("b".into());
        r.insert("c".into());
        assert!(!r.contains("a") && r.contains("b") && r.contains("c"));
    }
}
