//! Save and load of a typical session (a generated one: five steps, a screening, coverage,
//! readiness, goal), through the real store: atomic save with fsyncs, and parse on load.

use brief::protocol::ProtocolSet;
use brief::store::{self, Store};
use criterion::{Criterion, criterion_group, criterion_main};

fn typical_session() -> brief::session::Session {
    let set = ProtocolSet::bundled().expect("bundled protocols load");
    let end = chrono::DateTime::parse_from_rfc3339("2026-11-25T12:00:00+00:00").expect("a time");
    // Session 7 of seed 34 is closed, with all steps, an AUDIT-C and 6/6 components.
    brief::demo::session(&set, 34, 7, end)
}

fn save_and_load(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("a temp dir");
    let store = Store::open(dir.path()).expect("a store");
    let session = typical_session();
    let bytes = store::to_ron(&session).expect("writes").len();
    eprintln!("typical session: {bytes} bytes");
    c.bench_function("save (atomic, fsync)", |b| {
        b.iter(|| store.save(&session).expect("saved"));
    });
    c.bench_function("save (no fsync, demo generator)", |b| {
        b.iter(|| store.save_unsynced(&session).expect("saved"));
    });
    c.bench_function("load", |b| {
        b.iter(|| store.load(&session.id).expect("loaded"));
    });
    c.bench_function("serialize only", |b| b.iter(|| store::to_ron(&session)));
}

criterion_group!(benches, save_and_load);
criterion_main!(benches);
