//! Creates a stage with one participant token and prints them.
//!
//! ```sh
//! cargo run -p ivs-realtime --example create_stage -- [--endpoint URL] [--region REGION] [--name NAME]
//! ```
//!
//! Credentials, and the region when `--region` is not given, come from the environment as the
//! AWS SDKs read them (`AWS_ACCESS_KEY_ID`/`AWS_SECRET_ACCESS_KEY`, `AWS_PROFILE`, `AWS_REGION`,
//! `~/.aws/credentials`, …). Without `--endpoint` the call goes to Amazon IVS in that region.

use std::process::ExitCode;

use ivs_realtime::types::{ParticipantTokenCapability, ParticipantTokenConfiguration};
use ivs_realtime::{Client, Config};

const USAGE: &str = "usage: create_stage [--endpoint URL] [--region REGION] [--name NAME]";

#[tokio::main]
async fn main() -> ExitCode {
    let mut config = Config::from_env();
    let mut name = "example-stage".to_owned();
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let Some(value) = args.next() else {
            eprintln!("{arg} needs a value\n{USAGE}");
            return ExitCode::from(2);
        };
        match arg.as_str() {
            "--endpoint" => config = config.endpoint_url(value),
            "--region" => config = config.region(value),
            "--name" => name = value,
            _ => {
                eprintln!("unknown argument {arg}\n{USAGE}");
                return ExitCode::from(2);
            }
        }
    }

    let client = Client::new(&config.build());
    let result = client
        .create_stage()
        .name(name)
        .participant_token_configurations(
            ParticipantTokenConfiguration::builder()
                .user_id("example-user")
                .duration(60)
                .capabilities(ParticipantTokenCapability::Publish)
                .capabilities(ParticipantTokenCapability::Subscribe)
                .build(),
        )
        .send()
        .await;
    match result {
        Ok(output) => {
            if let Some(stage) = output.stage() {
                println!("stage {} ({})", stage.arn(), stage.name().unwrap_or("unnamed"));
            }
            for token in output.participant_tokens().unwrap_or_default() {
                println!(
                    "participant token {} for {}, expires {}",
                    token.participant_id().unwrap_or("?"),
                    token.user_id().unwrap_or("?"),
                    token
                        .expiration_time()
                        .map_or_else(|| "?".to_owned(), |t| t.to_string())
                );
            }
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("error: {error}");
            let mut source = std::error::Error::source(&error);
            while let Some(cause) = source {
                eprintln!("  caused by: {cause}");
                source = cause.source();
            }
            ExitCode::FAILURE
        }
    }
}
