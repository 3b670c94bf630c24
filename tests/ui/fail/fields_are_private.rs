//! Structures are built through builders; their fields are not public.

use ivs_realtime::types::StageEndpoints;

fn main() {
    let endpoints = StageEndpoints::builder().build();
    let _ = endpoints.whip;
}
