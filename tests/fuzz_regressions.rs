//! Replays the fuzz targets' seeds and every input that once crashed them (`fuzz/seeds/` and
//! `fuzz/regressions/`), so a fixed crash stays fixed. The targets themselves run with
//! `cargo fuzz` (see the README).

use std::path::Path;

use integration_tests::workspace_root;
use ivs_realtime::operation::create_stage::CreateStageOutput;
use ivs_realtime::types::error::{
    AccessDeniedException, PendingVerification, ServiceQuotaExceededException, ValidationException,
};

fn inputs(target: &str) -> Vec<(String, Vec<u8>)> {
    let mut found = Vec::new();
    for folder in ["fuzz/seeds", "fuzz/regressions"] {
        let dir = workspace_root().join(folder).join(target);
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries {
            let path = entry.unwrap().path();
            if path.is_file() && path.extension().is_none_or(|e| e != "md") {
                found.push((display(&path), std::fs::read(&path).unwrap()));
            }
        }
    }
    found.sort();
    found
}

fn display(path: &Path) -> String {
    path.strip_prefix(workspace_root())
        .unwrap_or(path)
        .display()
        .to_string()
}

/// What the `response` target does: parse, and serialize what parses.
macro_rules! round_trip {
    ($type:ty, $data:expr) => {
        if let Ok(value) = serde_json::from_slice::<$type>($data) {
            let _ = format!("{value:?}");
            serde_json::to_vec(&value).expect("a parsed value serializes");
        }
    };
}

include!("../fuzz/fuzz_targets/answer.rs");

#[test]
fn response_inputs_never_panic() {
    let inputs = inputs("response");
    assert!(!inputs.is_empty());
    for (_name, data) in &inputs {
        read_as_answer(data);
        round_trip!(CreateStageOutput, data);
        round_trip!(ValidationException, data);
        round_trip!(AccessDeniedException, data);
        round_trip!(ServiceQuotaExceededException, data);
        round_trip!(PendingVerification, data);
    }
}

#[test]
fn model_inputs_never_panic() {
    let inputs = inputs("model");
    assert!(!inputs.is_empty());
    for (name, data) in &inputs {
        if let Ok(text) = std::str::from_utf8(data) {
            // Seeds are valid models; a regression input only has to not panic.
            let result = codegen::generate(text, "fuzz.json", &codegen::Options::local());
            if name.starts_with("fuzz/seeds") {
                assert!(result.is_ok(), "{name}: {:?}", result.err());
            }
        }
    }
}
