//! Group appends: the requests one thread answers in the same turn of its event loop go
//! into the spool with one `writev` instead of one each.
//!
//! Why: an append is a system call into the file system (about 2 µs on ext4), and the
//! segment's lock that every thread takes for it was contended besides: together an
//! eighth of a request thread's time under a flood. The first request of a turn leads: it
//! yields once, so the other connections the event loop found ready add their frames, then
//! writes them all and wakes each sender with its own position. A sender is answered only
//! after the write that holds its frame, as with a single append; a failed write fails
//! every frame in it, and none of them is kept.
//!
//! One group per thread: the requests of a thread's connections run on it, so the leader
//! wakes its followers without a system call. A leader that a multi-thread runtime moves
//! to another thread still writes the group it started (it holds it, not the thread's).

use super::spool::{Frame, Spool};
use crate::capture::Capture;
use std::cell::RefCell;
use std::io;
use std::sync::{Arc, Mutex, Weak};
use tokio::sync::oneshot;

type Reply = oneshot::Sender<io::Result<(u64, u64)>>;

#[derive(Default)]
struct Group {
    frames: Vec<Frame>,
    replies: Vec<Reply>,
    /// A leader is on its way to write `frames`.
    led: bool,
}

/// A thread's group, and the spool it is for (a process has one).
type Mine = Option<(Weak<Spool>, Arc<Mutex<Group>>)>;

thread_local! {
    static GROUPS: RefCell<Mine> = const { RefCell::new(None) };
}

/// The calling thread's group for `spool`.
fn group_of(spool: &Arc<Spool>) -> Arc<Mutex<Group>> {
    GROUPS.with(|g| {
        let mut g = g.borrow_mut();
        match &*g {
            // A live `Weak` keeps its allocation, so no other spool can have this address.
            Some((s, group)) if std::ptr::eq(s.as_ptr(), Arc::as_ptr(spool)) => Arc::clone(group),
            _ => {
                let group = Arc::new(Mutex::new(Group::default()));
                *g = Some((Arc::downgrade(spool), Arc::clone(&group)));
                group
            }
        }
    })
}

fn lock(g: &Mutex<Group>) -> std::sync::MutexGuard<'_, Group> {
    g.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// [`Spool::append`] together with the other appends of this thread's turn.
pub async fn append(spool: &Arc<Spool>, c: Arc<Capture>, complete: bool) -> io::Result<(u64, u64)> {
    let frame = Frame::new(c, complete, None);
    let group = group_of(spool);
    let (tx, rx) = oneshot::channel();
    let lead = {
        let mut g = lock(&group);
        g.frames.push(frame);
        g.replies.push(tx);
        !std::mem::replace(&mut g.led, true)
    };
    if lead {
        let lead = Lead {
            spool,
            group: &group,
        };
        // Let the other ready connections of this turn join.
        tokio::task::yield_now().await;
        drop(lead);
    }
    rx.await
        .unwrap_or_else(|_| Err(io::Error::other("the spool's group write stopped")))
}

/// The leader's duty: once dropped, the group is written — also when the leader's request
/// is dropped on its way (a peer gone, a timeout), so no follower waits for ever.
struct Lead<'a> {
    spool: &'a Spool,
    group: &'a Mutex<Group>,
}

impl Drop for Lead<'_> {
    fn drop(&mut self) {
        let (frames, replies) = {
            let mut g = lock(self.group);
            g.led = false;
            (
                std::mem::take(&mut g.frames),
                std::mem::take(&mut g.replies),
            )
        };
        match self.spool.append_all(frames) {
            Ok((generation, ends)) => {
                for (tx, end) in replies.into_iter().zip(ends) {
                    let _ = tx.send(Ok((generation, end)));
                }
            }
            Err(e) => {
                for tx in replies {
                    let _ = tx.send(Err(io::Error::new(e.kind(), e.to_string())));
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::capture::Origin;
    use crate::store::spool::read;
    use std::future::Future;
    use std::pin::pin;
    use std::task::{Context, Poll, Waker};

    fn capture(n: usize) -> Arc<Capture> {
        let mut c = Capture::new(Origin::Local, "POST", "/hook");
        c.body = bytes::Bytes::from(format!("{{\"n\":{n}}}"));
        Arc::new(c)
    }

    fn stored(spool: &Spool) -> Vec<String> {
        let (name, _) = spool.head();
        read(&spool.dir().join(name), 0, None, u64::MAX)
            .unwrap()
            .0
            .iter()
            .map(|f| String::from_utf8_lossy(&f.capture.body).into_owned())
            .collect()
    }

    #[tokio::test]
    async fn the_appends_of_one_turn_are_written_in_order_each_answered_with_its_own_end() {
        let dir = tempfile::tempdir().unwrap();
        let spool = Arc::new(Spool::create(dir.path(), false).unwrap());
        let tasks: Vec<_> = (0..20)
            .map(|n| {
                let spool = Arc::clone(&spool);
                tokio::spawn(async move { append(&spool, capture(n), true).await.unwrap() })
            })
            .collect();
        let mut ends = Vec::new();
        for t in tasks {
            ends.push(t.await.unwrap().1);
        }
        let want: Vec<String> = (0..20).map(|n| format!("{{\"n\":{n}}}")).collect();
        assert_eq!(stored(&spool), want);
        // Each sender learns where its own frame ends: all different, the last at the end.
        let mut sorted = ends.clone();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(sorted.len(), 20);
        assert_eq!(sorted.last(), Some(&spool.head().1));
        assert_eq!(spool.appended(), 20);
    }

    #[test]
    fn a_leader_dropped_on_its_way_still_writes_the_frames_of_its_followers() {
        let dir = tempfile::tempdir().unwrap();
        let spool = Arc::new(Spool::create(dir.path(), false).unwrap());
        let mut cx = Context::from_waker(Waker::noop());
        let mut leader = Box::pin(append(&spool, capture(1), true));
        assert!(
            leader.as_mut().poll(&mut cx).is_pending(),
            "the leader waits a turn"
        );
        let mut follower = pin!(append(&spool, capture(2), true));
        assert!(follower.as_mut().poll(&mut cx).is_pending());
        assert!(stored(&spool).is_empty());
        // The leader's request goes away (its peer hung up): the group is written anyway.
        drop(leader);
        match follower.as_mut().poll(&mut cx) {
            Poll::Ready(Ok((_, end))) => assert_eq!(end, spool.head().1),
            other => panic!("the follower is answered, not {other:?}"),
        }
        assert_eq!(stored(&spool), ["{\"n\":1}", "{\"n\":2}"]);
    }
}
