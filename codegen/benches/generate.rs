//! How long generation takes: the CreateStage model of this repository and the official model of
//! the whole service (39 operations), from JSON text to every file's contents.
//!
//! `cargo bench -p codegen --bench generate`

use std::hint::black_box;
use std::path::Path;

use criterion::{Criterion, criterion_group, criterion_main};

fn benches(c: &mut Criterion) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let ours = std::fs::read_to_string(root.join("model/ivs-realtime.json")).unwrap();
    let options = codegen::Options::runtime_path("../codegen/runtime");
    c.bench_function("generate model/ (CreateStage)", |b| {
        b.iter(|| codegen::generate(black_box(&ours), "model/ivs-realtime.json", &options).unwrap())
    });
    let official = root.join("../shared/models/ivs-realtime-2020-07-14.json");
    match std::fs::read_to_string(&official) {
        Ok(text) => c.bench_function("generate the official model (39 operations)", |b| {
            b.iter(|| codegen::generate(black_box(&text), "official", &options).unwrap())
        }),
        Err(e) => {
            println!("skipped the official model: {}: {e}", official.display());
            c
        }
    };
}

criterion_group!(generate, benches);
criterion_main!(generate);
