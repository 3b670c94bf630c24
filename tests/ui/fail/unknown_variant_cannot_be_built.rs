//! The forward-compatible variant only comes from converting an unknown string, so a known
//! value can never hide in it.

use ivs_realtime::primitives::UnknownValue;
use ivs_realtime::types::ParticipantTokenCapability;

fn main() {
    let _ = ParticipantTokenCapability::Unknown(UnknownValue::new("PUBLISH".to_owned()));
}
