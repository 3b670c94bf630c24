//! The shared config and credentials files: INI-like sections of `key = value` lines. The AWS
//! SDKs' parsers are not published as standalone crates, so the subset they agree on is read
//! here: `[name]` sections (`[profile name]` in the config file, where `[default]` also works),
//! `#` and `;` comments, and indented sub-properties, which are skipped.

use std::collections::BTreeMap;
use std::io::Read as _;
use std::path::Path;

/// The largest shared config or credentials file read. Real ones hold a few kilobytes; a
/// larger file is refused rather than read into memory whatever its size.
const MAX_FILE_SIZE: u64 = 4 * 1024 * 1024;

/// The keys of one profile, or `None` when the file does not exist.
///
/// # Errors
///
/// When the file exists but cannot be read, is larger than 4 MiB, or is not UTF-8 text.
pub(crate) fn load(
    path: &Path,
    profile: &str,
    config_file: bool,
) -> Result<Option<BTreeMap<String, String>>, String> {
    let file = match std::fs::File::open(path) {
        Ok(file) => file,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(format!("cannot read {}: {e}", path.display())),
    };
    let mut bytes = Vec::new();
    file.take(MAX_FILE_SIZE + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    if bytes.len() as u64 > MAX_FILE_SIZE {
        return Err(format!(
            "{} is larger than {} MiB",
            path.display(),
            MAX_FILE_SIZE / (1024 * 1024)
        ));
    }
    let text = String::from_utf8(bytes)
        .map_err(|e| format!("{} is not UTF-8 text: {e}", path.display()))?;
    Ok(Some(parse(&text, profile, config_file)))
}

/// The keys of `profile` in the text of a config file (`config_file`) or credentials file.
pub(crate) fn parse(text: &str, profile: &str, config_file: bool) -> BTreeMap<String, String> {
    let mut keys = BTreeMap::new();
    let mut in_profile = false;
    // Editors on Windows may start a file with a byte order mark, which would hide the first
    // section's header.
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
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
    fn a_byte_order_mark_does_not_hide_the_first_section() {
        let text = "\u{feff}[default]\nregion = eu-north-1\n";
        assert_eq!(
            parse(text, "default", true)
                .get("region")
                .map(String::as_str),
            Some("eu-north-1")
        );
    }

    #[test]
    fn files_too_large_or_not_utf8_are_errors_and_missing_ones_are_not() {
        let folder = std::env::temp_dir().join(format!("rustgen-profile-{}", std::process::id()));
        std::fs::create_dir_all(&folder).unwrap();
        let missing = folder.join("missing");
        assert_eq!(super::load(&missing, "default", true), Ok(None));
        let latin1 = folder.join("latin1");
        std::fs::write(&latin1, b"[default]\nregion = caf\xe9\n").unwrap();
        let error = super::load(&latin1, "default", true).unwrap_err();
        assert!(
            error.starts_with(&format!("{} is not UTF-8 text", latin1.display())),
            "{error}"
        );
        let large = folder.join("large");
        let mut text = b"[default]\n".to_vec();
        text.resize(5 * 1024 * 1024, b'#');
        std::fs::write(&large, text).unwrap();
        assert_eq!(
            super::load(&large, "default", true),
            Err(format!("{} is larger than 4 MiB", large.display()))
        );
        std::fs::remove_dir_all(&folder).unwrap();
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
