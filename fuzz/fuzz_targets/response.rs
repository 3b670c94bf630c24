//! Responses: any bytes, read as an answer to CreateStage (status, headers, body) the way the
//! client reads its own, and as the body of the output and of every error, give a value or a
//! typed error without panicking; what parses serializes again.
#![no_main]

use ivs_realtime::operation::create_stage::CreateStageOutput;
use ivs_realtime::types::error::{
    AccessDeniedException, PendingVerification, ServiceQuotaExceededException, ValidationException,
};
use libfuzzer_sys::fuzz_target;

include!("answer.rs");

fn round_trip<T: serde::de::DeserializeOwned + serde::Serialize + std::fmt::Debug>(data: &[u8]) {
    if let Ok(value) = serde_json::from_slice::<T>(data) {
        let _ = format!("{value:?}");
        serde_json::to_vec(&value).expect("a parsed value serializes");
    }
}

fuzz_target!(|data: &[u8]| {
    read_as_answer(data);
    round_trip::<CreateStageOutput>(data);
    round_trip::<ValidationException>(data);
    round_trip::<AccessDeniedException>(data);
    round_trip::<ServiceQuotaExceededException>(data);
    round_trip::<PendingVerification>(data);
});
