//! The service shape: the protocol and authentication the generator supports, and its endpoint
//! rule set, parsed and checked once.

use super::Checked;

use crate::error::Diagnostic;
use crate::ir::Protocol;
use crate::rules::RuleSet;

/// Checks the service; returns its rule set when it has one that checks.
pub(super) fn check(checked: &Checked<'_>, problems: &mut Vec<Diagnostic>) -> Option<RuleSet> {
    let id = &checked.service;
    let traits = checked.traits(id);
    if protocol_of(traits).is_none() {
        problems.push(Diagnostic::new(
            id,
            None,
            "the service uses none of the protocols supported: `aws.protocols#restJson1`, \
             `aws.protocols#awsJson1_0`, `aws.protocols#awsJson1_1`",
        ));
    }
    if traits.sigv4.is_none() && !traits.http_bearer_auth {
        problems.push(Diagnostic::new(
            id,
            None,
            "the service has neither `aws.auth#sigv4` nor `smithy.api#httpBearerAuth`, the \
             authentication schemes supported",
        ));
    }
    if let Some(auth) = &traits.auth
        && !auth
            .iter()
            .any(|scheme| crate::ir::AUTH_SCHEMES.contains(&scheme.as_str()))
    {
        problems.push(Diagnostic::new(
            id,
            None,
            format!(
                "the service's authentication schemes ({}) include neither SigV4 nor bearer \
                 tokens, the ones supported",
                auth.join(", ")
            ),
        ));
    }
    let Some(rules) = traits.endpoint_rule_set.as_ref() else {
        if traits.client_context_params.is_some() {
            problems.push(Diagnostic::new(
                id,
                None,
                "the service has `smithy.rules#clientContextParams` but no endpoint rule set",
            ));
        }
        return None;
    };
    match RuleSet::parse(rules, traits.endpoint_tests.as_ref()) {
        Ok(rules) => {
            client_context_params(checked, &rules, problems);
            Some(rules)
        }
        Err(problem) => {
            problems.push(Diagnostic::new(id, None, problem));
            None
        }
    }
}

/// The protocol of a service with these traits, among those the generator supports, in
/// botocore's order of preference: restJson1, then awsJson. `None` when it has none of them.
pub(super) fn protocol_of(traits: &crate::traits::Traits) -> Option<Protocol> {
    if traits.rest_json1 {
        Some(Protocol::RestJson1)
    } else if traits.aws_json1_0 {
        Some(Protocol::AwsJson1_0)
    } else if traits.aws_json1_1 {
        Some(Protocol::AwsJson1_1)
    } else if traits.aws_query {
        Some(Protocol::AwsQuery)
    } else {
        None
    }
}

/// Each client parameter names a rule-set parameter of its type that no built-in sets.
fn client_context_params(checked: &Checked<'_>, rules: &RuleSet, problems: &mut Vec<Diagnostic>) {
    let id = &checked.service;
    for (name, client) in checked.traits(id).client_context_params.iter().flatten() {
        let message = match rules.params.iter().find(|p| &p.name == name) {
            None => format!(
                "`smithy.rules#clientContextParams` names `{}`, which is no parameter of the \
                 endpoint rule set",
                name.escape_debug()
            ),
            Some(p) if p.ty.name() != client.ty || p.ty == crate::rules::ParamType::StringArray => {
                format!(
                    "`smithy.rules#clientContextParams` gives `{}` the type `{}`, but the rule \
                     set's parameter is a {}",
                    name.escape_debug(),
                    client.ty.escape_debug(),
                    p.ty.name()
                )
            }
            Some(p) if p.built_in.is_some() => format!(
                "`smithy.rules#clientContextParams` names `{}`, which the built-in `{}` sets",
                name.escape_debug(),
                p.built_in.as_deref().unwrap_or_default().escape_debug()
            ),
            Some(_) => continue,
        };
        problems.push(Diagnostic::new(id, None, message));
    }
}

#[cfg(test)]
mod tests {
    use crate::model::Model;

    fn problems(service_traits: serde_json::Value) -> Vec<String> {
        let model = Model::from_json(
            &serde_json::json!({
                "smithy": "2.0",
                "shapes": {
                    "t#S": {"type": "service", "operations": [{"target": "t#Op"}], "traits": service_traits},
                    "t#Op": {
                        "type": "operation",
                        "input": {"target": "smithy.api#Unit"},
                        "output": {"target": "smithy.api#Unit"},
                        "traits": {"smithy.api#http": {"method": "POST", "uri": "/"}}
                    }
                }
            })
            .to_string(),
        )
        .unwrap();
        match crate::check::check(&model, false) {
            Ok(_) => Vec::new(),
            Err(problems) => problems.iter().map(ToString::to_string).collect(),
        }
    }

    #[test]
    fn protocol_and_authentication_are_required() {
        assert_eq!(
            problems(serde_json::json!({})),
            [
                "shape `t#S`: the service uses none of the protocols supported: `aws.protocols#restJson1`, `aws.protocols#awsJson1_0`, `aws.protocols#awsJson1_1`",
                "shape `t#S`: the service has neither `aws.auth#sigv4` nor `smithy.api#httpBearerAuth`, the authentication schemes supported",
            ]
        );
        assert_eq!(
            problems(serde_json::json!({
                "aws.protocols#restJson1": {},
                "aws.auth#sigv4": {"name": "s"},
                "smithy.api#auth": ["aws.auth#sigv4a"]
            })),
            [
                "shape `t#S`: the service's authentication schemes (aws.auth#sigv4a) include neither SigV4 nor bearer tokens, the ones supported"
            ]
        );
        for auth in [
            serde_json::json!({"aws.auth#sigv4": {"name": "s"}}),
            serde_json::json!({"smithy.api#httpBearerAuth": {}}),
        ] {
            let mut traits = auth;
            traits["aws.protocols#restJson1"] = serde_json::json!({});
            assert_eq!(problems(traits), Vec::<String>::new());
        }
    }

    #[test]
    fn client_context_params_name_rule_set_parameters_of_their_type() {
        let found = problems(serde_json::json!({
            "aws.protocols#restJson1": {},
            "aws.auth#sigv4": {"name": "s"},
            "smithy.rules#clientContextParams": {
                "Fast": {"type": "string", "documentation": "Fast."},
                "Nope": {"type": "string"},
                "Region": {"type": "string"},
                "Mode": {"type": "string"}
            },
            "smithy.rules#endpointRuleSet": {"version": "1.0", "parameters": {
                "Fast": {"type": "boolean", "required": true, "default": false, "documentation": "Fast."},
                "Mode": {"type": "string", "required": false, "documentation": "Mode."},
                "Region": {"type": "string", "builtIn": "AWS::Region", "required": false, "documentation": "Region."}
            }, "rules": [{"conditions": [], "error": "No", "type": "error"}]}
        }));
        assert_eq!(
            found,
            [
                "shape `t#S`: `smithy.rules#clientContextParams` gives `Fast` the type `string`, but the rule set's parameter is a boolean",
                "shape `t#S`: `smithy.rules#clientContextParams` names `Nope`, which is no parameter of the endpoint rule set",
                "shape `t#S`: `smithy.rules#clientContextParams` names `Region`, which the built-in `AWS::Region` sets",
            ]
        );
    }

    #[test]
    fn a_rule_set_that_does_not_check_is_a_problem_of_the_service() {
        let found = problems(serde_json::json!({
            "aws.protocols#restJson1": {},
            "aws.auth#sigv4": {"name": "s"},
            "smithy.rules#endpointRuleSet": {"version": "1.0", "parameters": {}, "rules": [
                {"conditions": [], "type": "bdd"}
            ]}
        }));
        assert_eq!(
            found,
            ["shape `t#S`: endpoint rule set: rule type `bdd` is not supported"]
        );
    }
}
