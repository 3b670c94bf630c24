//! `cargo xtask bench`: this project's generated client and aws-sdk-ivsrealtime side by side, on
//! one machine in one run: CPU and latency per CreateStage call against the same loopback server
//! (in sequence and 64 at a time), user-space instructions per call (callgrind, client and
//! server in one process), clean debug build time, crates compiled and release binary size, for
//! one service and for a program of two services (with EKS Auth), and code generation time.
//! Prints a table of ratios and writes it into BENCHMARKS.md.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

const SERVER: &str = include_str!("../bench/server.rs");
const SERVE: &str = include_str!("../bench/serve.rs");
const OURS: &str = include_str!("../bench/ours.rs");
const AWS: &str = include_str!("../bench/aws.rs");
const MEASURE: &str = include_str!("../bench/measure.rs");
const TWO_OURS: &str = include_str!("../bench/two_ours.rs");
const TWO_AWS: &str = include_str!("../bench/two_aws.rs");

/// Calls of the two instruction-count runs: their difference is what the per-call count is
/// computed from.
const INSTRUCTION_CALLS: [usize; 2] = [100, 300];

/// Calls per phase.
const CALLS: usize = 20_000;

/// Runs of each side's call program, alternating between the sides; the table shows medians,
/// so one run disturbed by the machine does not decide a ratio.
const ROUNDS: usize = 3;

/// What one client measured.
#[derive(Default)]
struct Side {
    build_seconds: f64,
    crates: usize,
    binary: PathBuf,
    binary_bytes: u64,
    /// One list of `(phase, measurements)` per run.
    runs: Vec<Vec<(String, String)>>,
    /// User-space instructions of one call, from callgrind.
    instructions: f64,
}

fn write_program(dir: &Path, manifest: &str, main: &str) -> Result<(), String> {
    std::fs::create_dir_all(dir.join("src")).map_err(|e| e.to_string())?;
    std::fs::write(dir.join("Cargo.toml"), manifest).map_err(|e| e.to_string())?;
    std::fs::write(dir.join("src/main.rs"), main).map_err(|e| e.to_string())?;
    std::fs::write(dir.join("src/measure.rs"), MEASURE).map_err(|e| e.to_string())?;
    std::fs::write(dir.join("src/serve.rs"), SERVE).map_err(|e| e.to_string())
}

fn manifest(name: &str, dependencies: &str) -> String {
    format!(
        "[package]\nname = \"{name}\"\nversion = \"0.0.0\"\nedition = \"2024\"\npublish = false\n\n\
         [dependencies]\n{dependencies}\n[workspace]\n"
    )
}

/// Runs cargo in `dir` with its own target folder; returns stderr.
fn cargo(dir: &Path, target: &Path, args: &[&str]) -> Result<String, String> {
    let output = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
        .args(args)
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", target)
        .env("CARGO_TERM_COLOR", "never")
        .output()
        .map_err(|e| e.to_string())?;
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    if output.status.success() {
        Ok(stderr)
    } else {
        Err(format!(
            "cargo {} in {} failed:\n{stderr}",
            args.join(" "),
            dir.display()
        ))
    }
}

/// Builds one side: a clean debug build (timed, crates counted), then a release build.
fn build_side(dir: &Path, name: &str) -> Result<Side, String> {
    let release = dir.join("target-release");
    cargo(dir, &dir.join("target-debug"), &["fetch"])?;
    let (build_seconds, crates) = clean_build(dir)?;
    cargo(dir, &release, &["build", "--release", "--offline"])?;
    let binary = release.join("release").join(name);
    let binary_bytes = std::fs::metadata(&binary).map_err(|e| e.to_string())?.len();
    Ok(Side {
        build_seconds,
        crates,
        binary,
        binary_bytes,
        runs: Vec::new(),
        instructions: f64::NAN,
    })
}

/// One clean debug build of the program in `dir`: its time in seconds and the crates it
/// compiled.
fn clean_build(dir: &Path) -> Result<(f64, usize), String> {
    let debug = dir.join("target-debug");
    let _ = std::fs::remove_dir_all(&debug);
    let start = Instant::now();
    let log = cargo(dir, &debug, &["build", "--offline"])?;
    let seconds = start.elapsed().as_secs_f64();
    let crates = log
        .lines()
        .filter(|l| l.trim_start().starts_with("Compiling "))
        .count();
    Ok((seconds, crates))
}

/// More clean builds of every side, in turn, each side's build time then the median of all
/// its builds: one build disturbed by the machine does not decide a ratio.
fn median_builds(sides: &mut [(&Path, &mut Side)]) -> Result<(), String> {
    let mut times: Vec<Vec<f64>> = sides.iter().map(|(_, s)| vec![s.build_seconds]).collect();
    for round in 1..ROUNDS {
        for (i, (dir, _)) in sides.iter().enumerate() {
            eprintln!("clean build {} of {ROUNDS}: {}…", round + 1, dir.display());
            times[i].push(clean_build(dir)?.0);
        }
    }
    for ((_, side), mut times) in sides.iter_mut().zip(times) {
        times.sort_by(f64::total_cmp);
        side.build_seconds = times[times.len() / 2];
    }
    Ok(())
}

/// User-space instructions of one call of `side`: two callgrind runs of its in-process mode
/// with different numbers of calls, their difference over the difference of calls.
fn count_instructions(side: &mut Side) -> Result<(), String> {
    let mut totals = Vec::new();
    for calls in INSTRUCTION_CALLS {
        let output = Command::new("valgrind")
            .args(["--tool=callgrind", "--callgrind-out-file=/dev/null"])
            .arg(&side.binary)
            .args(["--instructions", &calls.to_string()])
            .output()
            .map_err(|e| format!("valgrind: {e} (install it: apt-get install valgrind)"))?;
        let stderr = String::from_utf8_lossy(&output.stderr);
        if !output.status.success() {
            return Err(format!(
                "{} under callgrind failed: {stderr}",
                side.binary.display()
            ));
        }
        let total: f64 = stderr
            .lines()
            .find_map(|l| l.split("Collected :").nth(1))
            .and_then(|n| n.trim().parse().ok())
            .ok_or_else(|| format!("no instruction count from callgrind: {stderr}"))?;
        totals.push(total);
    }
    let calls = (INSTRUCTION_CALLS[1] - INSTRUCTION_CALLS[0]) as f64;
    side.instructions = (totals[1] - totals[0]) / calls;
    Ok(())
}

/// The AWS model of EKS Auth beside this repository, for the second service.
fn eks_auth_model(root: &Path) -> Result<PathBuf, String> {
    let dir = root.join("../shared/models/aws");
    std::fs::read_dir(&dir)
        .map_err(|e| format!("{}: {e}", dir.display()))?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .find(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with("eks-auth-") && n.ends_with(".json"))
        })
        .ok_or_else(|| format!("no eks-auth model in {}", dir.display()))
}

/// Runs one side's calls once against `endpoint`.
fn run_calls(side: &mut Side, endpoint: &str) -> Result<(), String> {
    let output = Command::new(&side.binary)
        .args([endpoint, &CALLS.to_string()])
        .output()
        .map_err(|e| e.to_string())?;
    if !output.status.success() {
        return Err(format!(
            "{} failed: {}",
            side.binary.display(),
            String::from_utf8_lossy(&output.stderr)
        ));
    }
    side.runs.push(
        String::from_utf8_lossy(&output.stdout)
            .lines()
            .filter_map(|l| l.split_once(' '))
            .map(|(phase, rest)| (phase.to_owned(), rest.to_owned()))
            .collect(),
    );
    Ok(())
}

/// The median over the runs of one measurement of one phase.
fn median(side: &Side, phase: &str, key: &str) -> f64 {
    let mut values: Vec<f64> = side
        .runs
        .iter()
        .filter_map(|run| run.iter().find(|(p, _)| p == phase))
        .map(|(_, rest)| field(rest, key))
        .filter(|v| v.is_finite())
        .collect();
    values.sort_by(f64::total_cmp);
    values.get(values.len() / 2).copied().unwrap_or(f64::NAN)
}

fn field(rest: &str, key: &str) -> f64 {
    rest.split_whitespace()
        .find_map(|kv| kv.strip_prefix(&format!("{key}=")))
        .and_then(|v| v.parse().ok())
        .unwrap_or(f64::NAN)
}

/// Median times of the codegen benchmark, by benchmark name.
fn codegen_times(root: &Path) -> Result<Vec<(String, String)>, String> {
    let output = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
        .args(["bench", "-p", "codegen", "--bench", "generate"])
        .current_dir(root)
        .stderr(Stdio::inherit())
        .output()
        .map_err(|e| e.to_string())?;
    let text = String::from_utf8_lossy(&output.stdout).into_owned();
    let mut times = Vec::new();
    let mut name = String::new();
    for line in text.lines() {
        if let Some(rest) = line.trim().strip_prefix("time:") {
            let parts: Vec<&str> = rest
                .trim()
                .trim_matches(['[', ']'])
                .split_whitespace()
                .collect();
            if parts.len() >= 4 {
                times.push((name.trim().to_owned(), format!("{} {}", parts[2], parts[3])));
            }
            let before = line.split("time:").next().unwrap_or_default().trim();
            if let (false, Some(last)) = (before.is_empty(), times.last_mut()) {
                last.0 = before.to_owned();
            }
        } else if !line.trim().is_empty() {
            name = line.trim().to_owned();
        }
    }
    Ok(times)
}

fn aws_version(dir: &Path) -> String {
    crate_version(dir, "aws-sdk-ivsrealtime")
}

/// The version of `name` in the lock file of the program in `dir`.
fn crate_version(dir: &Path, name: &str) -> String {
    let lock = std::fs::read_to_string(dir.join("Cargo.lock")).unwrap_or_default();
    let mut lines = lock.lines();
    while let Some(line) = lines.next() {
        if line == format!("name = \"{name}\"")
            && let Some(version) = lines.next().and_then(|l| l.strip_prefix("version = "))
        {
            return version.trim_matches('"').to_owned();
        }
    }
    "unknown".to_owned()
}

/// Runs the whole benchmark.
pub fn run(root: &Path) -> Result<(), String> {
    let dir = root.join("target/bench");
    let generated = root.join("generated");
    let server_dir = dir.join("server");
    write_program(
        &server_dir,
        &manifest(
            "server",
            "tokio = { version = \"1\", features = [\"full\"] }",
        ),
        SERVER,
    )?;
    let ours_dir = dir.join("ours");
    write_program(
        &ours_dir,
        &manifest(
            "ours",
            &format!(
                "ivs-realtime = {{ path = {:?} }}\ntokio = {{ version = \"1\", features = [\"macros\", \"rt-multi-thread\", \"net\", \"io-util\"] }}",
                generated.display().to_string()
            ),
        ),
        OURS,
    )?;
    let eks_auth = dir.join("eks-auth");
    let model = eks_auth_model(root)?;
    let files = codegen::generate_from_file(&model, "eks-auth.json", &codegen::Options::local())
        .map_err(|e| e.to_string())?;
    codegen::output::sync(&eks_auth, &files.files, false).map_err(|e| e.to_string())?;
    let two_ours_dir = dir.join("two-ours");
    write_program(
        &two_ours_dir,
        &manifest(
            "two-ours",
            &format!(
                "rustgen-runtime = {{ path = {:?} }}\nivs-realtime = {{ path = {:?} }}\n\
                 eks-auth = {{ path = {:?} }}\n\
                 tokio = {{ version = \"1\", features = [\"macros\", \"rt-multi-thread\"] }}",
                codegen::runtime_dir().display().to_string(),
                generated.display().to_string(),
                eks_auth.display().to_string()
            ),
        ),
        TWO_OURS,
    )?;
    let two_aws_dir = dir.join("two-aws");
    write_program(
        &two_aws_dir,
        &manifest(
            "two-aws",
            "aws-config = { version = \"1\", features = [\"behavior-version-latest\"] }\n\
             aws-sdk-ivsrealtime = \"1\"\naws-sdk-eksauth = \"1\"\n\
             tokio = { version = \"1\", features = [\"full\"] }",
        ),
        TWO_AWS,
    )?;
    let aws_dir = dir.join("aws");
    write_program(
        &aws_dir,
        &manifest(
            "aws",
            "aws-config = { version = \"1\", features = [\"behavior-version-latest\"] }\n\
             aws-sdk-ivsrealtime = \"1\"\ntokio = { version = \"1\", features = [\"full\"] }",
        ),
        AWS,
    )?;

    eprintln!("building the loopback server…");
    cargo(
        &server_dir,
        &server_dir.join("target"),
        &["build", "--release"],
    )?;
    let mut server = Command::new(server_dir.join("target/release/server"))
        .stdout(Stdio::piped())
        .spawn()
        .map_err(|e| e.to_string())?;
    let mut port = String::new();
    {
        use std::io::BufRead as _;
        let stdout = server.stdout.take().ok_or("no server stdout")?;
        std::io::BufReader::new(stdout)
            .read_line(&mut port)
            .map_err(|e| e.to_string())?;
    }
    let endpoint = format!("http://127.0.0.1:{}", port.trim());

    eprintln!("building this project's client…");
    let mut ours = build_side(&ours_dir, "ours");
    eprintln!("building aws-sdk-ivsrealtime's…");
    let mut aws = build_side(&aws_dir, "aws");
    let calls = match (&mut ours, &mut aws) {
        (Ok(ours), Ok(aws)) => (0..ROUNDS).try_for_each(|round| {
            eprintln!("calls, round {} of {ROUNDS}…", round + 1);
            run_calls(ours, &endpoint)?;
            run_calls(aws, &endpoint)
        }),
        _ => Ok(()),
    };
    let _ = server.kill();
    let (mut ours, mut aws) = (ours?, aws?);
    calls?;
    eprintln!("counting instructions per call…");
    count_instructions(&mut ours)?;
    count_instructions(&mut aws)?;
    eprintln!("building the two-service programs…");
    let mut two_ours = build_side(&two_ours_dir, "two-ours")?;
    let mut two_aws = build_side(&two_aws_dir, "two-aws")?;
    median_builds(&mut [
        (&ours_dir, &mut ours),
        (&aws_dir, &mut aws),
        (&two_ours_dir, &mut two_ours),
        (&two_aws_dir, &mut two_aws),
    ])?;
    eprintln!("measuring code generation…");
    let codegen = codegen_times(root)?;

    let mut table = String::new();
    let ratio = |a: f64, b: f64| {
        if b > 0.0 {
            format!("{:.2}×", a / b)
        } else {
            "n/a".to_owned()
        }
    };
    let _ = writeln!(
        table,
        "| measure | ivs-realtime (this project) | aws-sdk-ivsrealtime {} | ratio |",
        aws_version(&aws_dir)
    );
    let _ = writeln!(table, "| --- | --- | --- | --- |");
    for (phase, label) in [
        ("sequential", "in sequence"),
        ("concurrent64", "64 at a time"),
    ] {
        for (key, what) in [
            ("cpu_us_per_call", "CPU per call"),
            ("wall_us_per_call", "wall time per call"),
            ("p50_us", "latency p50"),
            ("p99_us", "latency p99"),
        ] {
            let (x, y) = (median(&ours, phase, key), median(&aws, phase, key));
            let _ = writeln!(
                table,
                "| {what}, {label} (µs) | {x:.1} | {y:.1} | {} |",
                ratio(x, y)
            );
        }
    }
    let _ = writeln!(
        table,
        "| instructions per call, in sequence, client and server in one process | {:.0} | {:.0} | {} |",
        ours.instructions,
        aws.instructions,
        ratio(ours.instructions, aws.instructions)
    );
    let mb = |b: u64| b as f64 / 1_048_576.0;
    for (label, ours, aws) in [("", &ours, &aws), (", two services", &two_ours, &two_aws)] {
        let _ = writeln!(
            table,
            "| clean debug build{label} (s) | {:.1} | {:.1} | {} |",
            ours.build_seconds,
            aws.build_seconds,
            ratio(ours.build_seconds, aws.build_seconds)
        );
        let _ = writeln!(
            table,
            "| crates compiled{label} | {} | {} | {} |",
            ours.crates,
            aws.crates,
            ratio(ours.crates as f64, aws.crates as f64)
        );
        let _ = writeln!(
            table,
            "| release binary{label} (MiB) | {:.2} | {:.2} | {} |",
            mb(ours.binary_bytes),
            mb(aws.binary_bytes),
            ratio(ours.binary_bytes as f64, aws.binary_bytes as f64)
        );
    }
    for (name, time) in &codegen {
        let _ = writeln!(table, "| codegen: {name} | {time} | | |");
    }
    println!("{table}");

    let machine = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|c| {
            c.lines()
                .find(|l| l.starts_with("model name"))
                .map(|l| l.split(':').nth(1).unwrap_or("").trim().to_owned())
        })
        .unwrap_or_default();
    let cores = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(0);
    let date = Command::new("date")
        .arg("+%Y-%m-%d")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_owned())
        .unwrap_or_default();
    let section = format!(
        "## Side by side with aws-sdk-ivsrealtime\n\n```sh\ncargo xtask bench\n```\n\n\
         Measured {date} on {machine} ({cores} cores); {CALLS} calls per phase against one \
         loopback server process, each side's program run {ROUNDS} times in turn and the median \
         shown; CPU from /proc (user + system) of the client process; instructions from \
         callgrind, client and server on one current-thread runtime in one process, the \
         difference of runs of {} and {} calls; build times the median of {ROUNDS} clean debug builds of each \
         program, in turn, with separate target folders; binaries from default release builds. The two-service \
         programs call one operation of ivs-realtime and one of EKS Auth from one shared \
         configuration (aws-sdk-eksauth {} on the other side).\n\n{table}",
        INSTRUCTION_CALLS[0],
        INSTRUCTION_CALLS[1],
        crate_version(&two_aws_dir, "aws-sdk-eksauth")
    );
    update_benchmarks(&root.join("BENCHMARKS.md"), &section)
}

/// Replaces the side-by-side section of BENCHMARKS.md where it stands (or appends it), keeping
/// the sections around it.
fn update_benchmarks(path: &PathBuf, section: &str) -> Result<(), String> {
    let text = std::fs::read_to_string(path).unwrap_or_default();
    let marker = "## Side by side with aws-sdk-ivsrealtime";
    let updated = match text.find(marker) {
        Some(start) => {
            let rest = &text[start + marker.len()..];
            let after = rest.find("\n## ").map_or("", |i| &rest[i + 1..]);
            let before = &text[..start];
            if after.is_empty() {
                format!("{before}{}\n", section.trim_end())
            } else {
                format!("{before}{}\n\n{after}", section.trim_end())
            }
        }
        None => format!("{}\n\n{}\n", text.trim_end(), section.trim_end()),
    };
    std::fs::write(path, updated).map_err(|e| e.to_string())
}
