//! The pub/sub side of the Redis buffer: wake-ups for channels held here, answers for senders
//! waiting here. Reconnects by itself; after every (re)subscribe it asks for a resync, since
//! messages published while it was away are gone.

use super::channel::Event;
use bytes::Bytes;
use futures_util::StreamExt as _;
use redis::Client;
use std::time::Duration;
use tokio::sync::mpsc;

/// The topic every node listens on for "a request arrived on a channel you hold".
pub(super) const WAKE_TOPIC: &str = "hookcli:wake";

/// Pause between tries while Redis is away.
const RETRY: Duration = Duration::from_millis(300);

/// Subscribe to the wake topic and this node's topic; forward what arrives to `tx` until its
/// receiver is dropped.
pub(super) async fn listen(client: Client, node_topic: String, tx: mpsc::UnboundedSender<Event>) {
    loop {
        if tx.is_closed() {
            return;
        }
        if let Ok(mut ps) = client.get_async_pubsub().await
            && ps.subscribe(WAKE_TOPIC).await.is_ok()
            && ps.subscribe(&node_topic).await.is_ok()
        {
            if tx.send(Event::Resync).is_err() {
                return;
            }
            let mut messages = ps.on_message();
            while let Some(msg) = messages.next().await {
                let event = if msg.get_channel_name() == node_topic {
                    let payload = msg.get_payload_bytes();
                    let Some(nl) = payload.iter().position(|b| *b == b'\n') else {
                        continue;
                    };
                    Event::Answer {
                        channel: String::from_utf8_lossy(&payload[..nl]).into_owned(),
                        frame: Bytes::copy_from_slice(&payload[nl + 1..]),
                    }
                } else {
                    Event::Wake(String::from_utf8_lossy(msg.get_payload_bytes()).into_owned())
                };
                if tx.send(event).is_err() {
                    return;
                }
            }
        }
        tokio::time::sleep(RETRY).await;
    }
}
