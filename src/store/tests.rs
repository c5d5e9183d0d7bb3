//! The store's own behaviour: round trips, lookups, positions, retention, import, legacy.

use super::*;
use crate::capture::Origin;

fn cap(body: &str) -> Capture {
    let mut c = Capture::new(Origin::Local, "POST", "/hook");
    c.body = bytes::Bytes::copy_from_slice(body.as_bytes());
    c.body_size = c.body.len() as u64;
    c
}

#[test]
fn appended_captures_survive_a_reopen_in_order_and_identical() {
    let dir = tempfile::tempdir().unwrap();
    let written: Vec<Capture> = {
        let s = Store::open(dir.path()).unwrap();
        (0..5)
            .map(|i| {
                let c = cap(&format!("{{\"n\":{i}}}"));
                s.append(&c).unwrap();
                c
            })
            .collect()
    };
    let s = Store::open(dir.path()).unwrap();
    let loaded = s.load(None).unwrap();
    let got: Vec<String> = loaded.captures.iter().map(Capture::to_json).collect();
    let want: Vec<String> = written.iter().map(Capture::to_json).collect();
    assert_eq!(got, want);
    assert_eq!(s.load(Some(2)).unwrap().captures.len(), 2);
    assert_eq!(s.find("last").unwrap().id, written[4].id);
    assert_eq!(
        s.find(&written[2].id.to_lowercase()).unwrap().id,
        written[2].id
    );
    assert_eq!(s.count().unwrap(), 5);
}

#[test]
fn a_later_write_of_an_id_replaces_it_and_moves_its_position() {
    let dir = tempfile::tempdir().unwrap();
    let s = Store::open(dir.path()).unwrap();
    let mut c = cap("a");
    let first = s.append(&c).unwrap();
    s.append(&cap("b")).unwrap();
    c.response_status = Some(204);
    let again = s.append(&c).unwrap();
    assert!(again > first);
    let loaded = s.load(None).unwrap();
    assert_eq!(loaded.captures.len(), 2);
    assert_eq!(s.get(&c.id).unwrap().unwrap().response_status, Some(204));
    let tail: Vec<String> = s
        .after(first, 10, true)
        .unwrap()
        .into_iter()
        .map(|t| t.capture.id.clone())
        .collect();
    assert_eq!(tail.last(), Some(&c.id));
}

#[test]
fn prefix_lookup_reports_ambiguity_and_short_keys() {
    let dir = tempfile::tempdir().unwrap();
    let s = Store::open(dir.path()).unwrap();
    for _ in 0..3 {
        s.append(&cap("x")).unwrap();
    }
    let first = s.load(None).unwrap().captures[0].id.clone();
    match s
        .find(&first[..4])
        .unwrap_err()
        .downcast::<FindError>()
        .unwrap()
    {
        FindError::Ambiguous { candidates, .. } => assert_eq!(candidates.len(), 3),
        other => panic!("expected ambiguity, got {other}"),
    }
    assert!(matches!(
        s.find("01J").unwrap_err().downcast::<FindError>().unwrap(),
        FindError::TooShort(_)
    ));
    assert!(matches!(
        s.find("ZZZZZZ")
            .unwrap_err()
            .downcast::<FindError>()
            .unwrap(),
        FindError::NotFound(_)
    ));
}

#[test]
fn ids_not_made_here_are_found_by_their_own_spelling() {
    let dir = tempfile::tempdir().unwrap();
    let s = Store::open(dir.path()).unwrap();
    for id in ["evt-lower-case", "EVT-LOWER-CASE", "quote\"d"] {
        let mut c = cap("x");
        c.id = id.into();
        s.append(&c).unwrap();
    }
    for c in &s.load(None).unwrap().captures {
        assert_eq!(s.find(&c.id).unwrap().id, c.id);
    }
    assert_eq!(s.find("QUOTE").unwrap().id, "quote\"d");
    assert!(matches!(
        s.find("Evt-Lower-Case")
            .unwrap_err()
            .downcast::<FindError>()
            .unwrap(),
        FindError::Ambiguous { .. }
    ));
}

#[test]
fn filters_run_in_sql_and_in_memory_alike() {
    let dir = tempfile::tempdir().unwrap();
    let s = Store::open(dir.path()).unwrap();
    let mut a = cap("{\"type\":\"charge.succeeded\"}");
    a.method = "PUT".into();
    a.response_status = Some(502);
    let mut b = cap("plain");
    b.url = "/other?q=1".into();
    b.response_status = Some(200);
    for c in [&a, &b] {
        s.append(c).unwrap();
    }
    for (expr, want) in [
        ("method:put", vec![&a.id]),
        ("status:5xx", vec![&a.id]),
        ("status:200", vec![&b.id]),
        ("path:/oth", vec![&b.id]),
        ("charge", vec![&a.id]),
        ("verdict:unsigned", vec![&a.id, &b.id]),
        ("origin:replay", vec![]),
    ] {
        let f = Filter::parse(expr).unwrap();
        let got: Vec<String> = s
            .newest(10, Some(&f))
            .unwrap()
            .into_iter()
            .map(|x| x.id)
            .collect();
        let want: Vec<String> = want.into_iter().cloned().collect();
        assert_eq!(got, want, "{expr}");
    }
}

#[test]
fn retention_keeps_the_newest_and_drops_the_old() {
    let dir = tempfile::tempdir().unwrap();
    let s = Store::open(dir.path()).unwrap();
    let mut old = cap("old");
    old.received_at -= time::Duration::days(40);
    s.append(&old).unwrap();
    let ids: Vec<String> = (0..4)
        .map(|_| {
            let c = cap("n");
            s.append(&c).unwrap();
            c.id
        })
        .collect();
    let conn = connect(s.path(), Options::default()).unwrap();
    let r = Retention {
        keep: None,
        keep_for: Some(Duration::from_secs(30 * 86_400)),
    };
    assert_eq!(retention::enforce(&conn, r, || false).unwrap(), 1);
    let r = Retention {
        keep: Some(2),
        keep_for: None,
    };
    assert_eq!(retention::enforce(&conn, r, || false).unwrap(), 2);
    let left: Vec<String> = s
        .load(None)
        .unwrap()
        .captures
        .into_iter()
        .map(|c| c.id)
        .collect();
    assert_eq!(left, ids[2..]);
}

#[test]
fn importing_twice_stores_once_and_keeps_ids_unless_taken() {
    let dir = tempfile::tempdir().unwrap();
    let s = Store::open(dir.path()).unwrap();
    let held = cap("held");
    s.append(&held).unwrap();
    let mut clash = cap("another");
    clash.id = held.id.clone();
    let fresh = cap("fresh");
    let input = || vec![Ok(clash.clone()), Ok(fresh.clone())];
    let first = s.import(input()).unwrap();
    assert_eq!((first.stored, first.renamed, first.already), (2, 1, 0));
    let second = s.import(input()).unwrap();
    assert_eq!((second.stored, second.already), (0, 2), "{second:?}");
    assert_eq!(s.get(&fresh.id).unwrap().unwrap().origin, Origin::Import);
    // Stored once even when it clashed: the renamed copy is found the second time too.
    let again = s.import(vec![Ok(held.clone())]).unwrap();
    assert_eq!(again.already, 1);
}

#[cfg(unix)]
#[test]
fn the_store_is_private_to_the_user() {
    use std::os::unix::fs::PermissionsExt as _;
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("s");
    let s = Store::open(&store).unwrap();
    s.append(&cap("x")).unwrap();
    let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(&store), 0o700);
    assert_eq!(mode(s.path()), 0o600);
    assert_eq!(mode(&store.join(format!("{DB_FILE}-wal"))), 0o600);
    // The spool holds the same bodies and headers until the database has them.
    let spool = store.join(spool::DIR);
    assert_eq!(mode(&spool), 0o700);
    let segments = spool::segments(&spool);
    assert_eq!(segments.len(), 1, "this process's segment");
    assert_eq!(mode(&spool.join(&segments[0].0)), 0o600);
}

#[test]
fn a_damaged_database_is_an_error_with_a_hint() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join(DB_FILE), vec![7u8; 5000]).unwrap();
    let e = Store::open(dir.path()).err().unwrap();
    let fail = e
        .downcast_ref::<crate::error::Fail>()
        .expect("a user error");
    assert!(fail.message.contains("damaged"), "{}", fail.message);
    assert!(fail.hint.as_deref().unwrap().contains(".broken"));
}

#[test]
fn the_page_before_an_id_is_the_captures_just_older() {
    let dir = tempfile::tempdir().unwrap();
    let s = Store::open(dir.path()).unwrap();
    let ids: Vec<String> = (0..5)
        .map(|_| {
            let c = cap("x");
            s.append(&c).unwrap();
            c.id
        })
        .collect();
    let page: Vec<String> = s
        .before(&ids[3], 2)
        .unwrap()
        .into_iter()
        .map(|c| c.id)
        .collect();
    assert_eq!(page, ids[1..3]);
    assert!(s.before(&ids[0], 2).unwrap().is_empty());
}

#[test]
fn pages_of_a_filtered_window_reach_the_oldest_match_in_both_grammars() {
    let dir = tempfile::tempdir().unwrap();
    let s = Store::open(dir.path()).unwrap();
    let mut all: Vec<Capture> = (0..3000)
        .map(|i| {
            let mut c = cap(&format!("{{\"n\":{i}}}"));
            c.url = format!("/hook/{i}");
            c
        })
        .collect();
    all[0].url = "/oldest".into();
    all[0].body = bytes::Bytes::from_static(b"needle");
    all[0].body_size = 6;
    s.bulk_insert(all.clone()).unwrap();
    use window::From;
    for expr in ["path:/oldest", "needle"] {
        let f = Filter::parse(expr).unwrap();
        let got = s.page(Some(&f), &From::Newest, 1000).unwrap();
        assert_eq!(got.len(), 1, "{expr}");
        assert_eq!(got[0].id, all[0].id, "{expr}");
    }
    let path = Filter::parse("path:/oldest").unwrap();
    assert_eq!(s.count_matching(Some(&path)).unwrap(), Some(1));
    assert_eq!(
        s.count_matching(Some(&Filter::parse("needle").unwrap()))
            .unwrap(),
        None
    );
    // Unfiltered pages go by id, oldest first within a page, from either end.
    let newest = s.page(None, &From::Newest, 1000).unwrap();
    assert_eq!(newest.last().unwrap().id, all[2999].id);
    assert_eq!(newest[0].id, all[2000].id);
    let before = s
        .page(None, &From::Before(newest[0].id.clone()), 1000)
        .unwrap();
    assert_eq!(
        (before[0].id.as_str(), before[999].id.as_str()),
        (all[1000].id.as_str(), all[1999].id.as_str())
    );
    let oldest = s.page(None, &From::Oldest, 2).unwrap();
    assert_eq!(oldest[0].id, all[0].id);
    let after = s.page(None, &From::After(oldest[1].id.clone()), 3).unwrap();
    assert_eq!(after[0].id, all[2].id);
}

#[test]
fn every_waiting_append_hears_back_while_others_flood_the_queue() {
    let dir = tempfile::tempdir().unwrap();
    let s = Arc::new(Store::open(dir.path()).unwrap());
    let (tx, rx) = std::sync::mpsc::channel();
    // Writers that wait for their position, beside writers that do not (more than the
    // in-memory queue holds, so some entries are read back from the spool file).
    for t in 0..4 {
        let (s, tx) = (Arc::clone(&s), tx.clone());
        std::thread::spawn(move || {
            for n in 0..150 {
                let seq = s.append(&cap(&format!("{{\"t\":{t},\"n\":{n}}}"))).unwrap();
                tx.send(seq).unwrap();
            }
        });
    }
    let flood = {
        let s = Arc::clone(&s);
        std::thread::spawn(move || {
            for n in 0..20_000 {
                s.submit(Arc::new(cap(&format!("{n}"))), true, None)
                    .unwrap();
            }
        })
    };
    drop(tx);
    let mut seqs = Vec::new();
    for _ in 0..600 {
        let seq = rx
            .recv_timeout(std::time::Duration::from_secs(60))
            .expect("an append never heard back");
        seqs.push(seq);
    }
    flood.join().unwrap();
    seqs.sort_unstable();
    seqs.dedup();
    assert_eq!(seqs.len(), 600, "each append has its own position");
    s.settle();
    assert_eq!(s.count().unwrap(), 20_600);
}

/// A body of a few megabytes is written into its place in the database (not bound whole)
/// and comes back byte for byte, through the spool's read-back too.
#[test]
fn a_large_body_comes_back_byte_for_byte() {
    let dir = tempfile::tempdir().unwrap();
    let s = Store::open(dir.path()).unwrap();
    let body: Vec<u8> = (0..3_000_001u32).map(|i| (i * 7 + i / 251) as u8).collect();
    let mut c = cap("big");
    c.body = bytes::Bytes::from(body.clone());
    c.body_size = body.len() as u64;
    s.append(&c).unwrap();
    drop(s);
    let s = Store::open(dir.path()).unwrap();
    let back = s.get(&c.id).unwrap().expect("stored");
    assert_eq!(back.body.len(), body.len());
    assert!(back.body[..] == body[..], "the body differs");
}

/// Retention deletes in slices and stops between two once a flood arrives: the rest waits
/// for its next round, so it never holds the writer back for long.
#[test]
fn retention_stops_between_slices_when_asked_and_finishes_later() {
    let dir = tempfile::tempdir().unwrap();
    let s = Store::open(dir.path()).unwrap();
    let caps: Vec<Capture> = (0..1200).map(|n| cap(&n.to_string())).collect();
    s.bulk_insert(caps).unwrap();
    let conn = connect(s.path(), Options::default()).unwrap();
    let r = Retention {
        keep: Some(100),
        keep_for: None,
    };
    let asked = std::cell::Cell::new(0);
    let flood = || {
        asked.set(asked.get() + 1);
        true
    };
    let first = retention::enforce(&conn, r, flood).unwrap();
    assert_eq!((first, asked.get()), (500, 1), "one slice, then it yields");
    assert_eq!(retention::enforce(&conn, r, || false).unwrap(), 600);
    assert_eq!(s.count().unwrap(), 100);
}

/// The idle writer gets no CPU while the machine is busy: the assist takes the writer over
/// once it is a second behind, so waiting appends hear back and nothing is lost.
#[test]
fn a_starved_idle_writer_is_taken_over_by_the_assist() {
    let dir = tempfile::tempdir().unwrap();
    super::shifts::STARVED
        .lock()
        .unwrap()
        .push(dir.path().to_path_buf());
    let s = Arc::new(Store::open(dir.path()).unwrap());
    let flood = {
        let s = Arc::clone(&s);
        std::thread::spawn(move || {
            for n in 0..20_000 {
                s.submit(Arc::new(cap(&format!("{n}"))), true, None)
                    .unwrap();
            }
        })
    };
    let started = std::time::Instant::now();
    let seq = s.append(&cap("waits")).unwrap();
    assert!(seq > 0);
    flood.join().unwrap();
    // Not `settle`: the database itself must get there, with the idle thread starved.
    while s.count().unwrap() < 20_001 {
        assert!(
            started.elapsed() < std::time::Duration::from_secs(60),
            "the assist never took over: {} of 20001 stored",
            s.count().unwrap()
        );
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    assert_eq!(s.count().unwrap(), 20_001);
    drop(s);
    assert!(
        crate::store::spool::segments(&dir.path().join(crate::store::spool::DIR)).is_empty(),
        "a closed store leaves no spool behind"
    );
}

#[test]
fn a_dead_process_segment_is_moved_in_on_open_and_deleted() {
    let dir = tempfile::tempdir().unwrap();
    // A process that appended and died before its writer ran: the segment is unlocked.
    let c = cap("{\"left\":\"behind\"}");
    {
        let spool = spool::Spool::create(dir.path(), false).unwrap();
        spool.append(Arc::new(c.clone()), true, None).unwrap();
    }
    let spool_dir = dir.path().join(spool::DIR);
    assert_eq!(spool::segments(&spool_dir).len(), 1);
    let s = Store::open(dir.path()).unwrap();
    assert_eq!(
        s.get(&c.id).unwrap().map(|g| g.to_json()),
        Some(c.to_json())
    );
    assert!(
        spool::segments(&spool_dir).is_empty(),
        "the adopted segment is gone"
    );
}
