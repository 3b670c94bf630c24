//! `cargo xtask corpus [--models DIR] [--protocol NAME|all] [--sample N] [--build] [--diff CASES
//! [--python PATH]] [--out DIR]`:
//! generates every model of a folder of AWS service models (by default `../shared/models/aws`,
//! beside the repository) that speaks the protocol (by default `restJson1`; `all` takes every
//! protocol the generator supports), read from each model's service shape. Prints a line per model: generated or not, operations in the crate
//! and left out, constraints not checked, generation time; then totals. With `--build`, the
//! generated crates are checked as this repository checks its own: in one workspace with one
//! target folder, `cargo clippy --all-targets -D warnings`, `cargo doc` with warnings denied,
//! and `cargo test` (their endpoint-rule tests).
//!
//! `--diff CASES` (which implies `--build`) adds to each crate a differential test against
//! botocore ([`crate::differential`]) with CASES random calls per operation made by
//! `tests/botocore_corpus.py`, run with the Python of `--python` (by default the virtualenv
//! `target/botocore-venv` that the tests and `.ci/run` install).
//!
//! Exits 1 when a model does not generate or a build step fails.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

/// What the command line asks for.
#[derive(Debug, PartialEq, Eq)]
pub struct Corpus {
    models: PathBuf,
    protocol: String,
    sample: Option<usize>,
    build: bool,
    /// Cases per operation for the differential test against botocore, when asked for.
    diff: Option<usize>,
    python: PathBuf,
    out: PathBuf,
}

/// The protocols the generator supports, which `--protocol all` takes.
const SUPPORTED: &[&str] = &["restJson1", "awsJson1_0", "awsJson1_1", "awsQuery"];

/// The protocols a service shape may declare, by the trait that declares them.
const PROTOCOLS: &[(&str, &str)] = &[
    ("aws.protocols#restJson1", "restJson1"),
    ("aws.protocols#awsJson1_0", "awsJson1_0"),
    ("aws.protocols#awsJson1_1", "awsJson1_1"),
    ("aws.protocols#awsQuery", "awsQuery"),
    ("aws.protocols#ec2Query", "ec2Query"),
    ("aws.protocols#restXml", "restXml"),
];

impl Corpus {
    /// Reads the arguments after `corpus`.
    pub fn parse(root: &Path, args: &[String]) -> Result<Self, String> {
        let mut corpus = Self {
            models: root.join("../shared/models/aws"),
            protocol: "restJson1".to_owned(),
            sample: None,
            build: false,
            diff: None,
            python: root.join("target/botocore-venv/bin/python"),
            out: root.join("target/corpus"),
        };
        let mut args = args.iter();
        while let Some(arg) = args.next() {
            match arg.as_str() {
                "--models" => corpus.models = args.next().ok_or("--models needs a DIR")?.into(),
                "--protocol" => {
                    let name = args.next().ok_or("--protocol needs a NAME")?;
                    if name != "all" && !PROTOCOLS.iter().any(|(_, p)| p == name) {
                        let known: Vec<&str> = PROTOCOLS.iter().map(|(_, p)| *p).collect();
                        return Err(format!(
                            "unknown protocol `{name}`; one of {}, or all",
                            known.join(", ")
                        ));
                    }
                    corpus.protocol = name.clone();
                }
                "--sample" => {
                    let n = args.next().ok_or("--sample needs a number")?;
                    corpus.sample = Some(
                        n.parse()
                            .ok()
                            .filter(|n| *n > 0)
                            .ok_or_else(|| format!("--sample `{n}` is not a positive number"))?,
                    );
                }
                "--build" => corpus.build = true,
                "--diff" => {
                    let n = args
                        .next()
                        .ok_or("--diff needs a number of cases per operation")?;
                    corpus.diff = Some(
                        n.parse()
                            .ok()
                            .filter(|n| *n > 0)
                            .ok_or_else(|| format!("--diff `{n}` is not a positive number"))?,
                    );
                    corpus.build = true;
                }
                "--python" => corpus.python = args.next().ok_or("--python needs a PATH")?.into(),
                "--out" => corpus.out = args.next().ok_or("--out needs a DIR")?.into(),
                other => return Err(format!("unknown argument `{other}`")),
            }
        }
        Ok(corpus)
    }
}

impl Corpus {
    /// Whether the command takes models of `protocol`.
    fn takes(&self, protocol: &str) -> bool {
        if self.protocol == "all" {
            SUPPORTED.contains(&protocol)
        } else {
            self.protocol == protocol
        }
    }
}

/// The protocol a model's service shape declares, without checking anything else.
fn protocol_of(text: &str) -> Option<&'static str> {
    let model = codegen::model::Model::from_json(text).ok()?;
    let service = model.shapes.values().find(|s| s.kind == "service")?;
    PROTOCOLS
        .iter()
        .find(|(id, _)| service.traits.contains_key(*id))
        .map(|(_, name)| *name)
}

/// `n` models spread evenly over `files` (sorted), always the same for the same folder.
fn sample<T: Clone>(files: &[T], n: usize) -> Vec<T> {
    if n >= files.len() {
        return files.to_vec();
    }
    (0..n).map(|i| files[i * files.len() / n].clone()).collect()
}

/// One model's outcome.
struct Outcome {
    file: String,
    crate_dir: Option<PathBuf>,
    operations: usize,
    left_out: usize,
    unchecked: usize,
    waiters: usize,
    waiters_left_out: usize,
    millis: f64,
    error: Option<String>,
}

/// The feature a left-out operation's reason names, without the shape and member it is on
/// (`shape `a#B`, member `c`: trait `x` is not supported yet` gives `trait `x` is not supported
/// yet`), so that reasons can be counted over the corpus.
fn feature(reason: &str) -> String {
    let message = reason.split_once("`: ").map_or(reason, |(_, m)| m);
    let mut out = String::new();
    for (i, part) in message.split('`').enumerate() {
        if i % 2 == 1 {
            let shown = if part.contains('#')
                && !part.starts_with("smithy.")
                && !part.starts_with("aws.")
            {
                "…"
            } else {
                part
            };
            out.push('`');
            out.push_str(shown);
            out.push('`');
        } else {
            out.push_str(part);
        }
    }
    out
}

/// Runs the command; `Ok(false)` when something failed.
pub fn run(corpus: &Corpus) -> Result<bool, String> {
    let mut files: Vec<(String, String)> = Vec::new();
    let entries = std::fs::read_dir(&corpus.models)
        .map_err(|e| format!("{}: {e}", corpus.models.display()))?;
    for entry in entries {
        let path = entry.map_err(|e| e.to_string())?.path();
        if path.extension().is_some_and(|e| e == "json") {
            let text =
                std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
            if protocol_of(&text).is_some_and(|p| corpus.takes(p)) {
                let name = path
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default();
                files.push((name, text));
            }
        }
    }
    files.sort();
    let found = files.len();
    if let Some(n) = corpus.sample {
        files = sample(&files, n);
    }
    println!(
        "{} {} models in {}{}",
        found,
        corpus.protocol,
        corpus.models.display(),
        corpus
            .sample
            .map(|n| format!(", a sample of {}", n.min(found)))
            .unwrap_or_default()
    );
    let options = codegen::Options::local();
    let mut outcomes = Vec::new();
    let mut skipped = 0;
    let mut features: std::collections::BTreeMap<String, usize> = std::collections::BTreeMap::new();
    for (file, text) in &files {
        let start = Instant::now();
        let outcome = match codegen::load(text, file) {
            Ok(ir) => {
                let files = codegen::emit::emit(&ir, file, &options);
                let millis = start.elapsed().as_secs_f64() * 1000.0;
                for left in &ir.left_out {
                    *features.entry(feature(&left.reason)).or_default() += 1;
                }
                for left in &ir.waiters_left_out {
                    println!(
                        "      waiter `{}` of `{}` left out: {}",
                        left.waiter, left.operation, left.reason
                    );
                }
                let dir = corpus.out.join(&ir.service.crate_name);
                codegen::output::sync(&dir, &files, false).map_err(|e| e.to_string())?;
                if let Some(cases) = corpus.diff {
                    let path = corpus.models.join(file);
                    skipped += differential(&ir, &dir, &path, &corpus.python, cases)?;
                }
                Outcome {
                    file: file.clone(),
                    crate_dir: Some(dir),
                    operations: ir.operations.len(),
                    left_out: ir.left_out.len(),
                    unchecked: ir.unchecked.len(),
                    waiters: ir.operations.iter().map(|op| op.waiters.len()).sum(),
                    waiters_left_out: ir.waiters_left_out.len(),
                    millis,
                    error: None,
                }
            }
            Err(e) => Outcome {
                file: file.clone(),
                crate_dir: None,
                operations: 0,
                left_out: 0,
                unchecked: 0,
                waiters: 0,
                waiters_left_out: 0,
                millis: start.elapsed().as_secs_f64() * 1000.0,
                error: Some(e.to_string()),
            },
        };
        match &outcome.error {
            None => println!(
                "ok    {:<55} {:>4} operations, {:>3} left out, {:>3} unchecked, {:>3} waiters, \
                 {:>7.1} ms",
                outcome.file,
                outcome.operations,
                outcome.left_out,
                outcome.unchecked,
                outcome.waiters,
                outcome.millis
            ),
            Some(error) => println!(
                "FAIL  {:<55} {}",
                outcome.file,
                error.lines().take(3).collect::<Vec<_>>().join(" ")
            ),
        }
        outcomes.push(outcome);
    }
    let generated: Vec<&Outcome> = outcomes.iter().filter(|o| o.error.is_none()).collect();
    let operations: usize = generated.iter().map(|o| o.operations).sum();
    let left_out: usize = generated.iter().map(|o| o.left_out).sum();
    let waiters: usize = generated.iter().map(|o| o.waiters).sum();
    let waiters_left_out: usize = generated.iter().map(|o| o.waiters_left_out).sum();
    let millis: f64 = outcomes.iter().map(|o| o.millis).sum();
    println!(
        "generated {} of {} models: {operations} operations, {left_out} left out, {waiters} \
         waiters, {waiters_left_out} waiters left out; {:.1} s of generation",
        generated.len(),
        outcomes.len(),
        millis / 1000.0
    );
    let mut features: Vec<(String, usize)> = features.into_iter().collect();
    features.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    for (feature, count) in features {
        println!("left out {count:>4} × {feature}");
    }
    if corpus.diff.is_some() {
        println!(
            "differential: {skipped} cases botocore could not make (listed in each crate's tests/botocore-cases.json)"
        );
    }
    let mut ok = generated.len() == outcomes.len();
    if corpus.build && !generated.is_empty() {
        let dirs: Vec<&Path> = generated
            .iter()
            .filter_map(|o| o.crate_dir.as_deref())
            .collect();
        ok &= build(&corpus.out, &dirs)?;
    }
    Ok(ok)
}

/// Writes the differential test against botocore into the crate at `dir`, and its cases from
/// botocore (`tests/botocore_corpus.py`). Returns how many cases botocore could not make.
fn differential(
    ir: &codegen::ir::Ir,
    dir: &Path,
    model: &Path,
    python: &Path,
    cases: usize,
) -> Result<usize, String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap_or(Path::new("."));
    if !python.exists() {
        return Err(format!(
            "{} is missing: the differential test needs botocore (`python3 -m venv target/botocore-venv && target/botocore-venv/bin/pip install -r tests/botocore-requirements.txt`, as .ci/run does)",
            python.display()
        ));
    }
    let operations: Vec<&str> = ir
        .operations
        .iter()
        .map(|op| codegen::ir::shape_name(&op.shape_id))
        .collect();
    if operations.is_empty() {
        // Every operation left out: nothing to compare, and a test file without cases would
        // be all dead code.
        println!("      botocore: no operation to compare");
        return Ok(0);
    }
    let output = Command::new(python)
        .arg(root.join("tests/botocore_corpus.py"))
        .arg(model)
        .arg(cases.to_string())
        .arg("7")
        .arg(operations.join(","))
        .output()
        .map_err(|e| format!("{}: {e}", python.display()))?;
    if !output.status.success() {
        return Err(format!(
            "botocore_corpus.py {}: {}",
            model.display(),
            String::from_utf8_lossy(&output.stderr)
        ));
    }
    let tests = dir.join("tests");
    std::fs::create_dir_all(&tests).map_err(|e| e.to_string())?;
    std::fs::write(tests.join("botocore-cases.json"), &output.stdout).map_err(|e| e.to_string())?;
    std::fs::write(
        tests.join("differential.rs"),
        crate::differential::test_file(ir),
    )
    .map_err(|e| e.to_string())?;
    // The script's last line on stderr: `made N cases, skipped M: reason; reason…`.
    let report = String::from_utf8_lossy(&output.stderr);
    let summary = report.lines().last().unwrap_or_default();
    println!("      botocore: {summary}");
    let skipped = summary
        .split_once("skipped ")
        .and_then(|(_, rest)| {
            let digits = rest
                .find(|c: char| !c.is_ascii_digit())
                .unwrap_or(rest.len());
            rest[..digits].parse().ok()
        })
        .unwrap_or(0);
    Ok(skipped)
}

/// Checks the generated crates in one workspace at `out`, sharing one target folder.
fn build(out: &Path, crates: &[&Path]) -> Result<bool, String> {
    let members: Vec<String> = crates
        .iter()
        .filter_map(|dir| dir.file_name())
        .map(|name| format!("{:?}", name.to_string_lossy()))
        .collect();
    std::fs::write(
        out.join("Cargo.toml"),
        format!(
            // Line tables only and no incremental state: full debug information and incremental
            // caches for some eighty crates, built three ways, would take tens of gigabytes.
            "[workspace]\nresolver = \"3\"\nmembers = [{}]\n\n\
             [profile.dev]\ndebug = \"line-tables-only\"\nincremental = false\n",
            members.join(", ")
        ),
    )
    .map_err(|e| e.to_string())?;
    // The dependency versions this repository builds with.
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap_or(Path::new("."));
    std::fs::copy(root.join("Cargo.lock"), out.join("Cargo.lock")).map_err(|e| e.to_string())?;
    let target = root.join("target/corpus-target");
    // Every package of the lock file, the runtime's optional ones too, so that the offline
    // builds below find them on a fresh machine (nothing is downloaded when they are there).
    let fetched = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
        .args(["fetch", "--locked"])
        .current_dir(root)
        .output()
        .map_err(|e| e.to_string())?;
    if !fetched.status.success() {
        return Err(format!(
            "`cargo fetch --locked` failed:\n{}",
            String::from_utf8_lossy(&fetched.stderr)
        ));
    }
    let steps: [(&str, &[&str]); 3] = [
        (
            "clippy",
            &[
                "clippy",
                "--offline",
                "--keep-going",
                "--workspace",
                "--all-targets",
                "--",
                "-D",
                "warnings",
            ],
        ),
        (
            "doc",
            &[
                "doc",
                "--offline",
                "--keep-going",
                "--workspace",
                "--no-deps",
            ],
        ),
        (
            "test",
            &[
                "test",
                "--offline",
                "--no-fail-fast",
                "--workspace",
                "--",
                "--show-output",
            ],
        ),
    ];
    let mut ok = true;
    for (name, args) in steps {
        let start = Instant::now();
        let output = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
            .args(args)
            .current_dir(out)
            .env("CARGO_TARGET_DIR", &target)
            .env("RUSTDOCFLAGS", "-D warnings")
            .env("CARGO_TERM_COLOR", "never")
            .output()
            .map_err(|e| e.to_string())?;
        let seconds = start.elapsed().as_secs_f64();
        if output.status.success() {
            let stdout = String::from_utf8_lossy(&output.stdout);
            let passed: usize = stdout
                .lines()
                .filter_map(|line| line.strip_prefix("test result: ok. "))
                .filter_map(|rest| rest.split(' ').next()?.parse::<usize>().ok())
                .sum();
            let compared: [usize; 3] = stdout
                .lines()
                .filter_map(|line| line.strip_prefix("compared "))
                .map(|rest| {
                    let numbers: Vec<usize> =
                        rest.split(' ').filter_map(|w| w.parse().ok()).collect();
                    [0, 1, 2].map(|i| numbers.get(i).copied().unwrap_or(0))
                })
                .fold([0; 3], |a, b| [a[0] + b[0], a[1] + b[1], a[2] + b[2]]);
            let tests = if name == "test" && compared[0] > 0 {
                format!(
                    ", {passed} tests passed; botocore differential: {} requests and {} answers \
                     compared over {} operations",
                    compared[0], compared[1], compared[2]
                )
            } else if name == "test" {
                format!(", {passed} tests passed")
            } else {
                String::new()
            };
            println!(
                "{name}: ok for {} crates in {seconds:.0} s{tests}",
                crates.len()
            );
        } else {
            ok = false;
            println!("{name}: FAILED after {seconds:.0} s");
            let stderr = String::from_utf8_lossy(&output.stderr);
            let errors: Vec<&str> = stderr
                .lines()
                .filter(|l| l.starts_with("error") || l.trim_start().starts_with("-->"))
                .take(80)
                .collect();
            println!("{}", errors.join("\n"));
            print!("{}", String::from_utf8_lossy(&output.stdout));
        }
    }
    Ok(ok)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reasons_are_counted_by_feature() {
        assert_eq!(
            feature(
                "shape `a.b#C`, member `d`: trait `smithy.api#httpPayload` is not supported yet"
            ),
            "trait `smithy.api#httpPayload` is not supported yet"
        );
        assert_eq!(
            feature("shape `a.b#C`: targets `a.b#D`, a blob shape"),
            "targets `…`, a blob shape"
        );
    }

    #[test]
    fn samples_are_spread_and_stable() {
        let files: Vec<usize> = (0..10).collect();
        assert_eq!(sample(&files, 3), [0, 3, 6]);
        assert_eq!(sample(&files, 20), files);
    }

    #[test]
    fn arguments() {
        let root = Path::new("/r");
        let args: Vec<String> = ["--sample", "4", "--build", "--protocol", "awsJson1_0"]
            .iter()
            .map(|s| (*s).to_owned())
            .collect();
        let corpus = Corpus::parse(root, &args).unwrap();
        assert_eq!(corpus.sample, Some(4));
        assert!(corpus.build);
        assert_eq!(corpus.protocol, "awsJson1_0");
        let all = Corpus::parse(root, &["--protocol".to_owned(), "all".to_owned()]).unwrap();
        assert!(all.takes("restJson1") && all.takes("awsJson1_1") && !all.takes("restXml"));
        assert!(corpus.takes("awsJson1_0") && !corpus.takes("restJson1"));
        let diff = Corpus::parse(root, &["--diff".to_owned(), "3".to_owned()]).unwrap();
        assert_eq!((diff.diff, diff.build), (Some(3), true));
        assert_eq!(
            Corpus::parse(root, &["--sample".to_owned(), "0".to_owned()]).unwrap_err(),
            "--sample `0` is not a positive number"
        );
        assert!(
            Corpus::parse(root, &["--protocol".to_owned(), "soap".to_owned()])
                .unwrap_err()
                .starts_with("unknown protocol `soap`")
        );
    }

    #[test]
    fn the_protocol_is_read_from_the_service_shape() {
        let model = r#"{"smithy": "2.0", "shapes": {"a#S": {"type": "service",
            "traits": {"aws.protocols#awsJson1_1": {}}}}}"#;
        assert_eq!(protocol_of(model), Some("awsJson1_1"));
        assert_eq!(protocol_of("{}"), None);
    }
}
