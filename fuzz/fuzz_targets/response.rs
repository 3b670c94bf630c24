//! Response bodies: the output and every error of CreateStage parse from any bytes without
//! panicking, and what parses serializes again.
#![no_main]

use ivs_realtime::operation::create_stage::CreateStageOutput;
use ivs_realtime::types::error::{
    AccessDeniedException, PendingVerification, ServiceQuotaExceededException, ValidationException,
};
use libfuzzer_sys::fuzz_target;

fn round_trip<T: serde::de::DeserializeOwned + serde::Serialize + std::fmt::Debug>(data: &[u8]) {
    if let Ok(value) = serde_json::from_slice::<T>(data) {
        let _ = format!("{value:?}");
        serde_json::to_vec(&value).expect("a parsed value serializes");
    }
}

fuzz_target!(|data: &[u8]| {
    round_trip::<CreateStageOutput>(data);
    round_trip::<ValidationException>(data);
    round_trip::<AccessDeniedException>(data);
    round_trip::<ServiceQuotaExceededException>(data);
    round_trip::<PendingVerification>(data);
});
