//! `cargo xtask codegen [--check] [--strict] [--model PATH] [--out DIR] [--runtime-version X.Y |
//! --vendor-runtime]`: generates the client crate.
//! `cargo xtask bench`: this project's client and aws-sdk-ivsrealtime side by side.
//! `cargo xtask corpus [--models DIR] [--protocol NAME] [--sample N] [--build] [--diff CASES
//! [--python PATH]] [--out DIR]`: every AWS model of a folder generated (and, with `--build`,
//! linted, documented and tested; with `--diff`, also compared with botocore).

mod bench;
mod corpus;
mod differential;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

const USAGE: &str = "usage: cargo xtask codegen [--check] [--strict] [--model PATH] [--out DIR] \
                     [--runtime-version X.Y | --vendor-runtime]\n       cargo xtask bench\n       \
                     cargo xtask corpus [--models DIR] [--protocol NAME] [--sample N] [--build] \
                     [--diff CASES [--python PATH]] [--out DIR]";

/// How the generated crate reaches the runtime, as the command line says.
#[derive(Debug, PartialEq, Eq)]
enum RuntimeChoice {
    /// By path, relative to the crate (the default).
    Path,
    /// By version, from a registry.
    Version(String),
    /// A copy inside the crate.
    Vendored,
}

struct Options {
    check: bool,
    strict: bool,
    model: PathBuf,
    out: PathBuf,
    runtime: RuntimeChoice,
}

fn workspace_root() -> PathBuf {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    manifest.parent().unwrap_or(manifest).to_owned()
}

fn parse(args: &[String]) -> Result<Options, String> {
    let root = workspace_root();
    let mut options = Options {
        check: false,
        strict: false,
        model: root.join("model/ivs-realtime.json"),
        out: root.join("generated"),
        runtime: RuntimeChoice::Path,
    };
    let mut args = args.iter();
    match args.next().map(String::as_str) {
        Some("codegen") => {}
        Some(other) => return Err(format!("unknown task `{other}`")),
        None => return Err("no task given".to_owned()),
    }
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--check" => options.check = true,
            "--strict" => options.strict = true,
            "--model" => options.model = args.next().ok_or("--model needs a PATH")?.into(),
            "--out" => options.out = args.next().ok_or("--out needs a DIR")?.into(),
            "--runtime-version" => {
                let version = args
                    .next()
                    .ok_or("--runtime-version needs a version, e.g. 0.1")?;
                if version.is_empty() || !version.chars().all(|c| c.is_ascii_digit() || c == '.') {
                    return Err(format!(
                        "--runtime-version `{version}` is not a version such as 0.1"
                    ));
                }
                options.runtime =
                    choose(&options.runtime, RuntimeChoice::Version(version.clone()))?;
            }
            "--vendor-runtime" => {
                options.runtime = choose(&options.runtime, RuntimeChoice::Vendored)?;
            }
            other => return Err(format!("unknown argument `{other}`")),
        }
    }
    Ok(options)
}

/// The one runtime choice of the command line.
fn choose(current: &RuntimeChoice, new: RuntimeChoice) -> Result<RuntimeChoice, String> {
    if *current == RuntimeChoice::Path {
        Ok(new)
    } else {
        Err("--runtime-version and --vendor-runtime exclude each other".to_owned())
    }
}

/// `to` as a path relative to the folder `from`, both absolute: `..` for each folder of `from`
/// below their common part, then the rest of `to`. (No crate is needed for these few lines.)
fn relative(from: &Path, to: &Path) -> PathBuf {
    let from: Vec<_> = from.components().collect();
    let to: Vec<_> = to.components().collect();
    let common = from.iter().zip(&to).take_while(|(a, b)| a == b).count();
    let mut path = PathBuf::new();
    for _ in common..from.len() {
        path.push("..");
    }
    for part in &to[common..] {
        path.push(part);
    }
    path
}

/// The generator's options for the crate at `out`.
fn generator_options(options: &Options) -> codegen::Options {
    let runtime = match &options.runtime {
        RuntimeChoice::Path => {
            let out = std::path::absolute(&options.out).unwrap_or_else(|_| options.out.clone());
            let path = relative(&out, &codegen::runtime_dir());
            codegen::Runtime::Path(path.to_string_lossy().replace('\\', "/"))
        }
        RuntimeChoice::Version(version) => codegen::Runtime::Version(version.clone()),
        RuntimeChoice::Vendored => codegen::Runtime::Vendored,
    };
    codegen::Options {
        runtime,
        strict: options.strict,
    }
}

/// How the model is named in generated headers: relative to the workspace when inside it.
fn source_name(model: &Path) -> String {
    let absolute = std::path::absolute(model).unwrap_or_else(|_| model.to_owned());
    let shown = absolute
        .strip_prefix(workspace_root())
        .unwrap_or(&absolute)
        .to_string_lossy();
    shown.replace('\\', "/")
}

fn run(options: &Options) -> Result<ExitCode, String> {
    let generated = codegen::generate_from_file(
        &options.model,
        &source_name(&options.model),
        &generator_options(options),
    )
    .map_err(|e| e.to_string())?;
    for warning in &generated.warnings {
        eprintln!("warning: {warning}");
    }
    let report = codegen::output::sync(&options.out, &generated.files, options.check)
        .map_err(|e| e.to_string())?;
    let out = options.out.display();
    if options.check {
        if report.is_fresh() {
            println!("{out}: {} files up to date", report.unchanged);
            return Ok(ExitCode::SUCCESS);
        }
        eprintln!("{out} is stale; run `cargo xtask codegen` to regenerate it:");
        for file in &report.changed {
            eprintln!("  stale: {file}");
        }
        for file in &report.removed {
            eprintln!("  no longer generated: {file}");
        }
        return Ok(ExitCode::FAILURE);
    }
    println!(
        "{out}: {} written, {} removed, {} unchanged",
        report.changed.len(),
        report.removed.len(),
        report.unchanged
    );
    Ok(ExitCode::SUCCESS)
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.first().map(String::as_str) == Some("bench") {
        return match bench::run(&workspace_root()) {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("error: {e}");
                ExitCode::FAILURE
            }
        };
    }
    if args.first().map(String::as_str) == Some("corpus") {
        let corpus = match corpus::Corpus::parse(&workspace_root(), &args[1..]) {
            Ok(corpus) => corpus,
            Err(e) => {
                eprintln!("error: {e}\n{USAGE}");
                return ExitCode::from(2);
            }
        };
        return match corpus::run(&corpus) {
            Ok(true) => ExitCode::SUCCESS,
            Ok(false) => ExitCode::FAILURE,
            Err(e) => {
                eprintln!("error: {e}");
                ExitCode::FAILURE
            }
        };
    }
    let options = match parse(&args) {
        Ok(options) => options,
        Err(e) => {
            eprintln!("error: {e}\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    match run(&options) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}
