//! The shared config and credentials files: INI-like sections of `key = value` lines. The AWS
//! SDKs' parsers are not published as standalone crates, so the subset they agree on is read
//! here: `[name]` sections (`[profile name]` in the config file, where `[default]` also works),
//! `#` and `;` comments, and indented sub-properties, which are skipped.

use std::collections::BTreeMap;
use std::path::Path;

/// The keys of one profile, or `None` when the file cannot be read.
pub(crate) fn load(
    path: &Path,
    profile: &str,
    config_file: bool,
) -> Option<BTreeMap<String, String>> {
    let text = std::fs::read_to_string(path).ok()?;
    Some(parse(&text, profile, config_file))
}

/// The keys of `profile` in the text of a config file (`config_file`) or credentials file.
pub(crate) fn parse(text: &str, profile: &str, config_file: bool) -> BTreeMap<String, String> {
    let mut keys = BTreeMap::new();
    let mut in_profile = false;
    for line in text.lines() {
        if line.starts_with([' ', '\t']) {
            continue;
        }
        let line = line.trim();
        if line.is_empty() || line.starts_with(['#', ';']) {
            continue;
        }
        if let Some(section) = line.strip_prefix('[').and_then(|l| l.split(']').next()) {
            let section = section.trim();
            let name = if config_file {
                section
                    .strip_prefix("profile")
                    .filter(|rest| rest.starts_with([' ', '\t']))
                    .map(str::trim)
                    .or((section == "default").then_some("default"))
            } else {
                Some(section)
            };
            in_profile = name == Some(profile);
            continue;
        }
        if !in_profile {
            continue;
        }
        if let Some((key, value)) = line.split_once('=') {
            let value = strip_comment(value.trim());
            keys.insert(key.trim().to_ascii_lowercase(), value.to_owned());
        }
    }
    keys
}

/// Drops an inline comment: ` #…` or ` ;…` after the value.
fn strip_comment(value: &str) -> &str {
    let cut = [" #", " ;", "\t#", "\t;"]
        .iter()
        .filter_map(|m| value.find(m))
        .min();
    cut.map_or(value, |i| value[..i].trim_end())
}

#[cfg(test)]
mod tests {
    use super::parse;

    const CONFIG: &str = "\
# comment
[default]
region = us-west-2

[profile dev]
region=eu-west-1 ; inline comment
aws_access_key_id = AKIDDEV
aws_secret_access_key = SECRETDEV
s3 =
  max_concurrent_requests = 10
[profiledev]
region = wrong
";

    #[test]
    fn reads_config_file_profiles() {
        let dev = parse(CONFIG, "dev", true);
        assert_eq!(dev.get("region").map(String::as_str), Some("eu-west-1"));
        assert_eq!(
            dev.get("aws_access_key_id").map(String::as_str),
            Some("AKIDDEV")
        );
        assert_eq!(dev.get("max_concurrent_requests"), None);
        assert_eq!(
            parse(CONFIG, "default", true)
                .get("region")
                .map(String::as_str),
            Some("us-west-2")
        );
        assert!(parse(CONFIG, "missing", true).is_empty());
    }

    #[test]
    fn credentials_file_sections_have_no_prefix() {
        let text = "[dev]\naws_access_key_id = A\n[profile dev]\naws_access_key_id = B\n";
        assert_eq!(
            parse(text, "dev", false)
                .get("aws_access_key_id")
                .map(String::as_str),
            Some("A")
        );
        assert_eq!(
            parse(text, "dev", true)
                .get("aws_access_key_id")
                .map(String::as_str),
            Some("B")
        );
    }
}
