//! `validate()` of the generated `ivs-realtime` crate against every constraint of the model:
//! each length, range, pattern, unique-items and UTF-8 size constraint is checked at its bound,
//! just inside it and just outside it, with the exact JSON path, `Constraint`, value and message
//! of every violation; several violations at different depths are reported together, in model
//! member order; long values are shortened in messages.

use std::collections::BTreeMap;

use integration_tests::{STORAGE_ARN, full_request};
use ivs_realtime::operation::create_stage::{CreateStageInput, CreateStageOutput};
use ivs_realtime::types::builders::{AutoParticipantRecordingConfigurationBuilder, StageBuilder};
use ivs_realtime::types::error::ValidationException;
use ivs_realtime::types::{
    AutoParticipantRecordingConfiguration, ParticipantRecordingHlsConfiguration,
    ParticipantRecordingMediaType, ParticipantThumbnailConfiguration, ParticipantToken,
    ParticipantTokenCapability, ParticipantTokenConfiguration, Stage, StageEndpoints,
    ThumbnailRecordingMode, ThumbnailStorageType,
};
use ivs_realtime::validation::{Constraint, LengthUnit, ValidationError, Violation};

const STAGE_NAME_PATTERN: &str = "^[a-zA-Z0-9-_]*$";
const STORAGE_ARN_PATTERN: &str =
    "^^$|^arn:aws:ivs:[a-z0-9-]+:[0-9]+:storage-configuration/[a-zA-Z0-9-]+$$";
const STAGE_ARN_PATTERN: &str = "^arn:aws:ivs:[a-z0-9-]+:[0-9]+:stage/[a-zA-Z0-9-]+$";
const SESSION_ID_PATTERN: &str = "^st-[a-zA-Z0-9]+$";
const PARTICIPANT_ID_PATTERN: &str = "^[a-zA-Z0-9-_]*$";

const STORAGE_ARN_PREFIX: &str = "arn:aws:ivs:us-west-2:123456789012:storage-configuration/";
const STAGE_ARN_PREFIX: &str = "arn:aws:ivs:us-west-2:123456789012:stage/";
const STAGE_ARN: &str = "arn:aws:ivs:us-west-2:123456789012:stage/abcdABCD1234";

/// A violation as plain data, so a whole list compares with one `assert_eq!`.
type Found = (String, Constraint, Option<String>);

/// Every violation of a `validate()` result, in the reported order; empty when valid.
fn found(result: Result<(), ValidationError>) -> Vec<Found> {
    match result {
        Ok(()) => Vec::new(),
        Err(error) => error.violations().iter().map(plain).collect(),
    }
}

fn plain(violation: &Violation) -> Found {
    (
        violation.path().to_owned(),
        violation.constraint().clone(),
        violation.value().map(str::to_owned),
    )
}

fn at(path: &str, constraint: Constraint, value: Option<&str>) -> Found {
    (path.to_owned(), constraint, value.map(str::to_owned))
}

/// The single violation of an invalid value.
fn only(result: Result<(), ValidationError>) -> Violation {
    let error = result.expect_err("the value should be invalid");
    assert_eq!(error.violations().len(), 1, "{error}");
    error.violations()[0].clone()
}

fn chars(min: Option<u64>, max: u64, actual: u64) -> Constraint {
    Constraint::Length {
        min,
        max: Some(max),
        unit: LengthUnit::Characters,
        actual,
    }
}

fn items(max: u64, actual: u64) -> Constraint {
    Constraint::Length {
        min: Some(0),
        max: Some(max),
        unit: LengthUnit::Items,
        actual,
    }
}

fn entries(max: u64, actual: u64) -> Constraint {
    Constraint::Length {
        min: Some(0),
        max: Some(max),
        unit: LengthUnit::Entries,
        actual,
    }
}

fn range(min: i64, max: i64) -> Constraint {
    Constraint::Range {
        min: Some(min),
        max: Some(max),
    }
}

fn pattern(pattern: &'static str) -> Constraint {
    Constraint::Pattern { pattern }
}

/// `text` repeated `n` times.
fn rep(text: &str, n: usize) -> String {
    text.repeat(n)
}

/// How a string value is shown in a message: quoted.
fn quoted(text: &str) -> String {
    format!("\"{text}\"")
}

fn name(name: &str) -> CreateStageInput {
    CreateStageInput::builder().name(name).build()
}

/// An input whose second participant token configuration is `config` (the first is valid), so
/// paths show the index.
fn token_config(config: ParticipantTokenConfiguration) -> CreateStageInput {
    CreateStageInput::builder()
        .participant_token_configurations(ParticipantTokenConfiguration::builder().build())
        .participant_token_configurations(config)
        .build()
}

fn tags<'a>(entries: impl IntoIterator<Item = (&'a str, &'a str)>) -> CreateStageInput {
    let map: BTreeMap<String, String> = entries
        .into_iter()
        .map(|(key, value)| (key.to_owned(), value.to_owned()))
        .collect();
    CreateStageInput::builder().set_tags(Some(map)).build()
}

fn numbered_tags(count: usize) -> CreateStageInput {
    let map: BTreeMap<String, String> = (0..count)
        .map(|i| (format!("key-{i:02}"), format!("value {i}")))
        .collect();
    CreateStageInput::builder().set_tags(Some(map)).build()
}

/// A valid recording configuration to add members to.
fn recording() -> AutoParticipantRecordingConfigurationBuilder<String> {
    AutoParticipantRecordingConfiguration::builder().storage_configuration_arn(STORAGE_ARN)
}

fn with_recording(recording: AutoParticipantRecordingConfiguration) -> CreateStageInput {
    CreateStageInput::builder()
        .auto_participant_recording_configuration(recording)
        .build()
}

fn storage_arn(arn: &str) -> CreateStageInput {
    with_recording(
        AutoParticipantRecordingConfiguration::builder()
            .storage_configuration_arn(arn)
            .build(),
    )
}

fn thumbnail(thumbnail: ParticipantThumbnailConfiguration) -> CreateStageInput {
    with_recording(recording().thumbnail_configuration(thumbnail).build())
}

fn storage(storage: Vec<ThumbnailStorageType>) -> CreateStageInput {
    thumbnail(
        ParticipantThumbnailConfiguration::builder()
            .set_storage(Some(storage))
            .build(),
    )
}

/// A valid stage to add members to.
fn stage() -> StageBuilder<String> {
    Stage::builder().arn(STAGE_ARN)
}

/// An output whose second participant token is `token` (the first is valid).
fn token_output(token: ParticipantToken) -> CreateStageOutput {
    CreateStageOutput::builder()
        .participant_tokens(ParticipantToken::builder().participant_id("p1").build())
        .participant_tokens(token)
        .build()
}

// ---------------------------------------------------------------------------------------------
// Valid values

#[test]
fn full_documented_request_is_valid() {
    assert_eq!(full_request().validate(), Ok(()));
}

#[test]
fn empty_input_and_empty_collections_are_valid() {
    assert_eq!(CreateStageInput::builder().build().validate(), Ok(()));
    let input = CreateStageInput::builder()
        .set_participant_token_configurations(Some(Vec::new()))
        .set_tags(Some(BTreeMap::new()))
        .auto_participant_recording_configuration(
            AutoParticipantRecordingConfiguration::builder()
                .storage_configuration_arn("")
                .set_media_types(Some(Vec::new()))
                .thumbnail_configuration(
                    ParticipantThumbnailConfiguration::builder()
                        .set_storage(Some(Vec::new()))
                        .build(),
                )
                .build(),
        )
        .build();
    assert_eq!(input.validate(), Ok(()));
    let config = ParticipantTokenConfiguration::builder()
        .set_attributes(Some(BTreeMap::new()))
        .set_capabilities(Some(Vec::new()))
        .build();
    assert_eq!(config.validate(), Ok(()));
}

#[test]
fn error_structures_are_always_valid() {
    let error = ValidationException::builder()
        .exception_message(rep("x", 5000))
        .build();
    assert_eq!(error.validate(), Ok(()));
}

// ---------------------------------------------------------------------------------------------
// Stage name: length 0..=128, pattern ^[a-zA-Z0-9-_]*$

#[test]
fn stage_name_length_bounds() {
    for n in [0, 1, 127, 128] {
        assert_eq!(name(&rep("a", n)).validate(), Ok(()), "{n} characters");
    }
    assert_eq!(
        found(name(&rep("a", 129)).validate()),
        vec![at(
            "name",
            chars(Some(0), 128, 129),
            Some(&format!("{}…", quoted(&rep("a", 64))))
        )]
    );
}

#[test]
fn stage_name_length_message() {
    let error = name(&rep("a", 129)).validate().unwrap_err();
    assert_eq!(
        error.to_string(),
        format!(
            "1 constraint violation: name: must be between 0 and 128 characters long, \
             but is 129 characters long: \"{}\"…",
            rep("a", 64)
        )
    );
}

#[test]
fn stage_name_pattern() {
    for ok in ["", "my-stage_01", "ABC", "-_-", "0123456789"] {
        assert_eq!(name(ok).validate(), Ok(()), "{ok:?}");
    }
    for bad in [
        "my stage",
        "stage!",
        "stage.name",
        "é",
        "stage\n",
        "\nstage",
    ] {
        assert_eq!(
            found(name(bad).validate()),
            vec![at(
                "name",
                pattern(STAGE_NAME_PATTERN),
                Some(&format!("{bad:?}"))
            )],
            "{bad:?}"
        );
    }
}

#[test]
fn stage_name_pattern_message() {
    let violation = only(name("my stage").validate());
    assert_eq!(
        violation.to_string(),
        "name: must match the pattern ^[a-zA-Z0-9-_]*$, but is \"my stage\""
    );
    assert_eq!(violation.value(), Some("\"my stage\""));
}

#[test]
fn too_long_name_breaking_the_pattern_reports_length_then_pattern() {
    let long = rep("é", 129);
    let shown = format!("\"{}\"…", rep("é", 64));
    assert_eq!(
        found(name(&long).validate()),
        vec![
            at("name", chars(Some(0), 128, 129), Some(&shown)),
            at("name", pattern(STAGE_NAME_PATTERN), Some(&shown)),
        ]
    );
}

// ---------------------------------------------------------------------------------------------
// participantTokenConfigurations: 0..=12 items

fn configurations(count: usize) -> CreateStageInput {
    let list = (0..count)
        .map(|i| {
            ParticipantTokenConfiguration::builder()
                .user_id(format!("user-{i}"))
                .build()
        })
        .collect();
    CreateStageInput::builder()
        .set_participant_token_configurations(Some(list))
        .build()
}

#[test]
fn participant_token_configurations_count() {
    for n in [0, 1, 11, 12] {
        assert_eq!(configurations(n).validate(), Ok(()), "{n} items");
    }
    let violation = only(configurations(13).validate());
    assert_eq!(
        plain(&violation),
        at("participantTokenConfigurations", items(12, 13), None)
    );
    assert_eq!(
        violation.to_string(),
        "participantTokenConfigurations: must have between 0 and 12 items, but has 13"
    );
}

// ---------------------------------------------------------------------------------------------
// ParticipantTokenConfiguration.duration: 1..=20160

fn duration(minutes: i32) -> CreateStageInput {
    token_config(
        ParticipantTokenConfiguration::builder()
            .duration(minutes)
            .build(),
    )
}

#[test]
fn token_configuration_duration_range() {
    for ok in [1, 2, 720, 20159, 20160] {
        assert_eq!(duration(ok).validate(), Ok(()), "{ok}");
    }
    for (bad, shown) in [
        (0, "0"),
        (20161, "20161"),
        (-1, "-1"),
        (i32::MIN, "-2147483648"),
        (i32::MAX, "2147483647"),
    ] {
        assert_eq!(
            found(duration(bad).validate()),
            vec![at(
                "participantTokenConfigurations[1].duration",
                range(1, 20160),
                Some(shown)
            )],
            "{bad}"
        );
    }
}

#[test]
fn token_configuration_duration_message() {
    assert_eq!(
        only(duration(0).validate()).to_string(),
        "participantTokenConfigurations[1].duration: must be between 1 and 20160, but is 0"
    );
    assert_eq!(
        only(duration(20161).validate()).to_string(),
        "participantTokenConfigurations[1].duration: must be between 1 and 20160, but is 20161"
    );
}

// ---------------------------------------------------------------------------------------------
// userId: 0..=128 characters (code points, not bytes)

fn user_id(user_id: &str) -> CreateStageInput {
    token_config(
        ParticipantTokenConfiguration::builder()
            .user_id(user_id)
            .build(),
    )
}

#[test]
fn token_configuration_user_id_length() {
    for n in [0, 1, 127, 128] {
        assert_eq!(user_id(&rep("u", n)).validate(), Ok(()), "{n}");
    }
    assert_eq!(
        found(user_id(&rep("u", 129)).validate()),
        vec![at(
            "participantTokenConfigurations[1].userId",
            chars(Some(0), 128, 129),
            Some(&format!("\"{}\"…", rep("u", 64)))
        )]
    );
}

#[test]
fn string_length_counts_code_points_not_bytes() {
    // 128 "é" are 256 bytes and 128 "🎥" are 512 bytes: both are 128 characters.
    assert_eq!(user_id(&rep("é", 128)).validate(), Ok(()));
    assert_eq!(user_id(&rep("🎥", 128)).validate(), Ok(()));
    assert_eq!(user_id(&format!("{}é", rep("u", 127))).validate(), Ok(()));
    assert_eq!(
        found(user_id(&rep("é", 129)).validate()),
        vec![at(
            "participantTokenConfigurations[1].userId",
            chars(Some(0), 128, 129),
            Some(&format!("\"{}\"…", rep("é", 64)))
        )]
    );
    let violation = only(user_id(&rep("🎥", 129)).validate());
    assert_eq!(
        violation.to_string(),
        format!(
            "participantTokenConfigurations[1].userId: must be between 0 and 128 characters \
             long, but is 129 characters long: \"{}\"…",
            rep("🎥", 64)
        )
    );
}

// ---------------------------------------------------------------------------------------------
// attributes: keys and values total at most 1024 bytes of UTF-8

fn attributes<'a>(entries: impl IntoIterator<Item = (&'a str, &'a str)>) -> CreateStageInput {
    let map = entries
        .into_iter()
        .map(|(key, value)| (key.to_owned(), value.to_owned()))
        .collect();
    token_config(
        ParticipantTokenConfiguration::builder()
            .set_attributes(Some(map))
            .build(),
    )
}

fn utf8_size(actual: u64) -> Constraint {
    Constraint::Utf8Size { max: 1024, actual }
}

#[test]
fn attributes_size_at_bound() {
    // "k" + 1023 bytes = 1024.
    let value = rep("v", 1023);
    assert_eq!(attributes([("k", value.as_str())]).validate(), Ok(()));
    let value = rep("v", 1022);
    assert_eq!(attributes([("k", value.as_str())]).validate(), Ok(()));
    // Keys count too: 4 + 508 + 4 + 508 = 1024.
    let value = rep("v", 508);
    assert_eq!(
        attributes([("key1", value.as_str()), ("key2", value.as_str())]).validate(),
        Ok(())
    );
}

#[test]
fn attributes_size_just_over() {
    let value = rep("v", 1024);
    let violation = only(attributes([("k", value.as_str())]).validate());
    assert_eq!(
        plain(&violation),
        at(
            "participantTokenConfigurations[1].attributes",
            utf8_size(1025),
            None
        )
    );
    assert_eq!(
        violation.to_string(),
        "participantTokenConfigurations[1].attributes: keys and values must total at most \
         1024 bytes of UTF-8, but total 1025 bytes"
    );
    let value = rep("v", 508);
    assert_eq!(
        found(attributes([("key1", value.as_str()), ("key22", value.as_str())]).validate()),
        vec![at(
            "participantTokenConfigurations[1].attributes",
            utf8_size(1025),
            None
        )]
    );
}

#[test]
fn attributes_size_counts_bytes_not_characters() {
    // 511 "é" are 1022 bytes.
    let value = rep("é", 511);
    assert_eq!(attributes([("kk", value.as_str())]).validate(), Ok(()));
    assert_eq!(
        found(attributes([("kkk", value.as_str())]).validate()),
        vec![at(
            "participantTokenConfigurations[1].attributes",
            utf8_size(1025),
            None
        )]
    );
    // A multi-byte key: "🎥" is 4 bytes, 1020 + 4 = 1024.
    let value = rep("v", 1020);
    assert_eq!(attributes([("🎥", value.as_str())]).validate(), Ok(()));
    let value = rep("v", 1021);
    assert_eq!(
        found(attributes([("🎥", value.as_str())]).validate()),
        vec![at(
            "participantTokenConfigurations[1].attributes",
            utf8_size(1025),
            None
        )]
    );
    // Only 600 characters, but 1200 bytes.
    let value = rep("é", 600);
    assert_eq!(
        found(attributes([("", value.as_str())]).validate()),
        vec![at(
            "participantTokenConfigurations[1].attributes",
            utf8_size(1200),
            None
        )]
    );
}

// ---------------------------------------------------------------------------------------------
// capabilities: 0..=2 items

fn capabilities(capabilities: Vec<ParticipantTokenCapability>) -> CreateStageInput {
    token_config(
        ParticipantTokenConfiguration::builder()
            .set_capabilities(Some(capabilities))
            .build(),
    )
}

#[test]
fn capabilities_count() {
    use ParticipantTokenCapability::{Publish, Subscribe};
    assert_eq!(capabilities(vec![]).validate(), Ok(()));
    assert_eq!(capabilities(vec![Publish]).validate(), Ok(()));
    assert_eq!(capabilities(vec![Publish, Subscribe]).validate(), Ok(()));
    let violation = only(capabilities(vec![Publish, Subscribe, Publish]).validate());
    assert_eq!(
        plain(&violation),
        at(
            "participantTokenConfigurations[1].capabilities",
            items(2, 3),
            None
        )
    );
    assert_eq!(
        violation.to_string(),
        "participantTokenConfigurations[1].capabilities: must have between 0 and 2 items, \
         but has 3"
    );
}

// ---------------------------------------------------------------------------------------------
// tags: 0..=50 entries, keys 1..=128 characters, values at most 256 characters

#[test]
fn tags_count() {
    for n in [0, 1, 49, 50] {
        assert_eq!(numbered_tags(n).validate(), Ok(()), "{n} entries");
    }
    let violation = only(numbered_tags(51).validate());
    assert_eq!(plain(&violation), at("tags", entries(50, 51), None));
    assert_eq!(
        violation.to_string(),
        "tags: must have between 0 and 50 entries, but has 51"
    );
}

#[test]
fn tag_key_length() {
    for n in [1, 2, 127, 128] {
        let key = rep("k", n);
        assert_eq!(tags([(key.as_str(), "v")]).validate(), Ok(()), "{n}");
    }
    let key = rep("é", 128);
    assert_eq!(tags([(key.as_str(), "v")]).validate(), Ok(()));

    let violation = only(tags([("", "v")]).validate());
    assert_eq!(
        plain(&violation),
        at("tags[key \"\"]", chars(Some(1), 128, 0), Some("\"\""))
    );
    assert_eq!(
        violation.to_string(),
        "tags[key \"\"]: must be between 1 and 128 characters long, but is 0 characters long: \"\""
    );

    let key = rep("é", 129);
    assert_eq!(
        found(tags([(key.as_str(), "v")]).validate()),
        vec![at(
            &format!("tags[key \"{key}\"]"),
            chars(Some(1), 128, 129),
            Some(&format!("\"{}\"…", rep("é", 64)))
        )]
    );
}

#[test]
fn tag_value_length() {
    for n in [0, 1, 255, 256] {
        let value = rep("v", n);
        assert_eq!(tags([("k", value.as_str())]).validate(), Ok(()), "{n}");
    }
    let value = rep("🎥", 256);
    assert_eq!(tags([("k", value.as_str())]).validate(), Ok(()));

    let value = rep("v", 257);
    let violation = only(tags([("k", value.as_str())]).validate());
    assert_eq!(
        plain(&violation),
        at(
            "tags[\"k\"]",
            chars(None, 256, 257),
            Some(&format!("\"{}\"…", rep("v", 64)))
        )
    );
    assert_eq!(
        violation.to_string(),
        format!(
            "tags[\"k\"]: must be at most 256 characters long, but is 257 characters long: \
             \"{}\"…",
            rep("v", 64)
        )
    );
    let value = rep("é", 257);
    assert_eq!(
        found(tags([("k", value.as_str())]).validate()),
        vec![at(
            "tags[\"k\"]",
            chars(None, 256, 257),
            Some(&format!("\"{}\"…", rep("é", 64)))
        )]
    );
}

#[test]
fn tag_violations_follow_key_order_key_before_value() {
    let long = rep("v", 257);
    assert_eq!(
        found(tags([("b", long.as_str()), ("", long.as_str()), ("a", "ok")]).validate()),
        vec![
            at("tags[key \"\"]", chars(Some(1), 128, 0), Some("\"\"")),
            at(
                "tags[\"\"]",
                chars(None, 256, 257),
                Some(&format!("\"{}\"…", rep("v", 64)))
            ),
            at(
                "tags[\"b\"]",
                chars(None, 256, 257),
                Some(&format!("\"{}\"…", rep("v", 64)))
            ),
        ]
    );
}

// ---------------------------------------------------------------------------------------------
// storageConfigurationArn: 0..=128 characters, pattern ^^$|^arn:...:storage-configuration/...$$

#[test]
fn storage_configuration_arn_pattern() {
    for ok in [
        "",
        STORAGE_ARN,
        "arn:aws:ivs:eu-central-1:1:storage-configuration/a",
        "arn:aws:ivs:us-west-2:123456789012:storage-configuration/A-b-9",
    ] {
        assert_eq!(storage_arn(ok).validate(), Ok(()), "{ok:?}");
    }
    for bad in [
        " ",
        "arn",
        "arn:aws:ivs:us-west-2:123456789012:stage/abcdABCD1234",
        "arn:aws:s3:::my-bucket",
        "arn:aws:ivs:US-WEST-2:123456789012:storage-configuration/abc",
        "arn:aws:ivs:us-west-2:account:storage-configuration/abc",
        "arn:aws:ivs:us-west-2:123456789012:storage-configuration/",
        "arn:aws:ivs:us-west-2:123456789012:storage-configuration/a_b",
        "arn:aws:ivs:us-west-2:123456789012:storage-configuration/abc\n",
        "xarn:aws:ivs:us-west-2:123456789012:storage-configuration/abc",
    ] {
        assert_eq!(
            found(storage_arn(bad).validate()),
            vec![at(
                "autoParticipantRecordingConfiguration.storageConfigurationArn",
                pattern(STORAGE_ARN_PATTERN),
                Some(&format!("{bad:?}"))
            )],
            "{bad:?}"
        );
    }
}

#[test]
fn storage_configuration_arn_pattern_message() {
    let arn = "arn:aws:ivs:us-west-2:123456789012:stage/abcdABCD1234";
    assert_eq!(
        only(storage_arn(arn).validate()).to_string(),
        format!(
            "autoParticipantRecordingConfiguration.storageConfigurationArn: must match the \
             pattern {STORAGE_ARN_PATTERN}, but is \"{arn}\""
        )
    );
}

#[test]
fn storage_configuration_arn_length() {
    let arn = |len: usize| {
        format!(
            "{STORAGE_ARN_PREFIX}{}",
            rep("A", len - STORAGE_ARN_PREFIX.len())
        )
    };
    for n in [127, 128] {
        assert_eq!(storage_arn(&arn(n)).validate(), Ok(()), "{n}");
    }
    let long = arn(129);
    assert_eq!(
        found(storage_arn(&long).validate()),
        vec![at(
            "autoParticipantRecordingConfiguration.storageConfigurationArn",
            chars(Some(0), 128, 129),
            Some(&format!("\"{}\"…", &long[..64]))
        )]
    );
}

#[test]
fn recording_configuration_validated_alone_has_member_paths() {
    let recording = AutoParticipantRecordingConfiguration::builder()
        .storage_configuration_arn("nope")
        .build();
    assert_eq!(
        found(recording.validate()),
        vec![at(
            "storageConfigurationArn",
            pattern(STORAGE_ARN_PATTERN),
            Some("\"nope\"")
        )]
    );
}

// ---------------------------------------------------------------------------------------------
// mediaTypes: 0..=1 items

#[test]
fn media_types_count() {
    use ParticipantRecordingMediaType::{AudioOnly, AudioVideo};
    for list in [vec![], vec![AudioVideo], vec![AudioOnly]] {
        let input = with_recording(recording().set_media_types(Some(list.clone())).build());
        assert_eq!(input.validate(), Ok(()), "{list:?}");
    }
    let input = with_recording(
        recording()
            .media_types(AudioVideo)
            .media_types(AudioOnly)
            .build(),
    );
    let violation = only(input.validate());
    assert_eq!(
        plain(&violation),
        at(
            "autoParticipantRecordingConfiguration.mediaTypes",
            items(1, 2),
            None
        )
    );
    assert_eq!(
        violation.to_string(),
        "autoParticipantRecordingConfiguration.mediaTypes: must have between 0 and 1 items, \
         but has 2"
    );
}

// ---------------------------------------------------------------------------------------------
// thumbnailConfiguration.targetIntervalSeconds: 1..=86400

fn interval(seconds: i32) -> CreateStageInput {
    thumbnail(
        ParticipantThumbnailConfiguration::builder()
            .target_interval_seconds(seconds)
            .build(),
    )
}

#[test]
fn target_interval_seconds_range() {
    for ok in [1, 2, 60, 86399, 86400] {
        assert_eq!(interval(ok).validate(), Ok(()), "{ok}");
    }
    for (bad, shown) in [(0, "0"), (86401, "86401"), (-60, "-60")] {
        assert_eq!(
            found(interval(bad).validate()),
            vec![at(
                "autoParticipantRecordingConfiguration.thumbnailConfiguration.targetIntervalSeconds",
                range(1, 86400),
                Some(shown)
            )],
            "{bad}"
        );
    }
    assert_eq!(
        only(interval(86401).validate()).to_string(),
        "autoParticipantRecordingConfiguration.thumbnailConfiguration.targetIntervalSeconds: \
         must be between 1 and 86400, but is 86401"
    );
}

// ---------------------------------------------------------------------------------------------
// thumbnailConfiguration.storage: 0..=2 items, unique

#[test]
fn thumbnail_storage_count() {
    use ThumbnailStorageType::{Latest, Sequential};
    for list in [
        vec![],
        vec![Latest],
        vec![Sequential, Latest],
        vec![Latest, Sequential],
    ] {
        assert_eq!(storage(list.clone()).validate(), Ok(()), "{list:?}");
    }
    let path = "autoParticipantRecordingConfiguration.thumbnailConfiguration.storage";
    assert_eq!(
        found(
            storage(vec![
                Sequential,
                Latest,
                ThumbnailStorageType::from("NEWER")
            ])
            .validate()
        ),
        vec![at(path, items(2, 3), None)]
    );
    assert_eq!(
        only(
            storage(vec![
                Sequential,
                Latest,
                ThumbnailStorageType::from("NEWER")
            ])
            .validate()
        )
        .to_string(),
        format!("{path}: must have between 0 and 2 items, but has 3")
    );
}

#[test]
fn thumbnail_storage_unique_items() {
    use ThumbnailStorageType::{Latest, Sequential};
    let path = "autoParticipantRecordingConfiguration.thumbnailConfiguration.storage";
    let violation = only(storage(vec![Latest, Latest]).validate());
    assert_eq!(
        plain(&violation),
        at(
            path,
            Constraint::UniqueItems {
                first: 0,
                repeated: 1
            },
            None
        )
    );
    assert_eq!(
        violation.to_string(),
        format!("{path}: must not repeat an item, but item [1] repeats item [0]")
    );
    assert_eq!(
        found(storage(vec![Sequential, Sequential]).validate()),
        vec![at(
            path,
            Constraint::UniqueItems {
                first: 0,
                repeated: 1
            },
            None
        )]
    );
    // Unknown values are compared as received.
    assert_eq!(
        found(
            storage(vec![
                ThumbnailStorageType::from("NEWER"),
                ThumbnailStorageType::from("NEWER")
            ])
            .validate()
        ),
        vec![at(
            path,
            Constraint::UniqueItems {
                first: 0,
                repeated: 1
            },
            None
        )]
    );
    assert_eq!(
        storage(vec![
            ThumbnailStorageType::from("NEWER"),
            ThumbnailStorageType::from("OTHER")
        ])
        .validate(),
        Ok(())
    );
    // Three items: too many, and the third repeats the first.
    assert_eq!(
        found(storage(vec![Latest, Sequential, Latest]).validate()),
        vec![
            at(path, items(2, 3), None),
            at(
                path,
                Constraint::UniqueItems {
                    first: 0,
                    repeated: 2
                },
                None
            ),
        ]
    );
}

#[test]
fn thumbnail_configuration_validated_alone_has_member_paths() {
    let thumbnail = ParticipantThumbnailConfiguration::builder()
        .target_interval_seconds(0)
        .storage(ThumbnailStorageType::Latest)
        .storage(ThumbnailStorageType::Latest)
        .build();
    assert_eq!(
        found(thumbnail.validate()),
        vec![
            at("targetIntervalSeconds", range(1, 86400), Some("0")),
            at(
                "storage",
                Constraint::UniqueItems {
                    first: 0,
                    repeated: 1
                },
                None
            ),
        ]
    );
}

// ---------------------------------------------------------------------------------------------
// recordingReconnectWindowSeconds: 0..=300

fn reconnect(seconds: i32) -> CreateStageInput {
    with_recording(
        recording()
            .recording_reconnect_window_seconds(seconds)
            .build(),
    )
}

#[test]
fn recording_reconnect_window_seconds_range() {
    for ok in [0, 1, 299, 300] {
        assert_eq!(reconnect(ok).validate(), Ok(()), "{ok}");
    }
    for (bad, shown) in [(-1, "-1"), (301, "301")] {
        assert_eq!(
            found(reconnect(bad).validate()),
            vec![at(
                "autoParticipantRecordingConfiguration.recordingReconnectWindowSeconds",
                range(0, 300),
                Some(shown)
            )],
            "{bad}"
        );
    }
    assert_eq!(
        only(reconnect(-1).validate()).to_string(),
        "autoParticipantRecordingConfiguration.recordingReconnectWindowSeconds: must be between \
         0 and 300, but is -1"
    );
}

// ---------------------------------------------------------------------------------------------
// hlsConfiguration.targetSegmentDurationSeconds: 2..=10

fn segment(seconds: i32) -> CreateStageInput {
    with_recording(
        recording()
            .hls_configuration(
                ParticipantRecordingHlsConfiguration::builder()
                    .target_segment_duration_seconds(seconds)
                    .build(),
            )
            .build(),
    )
}

#[test]
fn target_segment_duration_seconds_range() {
    for ok in [2, 3, 6, 9, 10] {
        assert_eq!(segment(ok).validate(), Ok(()), "{ok}");
    }
    for (bad, shown) in [(1, "1"), (11, "11"), (0, "0")] {
        assert_eq!(
            found(segment(bad).validate()),
            vec![at(
                "autoParticipantRecordingConfiguration.hlsConfiguration.targetSegmentDurationSeconds",
                range(2, 10),
                Some(shown)
            )],
            "{bad}"
        );
    }
    assert_eq!(
        only(segment(11).validate()).to_string(),
        "autoParticipantRecordingConfiguration.hlsConfiguration.targetSegmentDurationSeconds: \
         must be between 2 and 10, but is 11"
    );
    let hls = ParticipantRecordingHlsConfiguration::builder()
        .target_segment_duration_seconds(1)
        .build();
    assert_eq!(
        found(hls.validate()),
        vec![at("targetSegmentDurationSeconds", range(2, 10), Some("1"))]
    );
}

// ---------------------------------------------------------------------------------------------
// Output types: Stage, StageEndpoints, ParticipantToken

#[test]
fn stage_with_bad_arn_pattern() {
    let arn = "arn:aws:ivs:us-west-2:123456789012:channel/abcdABCD1234";
    let violation = only(Stage::builder().arn(arn).build().validate());
    assert_eq!(
        plain(&violation),
        at(
            "arn",
            pattern(STAGE_ARN_PATTERN),
            Some(&format!("\"{arn}\""))
        )
    );
    assert_eq!(
        violation.to_string(),
        format!("arn: must match the pattern {STAGE_ARN_PATTERN}, but is \"{arn}\"")
    );
    let output = CreateStageOutput::builder()
        .stage(Stage::builder().arn(arn).build())
        .build();
    assert_eq!(
        found(output.validate()),
        vec![at(
            "stage.arn",
            pattern(STAGE_ARN_PATTERN),
            Some(&format!("\"{arn}\""))
        )]
    );
}

#[test]
fn stage_arn_length() {
    let arn = |len: usize| {
        format!(
            "{STAGE_ARN_PREFIX}{}",
            rep("a", len - STAGE_ARN_PREFIX.len())
        )
    };
    assert_eq!(stage().build().validate(), Ok(()));
    for n in [127, 128] {
        assert_eq!(
            Stage::builder().arn(arn(n)).build().validate(),
            Ok(()),
            "{n}"
        );
    }
    let long = arn(129);
    assert_eq!(
        found(Stage::builder().arn(long.clone()).build().validate()),
        vec![at(
            "arn",
            chars(Some(1), 128, 129),
            Some(&format!("\"{}\"…", &long[..64]))
        )]
    );
    // Empty: below the minimum of 1, and not an ARN.
    assert_eq!(
        found(Stage::builder().arn("").build().validate()),
        vec![
            at("arn", chars(Some(1), 128, 0), Some("\"\"")),
            at("arn", pattern(STAGE_ARN_PATTERN), Some("\"\"")),
        ]
    );
}

#[test]
fn stage_name_on_output() {
    assert_eq!(stage().name(rep("a", 128)).build().validate(), Ok(()));
    assert_eq!(
        found(stage().name("a b").build().validate()),
        vec![at("name", pattern(STAGE_NAME_PATTERN), Some("\"a b\""))]
    );
    assert_eq!(
        found(stage().name(rep("a", 129)).build().validate()),
        vec![at(
            "name",
            chars(Some(0), 128, 129),
            Some(&format!("\"{}\"…", rep("a", 64)))
        )]
    );
}

#[test]
fn stage_active_session_id_exact_length_and_pattern() {
    // "st-" and 13 more characters: exactly 16.
    assert_eq!(
        stage()
            .active_session_id("st-ABCDEFGH12345")
            .build()
            .validate(),
        Ok(())
    );
    let violation = only(
        stage()
            .active_session_id("st-ABCDEFGH1234")
            .build()
            .validate(),
    );
    assert_eq!(
        plain(&violation),
        at(
            "activeSessionId",
            Constraint::Length {
                min: Some(16),
                max: Some(16),
                unit: LengthUnit::Characters,
                actual: 15
            },
            Some("\"st-ABCDEFGH1234\"")
        )
    );
    assert_eq!(
        violation.to_string(),
        "activeSessionId: must be exactly 16 characters long, but is 15 characters long: \
         \"st-ABCDEFGH1234\""
    );
    assert_eq!(
        found(
            stage()
                .active_session_id("st-ABCDEFGH123456")
                .build()
                .validate()
        ),
        vec![at(
            "activeSessionId",
            Constraint::Length {
                min: Some(16),
                max: Some(16),
                unit: LengthUnit::Characters,
                actual: 17
            },
            Some("\"st-ABCDEFGH123456\"")
        )]
    );
    assert_eq!(
        found(
            stage()
                .active_session_id("ss-ABCDEFGH12345")
                .build()
                .validate()
        ),
        vec![at(
            "activeSessionId",
            pattern(SESSION_ID_PATTERN),
            Some("\"ss-ABCDEFGH12345\"")
        )]
    );
}

#[test]
fn stage_tags_and_nested_recording() {
    let stage_value = stage()
        .tags("", "v")
        .auto_participant_recording_configuration(
            recording()
                .media_types(ParticipantRecordingMediaType::AudioOnly)
                .media_types(ParticipantRecordingMediaType::None)
                .build(),
        )
        .build();
    assert_eq!(
        found(stage_value.validate()),
        vec![
            at("tags[key \"\"]", chars(Some(1), 128, 0), Some("\"\"")),
            at(
                "autoParticipantRecordingConfiguration.mediaTypes",
                items(1, 2),
                None
            ),
        ]
    );
    let map: BTreeMap<String, String> = (0..51).map(|i| (format!("k{i}"), String::new())).collect();
    assert_eq!(
        found(stage().set_tags(Some(map)).build().validate()),
        vec![at("tags", entries(50, 51), None)]
    );
}

#[test]
fn stage_endpoints_length() {
    let url = |len: usize| format!("https://{}", rep("e", len - "https://".len()));
    let endpoints = StageEndpoints::builder()
        .events(url(2048))
        .whip(url(2047))
        .rtmp(String::new())
        .rtmps(url(2048))
        .build();
    assert_eq!(endpoints.validate(), Ok(()));
    let long = url(2049);
    let shown = format!("\"{}\"…", &long[..64]);
    let endpoints = StageEndpoints::builder()
        .events(long.clone())
        .whip(long.clone())
        .rtmp(long.clone())
        .rtmps(long.clone())
        .build();
    assert_eq!(
        found(stage().endpoints(endpoints).build().validate()),
        ["events", "whip", "rtmp", "rtmps"]
            .map(|member| at(
                &format!("endpoints.{member}"),
                chars(Some(0), 2048, 2049),
                Some(&shown)
            ))
            .to_vec()
    );
}

#[test]
fn participant_token_constraints() {
    let valid = ParticipantToken::builder()
        .participant_id(rep("p", 64))
        .token("eyJhbGciOiJLTVMiLCJ0eXAiOiJKV1QifQ.secret")
        .user_id(rep("u", 128))
        .attributes("k", rep("v", 1023))
        .duration(20160)
        .capabilities(ParticipantTokenCapability::Publish)
        .capabilities(ParticipantTokenCapability::Subscribe)
        .build();
    assert_eq!(valid.validate(), Ok(()));
    assert_eq!(token_output(valid).validate(), Ok(()));

    let invalid = ParticipantToken::builder()
        .participant_id(rep("p", 65))
        .token("eyJhbGciOiJLTVMiLCJ0eXAiOiJKV1QifQ.secret")
        .user_id(rep("u", 129))
        .attributes("k", rep("v", 1024))
        .duration(0)
        .capabilities(ParticipantTokenCapability::Publish)
        .capabilities(ParticipantTokenCapability::Subscribe)
        .capabilities(ParticipantTokenCapability::Publish)
        .build();
    assert_eq!(
        found(token_output(invalid).validate()),
        vec![
            at(
                "participantTokens[1].participantId",
                chars(Some(0), 64, 65),
                Some(&format!("\"{}\"…", rep("p", 64)))
            ),
            at(
                "participantTokens[1].userId",
                chars(Some(0), 128, 129),
                Some(&format!("\"{}\"…", rep("u", 64)))
            ),
            at("participantTokens[1].attributes", utf8_size(1025), None),
            at("participantTokens[1].duration", range(1, 20160), Some("0")),
            at("participantTokens[1].capabilities", items(2, 3), None),
        ]
    );
    let bad_id = ParticipantToken::builder().participant_id("p#1").build();
    assert_eq!(
        found(bad_id.validate()),
        vec![at(
            "participantId",
            pattern(PARTICIPANT_ID_PATTERN),
            Some("\"p#1\"")
        )]
    );
    let max_duration = ParticipantToken::builder().duration(20161).build();
    assert_eq!(
        found(max_duration.validate()),
        vec![at("duration", range(1, 20160), Some("20161"))]
    );
}

// ---------------------------------------------------------------------------------------------
// Messages: shortening and escaping of values, the error's sentence

#[test]
fn values_up_to_64_characters_are_shown_whole() {
    let value = format!("!{}", rep("a", 63));
    assert_eq!(
        only(name(&value).validate()).value(),
        Some(format!("\"{value}\"").as_str())
    );
    let value = format!("!{}", rep("é", 63));
    assert_eq!(
        only(name(&value).validate()).value(),
        Some(format!("\"{value}\"").as_str())
    );
}

#[test]
fn values_over_64_characters_are_shortened() {
    let value = format!("!{}", rep("a", 64));
    let violation = only(name(&value).validate());
    let shown = format!("\"!{}\"…", rep("a", 63));
    assert_eq!(violation.value(), Some(shown.as_str()));
    assert_eq!(
        violation.to_string(),
        format!("name: must match the pattern {STAGE_NAME_PATTERN}, but is {shown}")
    );
    // Cut at a character boundary, counted in characters.
    let value = format!("!{}", rep("🎥", 100));
    let shown = format!("\"!{}\"…", rep("🎥", 63));
    assert_eq!(only(name(&value).validate()).value(), Some(shown.as_str()));
}

#[test]
fn values_are_escaped_in_messages() {
    let violation = only(name("say \"hi\"\n").validate());
    assert_eq!(violation.value(), Some(r#""say \"hi\"\n""#));
    assert_eq!(
        violation.to_string(),
        r#"name: must match the pattern ^[a-zA-Z0-9-_]*$, but is "say \"hi\"\n""#
    );
}

#[test]
fn validation_error_is_a_std_error() {
    let error: Box<dyn std::error::Error> = Box::new(name("a b").validate().unwrap_err());
    assert_eq!(
        error.to_string(),
        "1 constraint violation: name: must match the pattern ^[a-zA-Z0-9-_]*$, but is \"a b\""
    );
    assert!(error.source().is_none());
}

// ---------------------------------------------------------------------------------------------
// Everything at once

#[test]
fn all_violations_at_every_depth_are_reported_together_in_model_order() {
    let long_user = rep("u", 129);
    let long_tag = rep("t", 257);
    let input = CreateStageInput::builder()
        .name("bad name")
        .participant_token_configurations(
            ParticipantTokenConfiguration::builder()
                .duration(60)
                .build(),
        )
        .participant_token_configurations(
            ParticipantTokenConfiguration::builder()
                .duration(0)
                .user_id(long_user)
                .attributes("k", rep("v", 1024))
                .capabilities(ParticipantTokenCapability::Publish)
                .capabilities(ParticipantTokenCapability::Subscribe)
                .capabilities(ParticipantTokenCapability::Publish)
                .build(),
        )
        .tags("", "v")
        .tags("k", long_tag)
        .auto_participant_recording_configuration(
            AutoParticipantRecordingConfiguration::builder()
                .storage_configuration_arn("bad-arn")
                .media_types(ParticipantRecordingMediaType::AudioVideo)
                .media_types(ParticipantRecordingMediaType::AudioOnly)
                .thumbnail_configuration(
                    ParticipantThumbnailConfiguration::builder()
                        .target_interval_seconds(0)
                        .storage(ThumbnailStorageType::Latest)
                        .storage(ThumbnailStorageType::Latest)
                        .recording_mode(ThumbnailRecordingMode::Interval)
                        .build(),
                )
                .recording_reconnect_window_seconds(301)
                .hls_configuration(
                    ParticipantRecordingHlsConfiguration::builder()
                        .target_segment_duration_seconds(11)
                        .build(),
                )
                .record_participant_replicas(true)
                .build(),
        )
        .build();
    let error = input.validate().unwrap_err();
    let user_shown = format!("\"{}\"…", rep("u", 64));
    let tag_shown = format!("\"{}\"…", rep("t", 64));
    assert_eq!(
        error.violations().iter().map(plain).collect::<Vec<_>>(),
        vec![
            at("name", pattern(STAGE_NAME_PATTERN), Some("\"bad name\"")),
            at(
                "participantTokenConfigurations[1].duration",
                range(1, 20160),
                Some("0")
            ),
            at(
                "participantTokenConfigurations[1].userId",
                chars(Some(0), 128, 129),
                Some(&user_shown)
            ),
            at(
                "participantTokenConfigurations[1].attributes",
                utf8_size(1025),
                None
            ),
            at(
                "participantTokenConfigurations[1].capabilities",
                items(2, 3),
                None
            ),
            at("tags[key \"\"]", chars(Some(1), 128, 0), Some("\"\"")),
            at("tags[\"k\"]", chars(None, 256, 257), Some(&tag_shown)),
            at(
                "autoParticipantRecordingConfiguration.storageConfigurationArn",
                pattern(STORAGE_ARN_PATTERN),
                Some("\"bad-arn\"")
            ),
            at(
                "autoParticipantRecordingConfiguration.mediaTypes",
                items(1, 2),
                None
            ),
            at(
                "autoParticipantRecordingConfiguration.thumbnailConfiguration.targetIntervalSeconds",
                range(1, 86400),
                Some("0")
            ),
            at(
                "autoParticipantRecordingConfiguration.thumbnailConfiguration.storage",
                Constraint::UniqueItems {
                    first: 0,
                    repeated: 1
                },
                None
            ),
            at(
                "autoParticipantRecordingConfiguration.recordingReconnectWindowSeconds",
                range(0, 300),
                Some("301")
            ),
            at(
                "autoParticipantRecordingConfiguration.hlsConfiguration.targetSegmentDurationSeconds",
                range(2, 10),
                Some("11")
            ),
        ]
    );
    let expected = [
        "13 constraint violations: name: must match the pattern ^[a-zA-Z0-9-_]*$, but is \"bad name\"".to_owned(),
        "participantTokenConfigurations[1].duration: must be between 1 and 20160, but is 0".to_owned(),
        format!(
            "participantTokenConfigurations[1].userId: must be between 0 and 128 characters long, but is 129 characters long: {user_shown}"
        ),
        "participantTokenConfigurations[1].attributes: keys and values must total at most 1024 bytes of UTF-8, but total 1025 bytes".to_owned(),
        "participantTokenConfigurations[1].capabilities: must have between 0 and 2 items, but has 3".to_owned(),
        "tags[key \"\"]: must be between 1 and 128 characters long, but is 0 characters long: \"\"".to_owned(),
        format!("tags[\"k\"]: must be at most 256 characters long, but is 257 characters long: {tag_shown}"),
        format!(
            "autoParticipantRecordingConfiguration.storageConfigurationArn: must match the pattern {STORAGE_ARN_PATTERN}, but is \"bad-arn\""
        ),
        "autoParticipantRecordingConfiguration.mediaTypes: must have between 0 and 1 items, but has 2".to_owned(),
        "autoParticipantRecordingConfiguration.thumbnailConfiguration.targetIntervalSeconds: must be between 1 and 86400, but is 0".to_owned(),
        "autoParticipantRecordingConfiguration.thumbnailConfiguration.storage: must not repeat an item, but item [1] repeats item [0]".to_owned(),
        "autoParticipantRecordingConfiguration.recordingReconnectWindowSeconds: must be between 0 and 300, but is 301".to_owned(),
        "autoParticipantRecordingConfiguration.hlsConfiguration.targetSegmentDurationSeconds: must be between 2 and 10, but is 11".to_owned(),
    ]
    .join("; ");
    assert_eq!(error.to_string(), expected);
}
