//! Output structures enforce their required members too (`Stage.arn`).

use ivs_realtime::types::Stage;

fn main() {
    let _ = Stage::builder().name("no-arn").build();
}
