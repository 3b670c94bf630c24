//! Every Rust name of the generated crate, decided here and only here, and checked: in each
//! scope (a module's types, a type's methods, `Client`'s methods, an enum's variants, the
//! pattern statics) no two names may be the same, or the crate would not compile. A clash is
//! reported with every model name that leads to it.

use std::collections::BTreeMap;

use crate::error::Diagnostic;
use crate::ir::{DefaultValue, Field, Ir, Kind, PatternStatic, Role, Structure, Value, shape_name};
use crate::naming;

/// The methods the generated `Client` has besides one per operation (`emit/service.rs`).
const CLIENT_METHODS: [&str; 3] = ["new", "config", "runtime"];

/// Names every item of `ir`, then checks that none clash.
pub(super) fn assign(ir: &mut Ir) -> Vec<Diagnostic> {
    // An operation's words in UpperCamelCase (the base of its types' names) and its module.
    let op_names: BTreeMap<String, (String, String)> = ir
        .operations
        .iter()
        .map(|op| {
            let name = shape_name(&op.shape_id);
            (
                op.shape_id.clone(),
                (naming::pascal_words(name), naming::snake(name)),
            )
        })
        .collect();
    for e in ir.enums.values_mut() {
        e.name = naming::pascal(shape_name(&e.shape_id));
        e.file = naming::snake(shape_name(&e.shape_id));
        for v in &mut e.variants {
            v.name = naming::pascal(&v.name);
        }
        let taken: Vec<&str> = e.variants.iter().map(|v| v.name.as_str()).collect();
        e.unknown_variant = naming::first_free(&["Unknown", "UnknownValue"], &taken);
    }
    for s in ir.structures.values_mut() {
        let plain = shape_name(&s.shape_id);
        let words = naming::pascal_words(plain);
        (s.name, s.module, s.file) = match &s.role {
            Role::Shape => (
                naming::pascal(plain),
                vec!["types".to_owned()],
                naming::snake(plain),
            ),
            Role::Error { .. } => (
                naming::pascal(plain),
                vec!["types".to_owned(), "error".to_owned()],
                naming::snake(plain),
            ),
            Role::Input { operation } | Role::Output { operation } => {
                let (op, module) = op_names.get(operation).cloned().unwrap_or_default();
                let input = matches!(s.role, Role::Input { .. });
                let suffix = if input { "Input" } else { "Output" };
                let file = if input { "input" } else { "output" };
                (
                    naming::identifier(format!("{op}{suffix}")),
                    vec!["operation".to_owned(), module],
                    file.to_owned(),
                )
            }
        };
        s.dir = s
            .module
            .iter()
            .map(|m| naming::unraw(m).to_owned())
            .collect();
        let base = match &s.role {
            Role::Input { .. } | Role::Output { .. } => s.name.clone(),
            _ => words,
        };
        s.builder = naming::identifier(format!("{base}Builder"));
        for f in &mut s.fields {
            name_field(f);
            // A member named as a method the generated code adds beside its own
            // (`build`, `send`, …) takes a `_value` suffix, as smithy-rs names it.
            if !s.union && RESERVED_METHODS.contains(&f.name.as_str()) {
                f.name = format!("{}_value", f.name);
            }
        }
        if s.union {
            for f in &mut s.fields {
                f.variant = naming::pascal(&f.member_name);
            }
            let taken: Vec<&str> = s.fields.iter().map(|f| f.variant.as_str()).collect();
            s.unknown_variant = naming::first_free(&["Unknown", "UnknownMember"], &taken);
        }
    }
    distinct_builders(ir);
    distinct_markers(ir);
    let structure_names: BTreeMap<String, String> = ir
        .structures
        .iter()
        .map(|(key, s)| (key.clone(), s.name.clone()))
        .collect();
    for op in &mut ir.operations {
        let (words, module) = op_names.get(&op.shape_id).cloned().unwrap_or_default();
        op.error = naming::identifier(format!("{words}Error"));
        op.fluent = naming::identifier(format!("{words}FluentBuilder"));
        op.paginator = op
            .pagination
            .as_ref()
            .map(|_| naming::identifier(format!("{words}Paginator")));
        op.name = naming::identifier(words);
        op.file = naming::unraw(&module).to_owned();
        op.module = module;
        for case in &mut op.errors {
            case.variant = structure_names
                .get(&case.structure)
                .cloned()
                .unwrap_or_default();
            case.predicate = format!("is_{}", naming::unraw(&naming::snake(&case.variant)));
        }
        let taken: Vec<&str> = op.errors.iter().map(|c| c.variant.as_str()).collect();
        op.unhandled = naming::first_free(&["Unhandled", "UnhandledError"], &taken);
        for waiter in &mut op.waiters {
            let words = naming::snake_words(&waiter.name);
            waiter.method = naming::identifier(format!("wait_until_{words}"));
            waiter.classify = naming::identifier(format!("{words}_state"));
        }
    }
    name_defaults(ir);
    name_patterns(ir);

    let mut problems = Vec::new();
    check_enums(ir, &mut problems);
    for s in ir.structures.values() {
        check_members(ir, s, &mut problems);
    }
    check_types(ir, &mut problems);
    check_client_methods(ir, &mut problems);
    check_patterns(ir, &mut problems);
    problems
}

/// Methods that types, builders and fluent builders have besides their members' accessors
/// and setters.
const RESERVED_METHODS: &[&str] = &[
    "build",
    "builder",
    "validate",
    "from_http",
    "with_idempotency_tokens",
    "set_pagination_token",
    "send",
    "signed_request",
    "into_paginator",
];

/// A builder named as a type of its module (`AppBlockBuilder` for `AppBlock`, when the model
/// has a shape `AppBlockBuilder` too) is named `…ShapeBuilder` instead (numbered, should
/// that be taken as well).
fn distinct_builders(ir: &mut Ir) {
    let mut types: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for s in ir.structures.values() {
        types
            .entry(s.module.join("::"))
            .or_default()
            .push(s.name.clone());
    }
    for e in ir.enums.values() {
        types
            .entry("types".to_owned())
            .or_default()
            .push(e.name.clone());
    }
    for s in ir.structures.values_mut() {
        let taken = types.entry(s.module.join("::")).or_default();
        if s.union || !taken.contains(&s.builder) {
            continue;
        }
        let base = s.builder.trim_end_matches("Builder").to_owned();
        let candidate = format!("{base}ShapeBuilder");
        let refs: Vec<&str> = taken.iter().map(String::as_str).collect();
        s.builder = naming::first_free(&[candidate.as_str()], &refs);
        taken.push(s.builder.clone());
    }
}

/// The names of one member and of what is generated for it.
fn name_field(f: &mut Field) {
    f.name = naming::snake(&f.member_name);
    let words = naming::snake_words(&f.member_name);
    f.set_name = naming::identifier(format!("set_{words}"));
    f.label_local = naming::identifier(format!("label_{words}"));
    // The deserializer's own locals are `map` and `key`; no member name converts to a name
    // ending in `_`, so the suffix cannot clash.
    f.slot = match f.name.as_str() {
        "map" | "key" => format!("{}_", f.name),
        _ => f.name.clone(),
    };
    let pascal = naming::pascal_words(&f.member_name);
    if f.required {
        f.state = Some(naming::identifier(format!("{pascal}State")));
        f.marker = Some(naming::identifier(format!("Missing{pascal}")));
    }
}

/// Marker types are shared in `types::builders` by every required member of the same name.
/// Members whose names differ only in case or separators (`resourceARN`, `resourceArn`) would
/// share one too: the first name, in order, keeps the marker, the others get `…2`, `…3`.
fn distinct_markers(ir: &mut Ir) {
    let mut names: BTreeMap<String, std::collections::BTreeSet<String>> = BTreeMap::new();
    for f in ir.structures.values().flat_map(|s| &s.fields) {
        if let Some(marker) = &f.marker {
            names
                .entry(marker.clone())
                .or_default()
                .insert(f.member_name.clone());
        }
    }
    let mut renamed: BTreeMap<(String, String), String> = BTreeMap::new();
    for (marker, members) in &names {
        for (i, member) in members.iter().enumerate().skip(1) {
            renamed.insert(
                (marker.clone(), member.clone()),
                format!("{marker}{}", i + 1),
            );
        }
    }
    for f in ir.structures.values_mut().flat_map(|s| &mut s.fields) {
        if let Some(marker) = &mut f.marker
            && let Some(new) = renamed.get(&(marker.clone(), f.member_name.clone()))
        {
            *marker = new.clone();
        }
    }
}

/// Default constants and accessors, and the Rust variants of enum defaults.
fn name_defaults(ir: &mut Ir) {
    let variants: BTreeMap<String, BTreeMap<String, String>> = ir
        .enums
        .iter()
        .map(|(id, e)| {
            let by_value = e
                .variants
                .iter()
                .map(|v| (v.value.clone(), v.name.clone()))
                .collect();
            (id.clone(), by_value)
        })
        .collect();
    fn resolve(
        d: &mut DefaultValue,
        value: &Value,
        variants: &BTreeMap<String, BTreeMap<String, String>>,
    ) {
        match (d, &value.kind) {
            (DefaultValue::Enum { variant, value }, Kind::Enum(id)) => {
                *variant = variants
                    .get(id)
                    .and_then(|by_value| by_value.get(value))
                    .cloned()
                    .unwrap_or_default();
            }
            (DefaultValue::List(items), Kind::List(item)) => {
                for d in items {
                    resolve(d, item, variants);
                }
            }
            _ => {}
        }
    }
    for s in ir.structures.values_mut() {
        for f in &mut s.fields {
            let Some(default) = &mut f.default else {
                continue;
            };
            resolve(default, &f.value, &variants);
            f.default_const = Some(naming::identifier(format!(
                "DEFAULT_{}",
                naming::shouty(&f.member_name)
            )));
            if !f.required {
                f.or_default = Some(naming::identifier(format!(
                    "{}_or_default",
                    naming::snake_words(&f.member_name)
                )));
            }
        }
    }
}

/// The statics of the patterns: `SHAPE` for a shape's pattern, `SHAPE_MEMBER` for a member's
/// own.
fn name_patterns(ir: &mut Ir) {
    fn visit(value: &mut Value, patterns: &mut BTreeMap<String, PatternStatic>) {
        if let Some(p) = &mut value.constraints.pattern {
            p.name = match &p.member {
                Some(member) => format!(
                    "{}_{}",
                    naming::shouty(shape_name(&p.owner)),
                    naming::shouty(member)
                ),
                None => naming::shouty(shape_name(&p.owner)),
            };
            patterns.insert(
                p.name.clone(),
                PatternStatic {
                    source: p.regex.clone(),
                    engine: p.engine.clone(),
                    lookaround: p.lookaround,
                },
            );
        }
        match &mut value.kind {
            Kind::List(item) | Kind::Nullable(item) => visit(item, patterns),
            Kind::Map(key, value) => {
                visit(key, patterns);
                visit(value, patterns);
            }
            _ => {}
        }
    }
    let mut patterns = BTreeMap::new();
    for s in ir.structures.values_mut() {
        for f in &mut s.fields {
            visit(&mut f.value, &mut patterns);
        }
    }
    ir.patterns = patterns;
}

fn quoted(names: &[String]) -> String {
    let quoted: Vec<String> = names.iter().map(|n| format!("`{n}`")).collect();
    quoted.join(", ")
}

/// Enum values must stay distinct as variants.
fn check_enums(ir: &Ir, problems: &mut Vec<Diagnostic>) {
    for e in ir.enums.values() {
        let pairs = e
            .variants
            .iter()
            .map(|v| (v.value.as_str(), v.name.as_str()));
        if let Err(c) = naming::check_collisions(pairs) {
            problems.push(Diagnostic::new(
                &e.shape_id,
                None,
                format!(
                    "enum values {} all become the variant `{}`",
                    quoted(&c.model_names),
                    c.rust_name
                ),
            ));
        }
    }
}

/// Member names must stay distinct after conversion, and must not clash with the methods
/// generated beside them: on the structure, its builder and, for inputs, the fluent builder.
fn check_members(ir: &Ir, s: &Structure, problems: &mut Vec<Diagnostic>) {
    let fixed = |pairs: &[(&str, &str)]| -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(m, r)| ((*m).to_owned(), (*r).to_owned()))
            .collect()
    };
    let mut methods = fixed(&[
        ("(the builder constructor)", "builder"),
        ("(the validator)", "validate"),
    ]);
    match &s.role {
        Role::Output { .. } | Role::Error { .. } => {
            methods.extend(fixed(&[("(the answer reader)", "from_http")]));
        }
        Role::Input { .. } => methods.extend(fixed(&[
            ("(the idempotency-token filler)", "with_idempotency_tokens"),
            ("(the paginator's token setter)", "set_pagination_token"),
        ])),
        Role::Shape => {}
    }
    let mut setters = Vec::new();
    for f in &s.fields {
        methods.push((f.member_name.clone(), f.name.clone()));
        if let Some(or_default) = &f.or_default {
            methods.push((f.member_name.clone(), or_default.clone()));
        }
        setters.push((f.member_name.clone(), f.name.clone()));
        setters.push((f.member_name.clone(), f.set_name.clone()));
    }
    let with = |extra: &[(&str, &str)]| {
        let mut names = setters.clone();
        names.extend(fixed(extra));
        names
    };
    let mut scopes = vec![
        (s.name.clone(), methods),
        (s.builder.clone(), with(&[("(the build method)", "build")])),
    ];
    if let Role::Input { operation } = &s.role
        && let Some(op) = ir.operations.iter().find(|op| &op.shape_id == operation)
    {
        scopes.push((
            op.fluent.clone(),
            with(&[
                ("(the send method)", "send"),
                ("(the signed-request method)", "signed_request"),
                ("(the paginator)", "into_paginator"),
            ]),
        ));
        if let [fluent, ..] = &mut scopes[2..] {
            for waiter in &op.waiters {
                fluent.1.push((
                    format!("(the waiter {})", waiter.name),
                    waiter.method.clone(),
                ));
            }
        }
    }
    for (scope, names) in scopes {
        let pairs = names.iter().map(|(m, r)| (m.as_str(), r.as_str()));
        if let Err(c) = naming::check_collisions(pairs) {
            problems.push(Diagnostic::new(
                &s.shape_id,
                c.model_names
                    .iter()
                    .find(|m| !m.starts_with('('))
                    .map(String::as_str),
                format!(
                    "{} would all generate the method `{}` on `{scope}`",
                    quoted(&c.model_names),
                    c.rust_name
                ),
            ));
            // The builder would repeat the same clash; one message says it.
            break;
        }
    }
}

/// Each operation adds a method to `Client`, named as its module; they must not clash with
/// each other or with the other methods of `Client`.
fn check_client_methods(ir: &Ir, problems: &mut Vec<Diagnostic>) {
    let mut names: Vec<(String, String)> = CLIENT_METHODS
        .iter()
        .map(|m| ("(the client itself)".to_owned(), (*m).to_owned()))
        .collect();
    for op in &ir.operations {
        names.push((op.shape_id.clone(), op.module.clone()));
    }
    let pairs = names.iter().map(|(m, r)| (m.as_str(), r.as_str()));
    if let Err(c) = naming::check_collisions(pairs) {
        let shape = c
            .model_names
            .iter()
            .find(|m| !m.starts_with('('))
            .cloned()
            .unwrap_or_default();
        problems.push(Diagnostic::new(
            &shape,
            None,
            format!(
                "{} would all generate the method `{}` on `Client`",
                quoted(&c.model_names),
                c.rust_name
            ),
        ));
    }
}

/// Type names must be distinct within each module they are generated into.
fn check_types(ir: &Ir, problems: &mut Vec<Diagnostic>) {
    let mut scopes: BTreeMap<String, Vec<(String, String)>> = BTreeMap::new();
    for s in ir.structures.values() {
        let entry = scopes.entry(s.module.join("::")).or_default();
        entry.push((s.shape_id.clone(), s.name.clone()));
        if !s.union {
            entry.push((s.shape_id.clone(), s.builder.clone()));
        }
        for f in &s.fields {
            if let Some(marker) = &f.marker {
                scopes
                    .entry("types::builders".into())
                    .or_default()
                    .push((f.member_name.clone(), marker.clone()));
            }
        }
    }
    for e in ir.enums.values() {
        scopes
            .entry("types".into())
            .or_default()
            .push((e.shape_id.clone(), e.name.clone()));
    }
    for (scope, mut names) in scopes {
        names.sort();
        names.dedup();
        let pairs = names.iter().map(|(m, r)| (m.as_str(), r.as_str()));
        if let Err(c) = naming::check_collisions(pairs) {
            let shape = c.model_names.first().cloned().unwrap_or_default();
            problems.push(Diagnostic::new(
                &shape,
                None,
                format!(
                    "{} would all generate the type `{}` in `{scope}`",
                    quoted(&c.model_names),
                    c.rust_name
                ),
            ));
        }
    }
}

/// Two patterns must not share a static.
fn check_patterns(ir: &Ir, problems: &mut Vec<Diagnostic>) {
    fn visit(
        value: &Value,
        found: &mut BTreeMap<String, (String, String)>,
        problems: &mut Vec<Diagnostic>,
    ) {
        if let Some(p) = &value.constraints.pattern {
            let here = (p.owner.clone(), p.regex.clone());
            match found.get(&p.name) {
                Some((owner, regex)) if *regex != p.regex => problems.push(Diagnostic::new(
                    &p.owner,
                    p.member.as_deref(),
                    format!(
                        "its pattern and the pattern of `{owner}` would share the static `{}`",
                        p.name
                    ),
                )),
                Some(_) => {}
                None => {
                    found.insert(p.name.clone(), here);
                }
            }
        }
        match &value.kind {
            Kind::List(item) | Kind::Nullable(item) => visit(item, found, problems),
            Kind::Map(key, value) => {
                visit(key, found, problems);
                visit(value, found, problems);
            }
            _ => {}
        }
    }
    let mut found = BTreeMap::new();
    for s in ir.structures.values() {
        for f in &s.fields {
            visit(&f.value, &mut found, problems);
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::lower::tests::{lower_error, lowered};

    #[test]
    fn names_of_structures_members_and_operations() {
        let ir = lowered(serde_json::json!({
            "t#Thing": {"type": "structure", "members": {
                "type": {"target": "smithy.api#String", "traits": {"smithy.api#required": {}}},
                "maxResults": {"target": "smithy.api#Integer", "traits": {"smithy.api#default": 5}}
            }}
        }));
        let thing = &ir.structures["t#Thing"];
        assert_eq!(
            (thing.name.as_str(), thing.builder.as_str()),
            ("Thing", "ThingBuilder")
        );
        assert_eq!(thing.module, ["types"]);
        // The test's JSON orders members by name.
        let kind = &thing.fields[1];
        assert_eq!(kind.name, "r#type");
        assert_eq!(kind.set_name, "set_type");
        assert_eq!(kind.state.as_deref(), Some("TypeState"));
        assert_eq!(kind.marker.as_deref(), Some("MissingType"));
        let max = &thing.fields[0];
        assert_eq!(max.or_default.as_deref(), Some("max_results_or_default"));
        assert_eq!(max.default_const.as_deref(), Some("DEFAULT_MAX_RESULTS"));
        let op = &ir.operations[0];
        assert_eq!(
            (
                op.name.as_str(),
                op.module.as_str(),
                op.error.as_str(),
                op.fluent.as_str()
            ),
            ("Op", "op", "OpError", "OpFluentBuilder")
        );
        assert_eq!(ir.structures[&op.input].name, "OpInput");
        assert_eq!(ir.structures[&op.input].module, ["operation", "op"]);
    }

    #[test]
    fn members_whose_names_differ_in_case_get_markers_of_their_own() {
        let ir = lowered(serde_json::json!({
            "t#A": {"type": "structure", "members": {
                "resourceARN": {"target": "smithy.api#String", "traits": {"smithy.api#required": {}}}
            }},
            "t#B": {"type": "structure", "members": {
                "resourceArn": {"target": "smithy.api#String", "traits": {"smithy.api#required": {}}}
            }},
            "t#C": {"type": "structure", "members": {
                "resourceArn": {"target": "smithy.api#String", "traits": {"smithy.api#required": {}}}
            }}
        }));
        let marker = |id: &str| ir.structures[id].fields[0].marker.clone().unwrap();
        assert_eq!(marker("t#A"), "MissingResourceArn");
        assert_eq!(marker("t#B"), "MissingResourceArn2");
        // The same member name shares its marker.
        assert_eq!(marker("t#C"), "MissingResourceArn2");
    }

    #[test]
    fn clashes_are_reported_with_every_model_name() {
        let problems = lower_error(serde_json::json!({
            "t#Thing": {"type": "structure", "members": {
                "maxResults": {"target": "smithy.api#Integer"},
                "max_results": {"target": "smithy.api#Integer"}
            }}
        }));
        assert_eq!(
            problems,
            [
                "shape `t#Thing`, member `maxResults`: `maxResults`, `max_results` would all generate the method `max_results` on `Thing`"
            ]
        );
        let problems = lower_error(serde_json::json!({
            "t#Mode": {"type": "enum", "members": {
                "A_B": {"target": "smithy.api#Unit", "traits": {"smithy.api#enumValue": "a-b"}},
                "a_b": {"target": "smithy.api#Unit"}
            }}
        }));
        assert_eq!(
            problems,
            ["shape `t#Mode`: enum values `a-b`, `a_b` all become the variant `AB`"]
        );
    }
}
