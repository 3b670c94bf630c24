//! Model loading: any text given as a model gives files or an error, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = codegen::generate(text, "fuzz.json", &codegen::Options::local());
    }
});
