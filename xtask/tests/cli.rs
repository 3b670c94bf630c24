//! The `cargo xtask codegen` command as a user runs it: exit codes, messages naming the shape and
//! member for every kind of broken model, an output folder left untouched on failure, `--check`
//! naming stale files, and `--model`/`--out`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::{Value, json};

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_owned()
}

/// A small valid model: one operation whose input has a string and a list member.
fn base_model() -> Value {
    json!({
        "smithy": "2.0",
        "shapes": {
            "example.cli#Service": {
                "type": "service",
                "version": "1",
                "operations": [{"target": "example.cli#Go"}],
                "traits": {
                    "aws.api#service": {"sdkId": "Cli Example"},
                    "aws.auth#sigv4": {"name": "cli"},
                    "aws.protocols#restJson1": {},
                    "smithy.api#cors": {},
                    "smithy.api#title": "CLI example"
                }
            },
            "example.cli#Go": {
                "type": "operation",
                "input": {"target": "example.cli#GoInput"},
                "output": {"target": "smithy.api#Unit"},
                "traits": {"smithy.api#http": {"method": "POST", "uri": "/go"}}
            },
            "example.cli#GoInput": {
                "type": "structure",
                "members": {
                    "name": {"target": "example.cli#Name"},
                    "items": {"target": "example.cli#Items"}
                }
            },
            "example.cli#Name": {"type": "string", "traits": {"smithy.api#pattern": "^[a-z]+$"}},
            "example.cli#Items": {"type": "list", "member": {"target": "smithy.api#String"}}
        }
    })
}

fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args(args)
        .output()
        .unwrap()
}

/// Every file under `dir`, with its contents.
fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut files = BTreeMap::new();
    let mut folders = vec![dir.to_owned()];
    while let Some(folder) = folders.pop() {
        for entry in std::fs::read_dir(folder).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                folders.push(path);
            } else {
                files.insert(path.clone(), std::fs::read(&path).unwrap());
            }
        }
    }
    files
}

/// Generates the base model into a fresh folder, then runs `codegen` on `model_text` into the
/// same folder and returns (exit code, stderr), asserting the folder did not change.
fn fails_without_touching_output(model_text: &str) -> (i32, String) {
    let dir = tempfile::tempdir().unwrap();
    let good = dir.path().join("good.json");
    std::fs::write(&good, base_model().to_string()).unwrap();
    let out = dir.path().join("out");
    let first = run(&[
        "codegen",
        "--model",
        good.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(
        first.status.success(),
        "{}",
        String::from_utf8_lossy(&first.stderr)
    );
    std::fs::write(out.join("notes.txt"), "a file of the user's").unwrap();
    let before = snapshot(&out);

    let bad = dir.path().join("bad.json");
    std::fs::write(&bad, model_text).unwrap();
    let output = run(&[
        "codegen",
        "--model",
        bad.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    // Compared whole, not printed: a failure would dump every file's bytes.
    assert!(snapshot(&out) == before, "the output folder changed");
    let stderr = String::from_utf8(output.stderr).unwrap();
    (
        output.status.code().unwrap(),
        stderr.replace(bad.to_str().unwrap(), "bad.json"),
    )
}

fn broken(change: impl FnOnce(&mut Value)) -> (i32, String) {
    let mut model = base_model();
    change(&mut model);
    fails_without_touching_output(&serde_json::to_string_pretty(&model).unwrap())
}

fn shapes(model: &mut Value) -> &mut serde_json::Map<String, Value> {
    model["shapes"].as_object_mut().unwrap()
}

#[test]
fn malformed_json_names_line_and_column() {
    let (code, stderr) = fails_without_touching_output(
        "{\n  \"smithy\": \"2.0\",\n  \"shapes\": {\n    \"a\": \n}\n",
    );
    assert_eq!(code, 1);
    assert_eq!(
        stderr,
        "error: bad.json:5:1: malformed model: expected value at line 5 column 1\n"
    );
}

#[test]
fn unknown_target() {
    let (code, stderr) = broken(|m| {
        m["shapes"]["example.cli#GoInput"]["members"]["name"]["target"] = json!("example.cli#Nope");
    });
    assert_eq!(code, 1);
    assert_eq!(
        stderr,
        "error: the model has 1 problem:\n  - shape `example.cli#GoInput`, member `name`: target `example.cli#Nope` does not exist\n"
    );
}

#[test]
fn missing_operation_input() {
    let (code, stderr) = broken(|m| {
        m["shapes"]["example.cli#Go"]
            .as_object_mut()
            .unwrap()
            .remove("input");
    });
    assert_eq!(code, 1);
    assert_eq!(
        stderr,
        "error: the model has 1 problem:\n  - shape `example.cli#Go`: the operation has no `input`; use `smithy.api#Unit` for an operation without one\n"
    );
}

/// The base model with a second operation, `Stay`, that needs nothing unusual.
fn with_a_second_operation(model: &mut Value) {
    m_push_operation(model, "example.cli#Stay", "/stay");
}

fn m_push_operation(model: &mut Value, id: &str, uri: &str) {
    model["shapes"]["example.cli#Service"]["operations"]
        .as_array_mut()
        .unwrap()
        .push(json!({"target": id}));
    shapes(model).insert(
        id.into(),
        json!({
            "type": "operation",
            "input": {"target": "smithy.api#Unit"},
            "output": {"target": "smithy.api#Unit"},
            "traits": {"smithy.api#http": {"method": "POST", "uri": uri}}
        }),
    );
}

#[test]
fn an_operation_that_needs_an_unsupported_feature_is_left_out_with_a_warning() {
    let mut model = base_model();
    with_a_second_operation(&mut model);
    shapes(&mut model).insert(
        "example.cli#Choice".into(),
        json!({"type": "blob", "traits": {"smithy.api#streaming": {}}}),
    );
    model["shapes"]["example.cli#GoInput"]["members"]["choice"] =
        json!({"target": "example.cli#Choice"});
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("model.json");
    std::fs::write(&path, model.to_string()).unwrap();
    let out = dir.path().join("out");
    let (model_arg, out_arg) = (path.to_str().unwrap(), out.to_str().unwrap());
    let output = run(&["codegen", "--model", model_arg, "--out", out_arg]);
    assert!(output.status.success());
    assert_eq!(
        String::from_utf8(output.stderr).unwrap(),
        "warning: operation `Go` left out: shape `example.cli#Choice`: trait \
         `smithy.api#streaming` is not supported yet\n"
    );
    assert!(out.join("src/operation/stay.rs").exists());
    assert!(!out.join("src/operation/go.rs").exists());
    // Nor the shapes only it reached.
    assert!(!out.join("src/types/choice.rs").exists());
    let lib = std::fs::read_to_string(out.join("src/lib.rs")).unwrap();
    assert!(
        lib.contains(
            "//! **Not in this crate.** These operations of the model need features that the \
             generator does not support yet:\n//!\n//! - Go: shape \\`example.cli\\#Choice\\`: \
             trait \\`smithy.api\\#streaming\\` is not supported yet\n"
        ),
        "{lib}"
    );

    // `--strict` makes it an error, and leaves the output as it was.
    let before = snapshot(&out);
    let strict = run(&[
        "codegen", "--strict", "--model", model_arg, "--out", out_arg,
    ]);
    assert_eq!(strict.status.code(), Some(1));
    assert_eq!(
        String::from_utf8(strict.stderr).unwrap(),
        "error: the model has 1 problem:\n  - shape `example.cli#Choice`: trait \
         `smithy.api#streaming` is not supported yet\n"
    );
    assert!(snapshot(&out) == before, "the output folder changed");
}

#[test]
fn a_model_whose_every_operation_is_left_out_still_gets_its_crate() {
    let mut model = base_model();
    model["shapes"]["example.cli#GoInput"]["members"]["data"] =
        json!({"target": "example.cli#Stream"});
    shapes(&mut model).insert(
        "example.cli#Stream".into(),
        json!({"type": "blob", "traits": {"smithy.api#streaming": {}}}),
    );
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("model.json");
    std::fs::write(&path, model.to_string()).unwrap();
    let out = dir.path().join("out");
    let output = run(&[
        "codegen",
        "--model",
        path.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(output.status.success());
    assert_eq!(
        String::from_utf8(output.stderr).unwrap(),
        "warning: operation `Go` left out: shape `example.cli#Stream`: trait \
         `smithy.api#streaming` is not supported yet\n"
    );
    assert!(out.join("src/client.rs").exists());
    assert!(!out.join("src/operation/go.rs").exists());
}

#[test]
fn an_unknown_wire_trait_is_an_error_and_other_traits_are_ignored() {
    let (code, stderr) = broken(|m| {
        with_a_second_operation(m);
        m["shapes"]["example.cli#GoInput"]["members"]["name"]["traits"] = json!({
            "smithy.api#sendTwice": {},
            "aws.iam#iamAction": {"documentation": "Goes."},
            "smithy.test#smokeTests": [],
            "example.cli#ourOwn": {}
        });
    });
    assert_eq!(code, 1);
    assert_eq!(
        stderr,
        "error: the model has 1 problem:\n  - shape `example.cli#GoInput`, member `name`: unknown \
         trait `smithy.api#sendTwice`: traits of `smithy.api` can change what goes on the wire, \
         and this generator does not know what this one does\n"
    );
}

#[test]
fn an_invalid_pattern_is_left_unchecked_with_a_warning_or_an_error_when_strict() {
    let mut model = base_model();
    model["shapes"]["example.cli#Name"]["traits"]["smithy.api#pattern"] = json!("^[a-z+$");
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("model.json");
    std::fs::write(&path, model.to_string()).unwrap();
    let out = dir.path().join("out");
    let (model_arg, out_arg) = (path.to_str().unwrap(), out.to_str().unwrap());
    let output = run(&["codegen", "--model", model_arg, "--out", out_arg]);
    assert!(output.status.success());
    assert_eq!(
        String::from_utf8(output.stderr).unwrap(),
        "warning: constraint not checked: shape `example.cli#Name`: pattern `^[a-z+$` is not \
         checked: it is not a valid ECMAScript regular expression: the class at position 1 is \
         not closed\n"
    );
    let lib = std::fs::read_to_string(out.join("src/lib.rs")).unwrap();
    assert!(lib.contains("**Constraints not checked.**"), "{lib}");
    assert!(!out.join("src/patterns.rs").exists());

    let strict = run(&[
        "codegen", "--strict", "--model", model_arg, "--out", out_arg,
    ]);
    assert_eq!(strict.status.code(), Some(1));
    assert_eq!(
        String::from_utf8(strict.stderr).unwrap(),
        "error: the model has 1 problem:\n  - shape `example.cli#Name`: pattern `^[a-z+$` is not \
         checked: it is not a valid ECMAScript regular expression: the class at position 1 is \
         not closed\n"
    );
}

#[test]
fn endpoint_parameters_must_name_parameters_of_the_rule_set_with_their_type() {
    let (code, stderr) = broken(|m| {
        m["shapes"]["example.cli#Service"]["traits"]["smithy.rules#endpointRuleSet"] = json!({
            "version": "1.0",
            "parameters": {"Region": {"builtIn": "AWS::Region", "required": false, "type": "string"}},
            "rules": [{"conditions": [], "error": "no endpoint", "type": "error"}]
        });
        m["shapes"]["example.cli#Go"]["traits"]["smithy.rules#staticContextParams"] =
            json!({"Region": {"value": true}});
        m["shapes"]["example.cli#GoInput"]["members"]["name"]["traits"] =
            json!({"smithy.rules#contextParam": {"name": "Nope"}});
    });
    assert_eq!(code, 1);
    assert_eq!(
        stderr,
        "error: the model has 2 problems:\n  - shape `example.cli#Go`: \
         `smithy.rules#staticContextParams` gives `Region` the value true, which is not a \
         string\n  - shape `example.cli#GoInput`, member `name`: `smithy.rules#contextParam` \
         names `Nope`, which is no parameter of the endpoint rule set\n"
    );
}

#[test]
fn member_name_collision() {
    let (code, stderr) = broken(|m| {
        m["shapes"]["example.cli#GoInput"]["members"]["Name"] =
            json!({"target": "smithy.api#String"});
    });
    assert_eq!(code, 1);
    assert_eq!(
        stderr,
        "error: the model has 1 problem:\n  - shape `example.cli#GoInput`, member `Name`: `Name`, `name` would all generate the method `name` on `GoInput`\n"
    );
}

#[test]
fn unsupported_http_method() {
    let (code, stderr) = broken(|m| {
        m["shapes"]["example.cli#Go"]["traits"]["smithy.api#http"]["method"] = json!("FETCH");
    });
    assert_eq!(code, 1);
    assert_eq!(
        stderr,
        "error: the model has 1 problem:\n  - shape `example.cli#Go`: HTTP method `FETCH` is not supported; use one of GET, HEAD, POST, PUT, DELETE, PATCH, OPTIONS, CONNECT, TRACE\n"
    );
}

#[test]
fn client_method_collision_between_operations() {
    let (code, stderr) = broken(|m| {
        m["shapes"]["example.cli#Service"]["operations"]
            .as_array_mut()
            .unwrap()
            .push(json!({"target": "example.cli#Config"}));
        shapes(m).insert(
            "example.cli#Config".into(),
            json!({
                "type": "operation",
                "input": {"target": "smithy.api#Unit"},
                "output": {"target": "smithy.api#Unit"},
                "traits": {"smithy.api#http": {"method": "POST", "uri": "/config"}}
            }),
        );
    });
    assert_eq!(code, 1);
    assert_eq!(
        stderr,
        "error: the model has 1 problem:\n  - shape `example.cli#Config`: `(the client itself)`, `example.cli#Config` would all generate the method `config` on `Client`\n"
    );
}

#[test]
fn required_pagination_input_token() {
    let (code, stderr) = broken(|m| {
        m["shapes"]["example.cli#GoInput"]["members"]["token"] =
            json!({"target": "smithy.api#String", "traits": {"smithy.api#required": {}}});
        shapes(m).insert(
            "example.cli#GoOutput".into(),
            json!({"type": "structure", "members": {"next": {"target": "smithy.api#String"}}}),
        );
        m["shapes"]["example.cli#Go"]["output"] = json!({"target": "example.cli#GoOutput"});
        m["shapes"]["example.cli#Go"]["traits"]["smithy.api#paginated"] =
            json!({"inputToken": "token", "outputToken": "next"});
    });
    assert_eq!(code, 1);
    assert_eq!(
        stderr,
        "error: the model has 1 problem:\n  - shape `example.cli#Go`: `paginated` input token `token` must not be required\n"
    );
}

#[test]
fn member_name_collision_with_a_generated_method() {
    let (code, stderr) = broken(|m| {
        // `send` is renamed `send_value`, the name of another member.
        m["shapes"]["example.cli#GoInput"]["members"]["send"] =
            json!({"target": "smithy.api#String"});
        m["shapes"]["example.cli#GoInput"]["members"]["send_value"] =
            json!({"target": "smithy.api#String"});
    });
    assert_eq!(code, 1);
    assert_eq!(
        stderr,
        "error: the model has 1 problem:\n  - shape `example.cli#GoInput`, member `send`: `send`, `send_value` would all generate the method `send_value` on `GoInput`\n"
    );
}

#[test]
fn several_problems_are_reported_together() {
    let (code, stderr) = broken(|m| {
        m["shapes"]["example.cli#GoInput"]["members"]["name"]["target"] = json!("example.cli#Nope");
        m["shapes"]["example.cli#Items"]["traits"] =
            json!({"smithy.api#xmlFlattened": {}, "aws.protocols#custom": {}});
    });
    assert_eq!(code, 1);
    assert_eq!(
        stderr,
        "error: the model has 2 problems:\n  - shape `example.cli#GoInput`, member `name`: target `example.cli#Nope` does not exist\n  - shape `example.cli#Items`: unknown trait `aws.protocols#custom`: traits of `aws.protocols` can change what goes on the wire, and this generator does not know what this one does\n"
    );
}

#[test]
fn check_mode_names_stale_files_and_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let model = dir.path().join("model.json");
    std::fs::write(&model, base_model().to_string()).unwrap();
    let out = dir.path().join("out");
    let (model_arg, out_arg) = (model.to_str().unwrap(), out.to_str().unwrap());

    let missing = run(&["codegen", "--check", "--model", model_arg, "--out", out_arg]);
    assert_eq!(missing.status.code(), Some(1));
    assert!(!out.exists(), "check mode wrote files");

    assert!(
        run(&["codegen", "--model", model_arg, "--out", out_arg])
            .status
            .success()
    );
    let fresh = run(&["codegen", "--check", "--model", model_arg, "--out", out_arg]);
    assert_eq!(fresh.status.code(), Some(0));

    let lib = out.join("src/lib.rs");
    let edited = std::fs::read_to_string(&lib).unwrap() + "// an edit\n";
    std::fs::write(&lib, &edited).unwrap();
    let stale = run(&["codegen", "--check", "--model", model_arg, "--out", out_arg]);
    assert_eq!(stale.status.code(), Some(1));
    let stderr = String::from_utf8(stale.stderr).unwrap();
    assert_eq!(
        stderr,
        format!(
            "{out_arg} is stale; run `cargo xtask codegen` to regenerate it:\n  stale: src/lib.rs\n"
        )
    );
    assert_eq!(std::fs::read_to_string(&lib).unwrap(), edited);
}

#[test]
fn regeneration_rewrites_only_changed_files_and_removes_dropped_ones() {
    let dir = tempfile::tempdir().unwrap();
    let model = dir.path().join("model.json");
    let out = dir.path().join("out");
    let (model_arg, out_arg) = (model.to_str().unwrap(), out.to_str().unwrap());
    let mut with_enum = base_model();
    shapes(&mut with_enum).insert(
        "example.cli#Mode".into(),
        json!({"type": "enum", "members": {"A": {"target": "smithy.api#Unit"}}}),
    );
    with_enum["shapes"]["example.cli#GoInput"]["members"]["mode"] =
        json!({"target": "example.cli#Mode"});
    std::fs::write(&model, with_enum.to_string()).unwrap();
    let first = run(&["codegen", "--model", model_arg, "--out", out_arg]);
    assert!(first.status.success());
    assert!(out.join("src/types/mode.rs").exists());
    std::fs::write(out.join("src/types/mine.rs"), "// a file of the user's\n").unwrap();

    let again = run(&["codegen", "--model", model_arg, "--out", out_arg]);
    let stdout = String::from_utf8(again.stdout).unwrap();
    assert!(
        stdout.ends_with(": 0 written, 0 removed, 17 unchanged\n"),
        "{stdout}"
    );

    std::fs::write(&model, base_model().to_string()).unwrap();
    let dropped = run(&["codegen", "--model", model_arg, "--out", out_arg]);
    assert!(dropped.status.success());
    assert!(!out.join("src/types/mode.rs").exists());
    assert!(!out.join("src/primitives.rs").exists());
    assert!(
        out.join("src/types/mine.rs").exists(),
        "a file the generator did not write was removed"
    );
}

#[test]
fn the_project_model_is_fresh() {
    let output = run(&["codegen", "--check"]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let stdout = String::from_utf8(output.stdout).unwrap();
    let model = workspace().join("model/ivs-realtime.json");
    let files = codegen::generate_from_file(
        &model,
        "model/ivs-realtime.json",
        &codegen::Options::runtime_path("../codegen/runtime"),
    )
    .unwrap()
    .files
    .len();
    assert_eq!(
        stdout,
        format!(
            "{}: {files} files up to date\n",
            workspace().join("generated").display()
        )
    );
}

#[test]
fn usage_errors_exit_2() {
    for args in [
        &["codegen", "--bogus"][..],
        &["build"][..],
        &["codegen", "--model"][..],
    ] {
        let output = run(args);
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        let stderr = String::from_utf8(output.stderr).unwrap();
        assert!(
            stderr.ends_with(
                "usage: cargo xtask codegen [--check] [--strict] [--model PATH] [--out DIR] \
                 [--runtime-version X.Y | --vendor-runtime]\n       cargo xtask bench\n       \
                 cargo xtask corpus [--models DIR] [--protocol NAME] [--sample N] [--build] \
                 [--diff CASES [--python PATH]] [--out DIR]\n"
            ),
            "{stderr}"
        );
    }
}
