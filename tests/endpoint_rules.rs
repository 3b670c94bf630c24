//! The endpoint resolver generated from a rule set compiles, is clippy-clean with warnings
//! denied, documents itself, and passes the rule set's own test cases: for the official
//! ivs-realtime model (21 cases) and for the rule set of our model, which also pass each
//! other's cases.
//!
//! Each resolver is built in a crate of its own, depending on the runtime as a generated client
//! crate does.

use std::path::Path;

use integration_tests::{assert_clean, cargo, passed, workspace_root};
use serde_json::Value;

/// The build folder of the resolver crates, below `target/`.
const TARGET: &str = "endpoint-rules";

/// The traits of the model's service shape.
fn service_traits(model_path: &Path) -> Value {
    let text = std::fs::read_to_string(model_path)
        .unwrap_or_else(|e| panic!("{}: {e}", model_path.display()));
    let model: Value = serde_json::from_str(&text).unwrap();
    let service = model["shapes"]
        .as_object()
        .unwrap()
        .values()
        .find(|shape| shape["type"] == "service")
        .expect("a service shape");
    service["traits"].clone()
}

/// Builds the resolver of `rule_set` with the test cases of `tests` in a crate named `name`,
/// checks it and runs its tests. Returns the number of the rule set's tests that passed.
fn check(name: &str, rule_set: &Value, tests: &Value) -> usize {
    let rules = codegen::rules::RuleSet::parse(rule_set, Some(tests)).unwrap();
    let endpoint_rs = codegen::emit::endpoint_module(&rules);

    let dir = tempfile::tempdir().unwrap();
    let src = dir.path().join("src");
    std::fs::create_dir(&src).unwrap();
    std::fs::write(
        dir.path().join("Cargo.toml"),
        format!(
            "[package]\nname = \"{name}\"\nversion = \"0.0.0\"\nedition = \"2024\"\n\
             rust-version = \"1.88\"\npublish = false\n\n[dependencies]\n\
             rustgen-runtime = {{ path = {:?} }}\n\n[workspace]\n",
            codegen::runtime_dir().display().to_string()
        ),
    )
    .unwrap();
    std::fs::copy(
        workspace_root().join("Cargo.lock"),
        dir.path().join("Cargo.lock"),
    )
    .unwrap();
    std::fs::write(
        src.join("lib.rs"),
        "//! The endpoint resolver of a rule set, on its own.\n\
         #![deny(missing_docs)]\n\npub mod endpoint;\n",
    )
    .unwrap();
    std::fs::write(src.join("endpoint.rs"), &endpoint_rs).unwrap();

    let report = cargo(dir.path(), TARGET, &["test", "--offline", "--lib"], &[]);
    assert_clean(dir.path(), TARGET);
    passed(&report)
}

const RULE_SET: &str = "smithy.rules#endpointRuleSet";
const TESTS: &str = "smithy.rules#endpointTests";

/// The official model's service traits, unless the model is absent (then the test is skipped).
fn official(test: &str) -> Option<Value> {
    integration_tests::official_model(test).map(|path| service_traits(&path))
}

fn model() -> Value {
    service_traits(&workspace_root().join("model/ivs-realtime.json"))
}

fn cases(traits: &Value) -> usize {
    traits[TESTS]["testCases"].as_array().map_or(0, Vec::len)
}

#[test]
fn official_rule_set_passes_its_21_tests() {
    let Some(official) = official("official_rule_set_passes_its_21_tests") else {
        return;
    };
    assert_eq!(cases(&official), 21);
    let passed = check(
        "endpoint-rules-official",
        &official[RULE_SET],
        &official[TESTS],
    );
    assert_eq!(passed, 21);
}

#[test]
fn model_rule_set_passes_its_tests() {
    let model = model();
    assert!(cases(&model) >= 21, "{} test cases", cases(&model));
    let passed = check("endpoint-rules-model", &model[RULE_SET], &model[TESTS]);
    assert_eq!(passed, cases(&model));
}

/// Our rule set is written our own way but behaves as the official one: each passes the
/// other's tests.
#[test]
fn rule_sets_pass_each_others_tests() {
    let Some(official) = official("rule_sets_pass_each_others_tests") else {
        return;
    };
    let model = model();
    let passed = check("endpoint-rules-cross-1", &model[RULE_SET], &official[TESTS]);
    assert_eq!(passed, cases(&official));
    let passed = check("endpoint-rules-cross-2", &official[RULE_SET], &model[TESTS]);
    assert_eq!(passed, cases(&model));
}

/// A rule set that takes every path of the generator: `isSet` bindings of a string and of a
/// boolean, `isSet` whose value nothing reads, `not(isSet(..))`, assignments read and unread,
/// an assigned condition read again, constant and unreachable rules, a tree that can run out,
/// templates with `#` attributes, string comparisons of every kind, a comparison of
/// comparisons, a parameter given by its built-in name, a default that is not the type's own
/// and test names that collide.
const SYNTHETIC: &str = r#"
{
  "ruleSet": {
    "version": "1.0",
    "parameters": {
      "Region": {"type": "string", "documentation": "The region.", "builtIn": "AWS::Region"},
      "Stage": {"type": "string", "required": true, "default": "prod", "documentation": "The stage."},
      "UseFIPS": {"type": "boolean", "required": true, "default": false, "documentation": "FIPS.", "builtIn": "AWS::UseFIPS"},
      "UseDualStack": {"type": "boolean", "required": true, "default": true, "documentation": "Dual-stack."},
      "Endpoint": {"type": "string", "documentation": "A custom endpoint.", "builtIn": "SDK::Endpoint"},
      "Accelerate": {"type": "boolean", "documentation": "Acceleration."},
      "Tag": {"type": "string", "documentation": "A tag, only ever checked for presence."}
    },
    "rules": [
      {"type": "tree", "conditions": [{"fn": "isSet", "argv": [{"ref": "Endpoint"}]}], "rules": [
        {"type": "error", "conditions": [{"fn": "booleanEquals", "argv": [{"ref": "UseFIPS"}, true]}], "error": "FIPS cannot be used with {Endpoint}"},
        {"type": "endpoint", "conditions": [], "endpoint": {"url": "{Endpoint}", "properties": {}, "headers": {}}}
      ]},
      {"type": "error", "conditions": [{"fn": "not", "argv": [{"fn": "isSet", "argv": [{"ref": "Region"}]}]}], "error": "Missing Region"},
      {"type": "error", "conditions": [{"fn": "booleanEquals", "argv": [true, false]}], "error": "never"},
      {"type": "endpoint", "documentation": "tagged", "conditions": [
        {"fn": "isSet", "argv": [{"ref": "Region"}]},
        {"fn": "isSet", "argv": [{"ref": "Tag"}]},
        {"fn": "stringEquals", "argv": [{"ref": "Region"}, "test-1"]}
      ], "endpoint": {"url": "https://tagged.{Region}.example"}},
      {"type": "tree", "conditions": [
        {"fn": "isSet", "argv": [{"ref": "Accelerate"}]},
        {"fn": "booleanEquals", "argv": [{"ref": "Accelerate"}, true]},
        {"fn": "isSet", "argv": [{"ref": "Region"}]}
      ], "rules": [
        {"type": "endpoint", "conditions": [{"fn": "stringEquals", "argv": [{"ref": "Stage"}, "beta"]}], "endpoint": {"url": "https://accelerate.{Region}.beta.example"}}
      ]},
      {"type": "tree", "conditions": [
        {"fn": "isSet", "argv": [{"ref": "Region"}]},
        {"fn": "aws.partition", "argv": [{"ref": "Region"}], "assign": "Part"},
        {"fn": "getAttr", "argv": [{"ref": "Part"}, "dnsSuffix"], "assign": "Suffix"},
        {"fn": "aws.partition", "argv": ["us-east-1"], "assign": "Unused"},
        {"fn": "booleanEquals", "argv": [{"ref": "UseFIPS"}, true], "assign": "Fips"}
      ], "rules": [
        {"type": "tree", "conditions": [{"fn": "booleanEquals", "argv": [{"ref": "Fips"}, true]}], "rules": [
          {"type": "error", "conditions": [{"fn": "booleanEquals", "argv": [{"fn": "getAttr", "argv": [{"ref": "Part"}, "supportsFIPS"]}, false]}], "error": "no FIPS in {Part#name}"},
          {"type": "endpoint", "conditions": [], "endpoint": {"url": "https://fips.{Region}.{Suffix}"}}
        ]},
        {"type": "error", "conditions": [], "error": "unreachable"}
      ]},
      {"type": "tree", "conditions": [
        {"fn": "isSet", "argv": [{"ref": "Region"}]},
        {"fn": "stringEquals", "argv": ["{Region}.{Stage}", "eu-west-1.prod"]}
      ], "rules": [
        {"type": "endpoint", "conditions": [], "endpoint": {"url": "https://{Stage}.{Region}.example"}}
      ]},
      {"type": "tree", "conditions": [
        {"fn": "isSet", "argv": [{"ref": "Region"}]},
        {"fn": "booleanEquals", "argv": [{"fn": "not", "argv": [{"ref": "UseFIPS"}]}, {"ref": "UseDualStack"}]},
        {"fn": "aws.partition", "argv": [{"ref": "Region"}], "assign": "Part2"}
      ], "rules": [
        {"type": "endpoint", "conditions": [{"fn": "stringEquals", "argv": [{"ref": "Stage"}, {"ref": "Region"}]}], "endpoint": {"url": "https://{Region}.same.example"}},
        {"type": "endpoint", "conditions": [{"fn": "booleanEquals", "argv": [
          {"fn": "booleanEquals", "argv": [{"ref": "UseFIPS"}, {"ref": "UseDualStack"}]},
          {"fn": "getAttr", "argv": [{"fn": "aws.partition", "argv": [{"ref": "Region"}]}, "supportsDualStack"]}
        ]}], "endpoint": {"url": "https://odd.{Region}.example"}},
        {"type": "endpoint", "conditions": [{"fn": "stringEquals", "argv": [{"fn": "getAttr", "argv": [{"ref": "Part2"}, "name"]}, "{Part2#implicitGlobalRegion}"]}], "endpoint": {"url": "https://weird.example"}},
        {"type": "endpoint", "conditions": [], "endpoint": {"url": "https://ds.{Region}.{Part2#dualStackDnsSuffix}"}}
      ]},
      {"type": "tree", "conditions": [{"fn": "isSet", "argv": [{"ref": "Region"}]}], "rules": [
        {"type": "endpoint", "conditions": [], "endpoint": {"url": "https://{Region}.{Stage}.example"}}
      ]}
    ]
  },
  "tests": {
    "version": "1.0",
    "testCases": [
      {"documentation": "custom endpoint with FIPS", "params": {"Endpoint": "https://e.example", "UseFIPS": true}, "expect": {"error": "FIPS cannot be used with https://e.example"}},
      {"documentation": "custom endpoint", "params": {"SDK::Endpoint": "https://e.example"}, "expect": {"endpoint": {"url": "https://e.example", "properties": {}, "headers": {}}}},
      {"documentation": "resolve", "expect": {"error": "Missing Region"}},
      {"documentation": "tagged", "params": {"Region": "test-1", "Tag": "x"}, "expect": {"endpoint": {"url": "https://tagged.test-1.example"}}},
      {"documentation": "accelerate", "params": {"Region": "test-1", "Accelerate": true, "Stage": "beta"}, "expect": {"endpoint": {"url": "https://accelerate.test-1.beta.example"}}},
      {"documentation": "accelerate", "params": {"Region": "test-1", "Accelerate": true}, "expect": {"error": "no endpoint rule matched"}},
      {"params": {"Region": "cn-north-1", "UseFIPS": true}, "expect": {"endpoint": {"url": "https://fips.cn-north-1.amazonaws.com.cn"}}},
      {"documentation": "template condition", "params": {"Region": "eu-west-1"}, "expect": {"endpoint": {"url": "https://prod.eu-west-1.example"}}},
      {"documentation": "stage equals region", "params": {"Region": "prod"}, "expect": {"endpoint": {"url": "https://prod.same.example"}}},
      {"documentation": "dual-stack", "params": {"Region": "us-east-1"}, "expect": {"endpoint": {"url": "https://ds.us-east-1.api.aws"}}},
      {"documentation": "dual-stack", "params": {"Region": "test-1", "Accelerate": false}, "expect": {"endpoint": {"url": "https://ds.test-1.api.aws"}}},
      {"documentation": "last rule", "params": {"Region": "us-east-1", "UseDualStack": false, "UseFIPS": false, "Stage": "prod"}, "expect": {"endpoint": {"url": "https://us-east-1.prod.example"}}}
    ]
  }
}
"#;

#[test]
fn synthetic_rule_set_passes_its_tests() {
    let synthetic: Value = serde_json::from_str(SYNTHETIC).unwrap();
    let passed = check(
        "endpoint-rules-synthetic",
        &synthetic["ruleSet"],
        &synthetic["tests"],
    );
    assert_eq!(passed, 12);
}
