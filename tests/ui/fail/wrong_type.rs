//! Setters take the model's types: an integer member does not take a string.

use ivs_realtime::types::ParticipantTokenConfiguration;

fn main() {
    let _ = ParticipantTokenConfiguration::builder().duration("720").build();
}
