//! Which structures are operation inputs, outputs and errors: that decides where each is
//! generated. (That no structure has two roles is checked in `check`.)

use std::collections::BTreeMap;

use crate::check::Checked;
use crate::ir::Role;

/// The role of every structure that is not a plain shape, by shape id.
pub(super) fn assign(checked: &Checked<'_>) -> BTreeMap<String, Role> {
    let mut roles = BTreeMap::new();
    for op_id in checked.operations() {
        let Some(op) = checked.shape(op_id) else {
            continue;
        };
        let pairs = [
            (
                &op.input,
                Role::Input {
                    operation: op_id.clone(),
                },
            ),
            (
                &op.output,
                Role::Output {
                    operation: op_id.clone(),
                },
            ),
        ];
        for (target, role) in pairs {
            if let Some(target) = target
                && target.target != "smithy.api#Unit"
            {
                roles.insert(target.target.clone(), role);
            }
        }
    }
    for (id, traits) in &checked.shape_traits {
        if let Some(fault) = &traits.error {
            roles.insert(
                id.clone(),
                Role::Error {
                    fault: fault.clone(),
                    status: traits.http_error,
                },
            );
        }
    }
    roles
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lower::tests::checked_model;

    #[test]
    fn inputs_outputs_and_errors_get_their_roles() {
        let model = checked_model(serde_json::json!({
            "t#Op": {
                "type": "operation",
                "input": {"target": "t#OpInput"},
                "output": {"target": "smithy.api#Unit"},
                "errors": [{"target": "t#Oops"}],
                "traits": {"smithy.api#http": {"method": "POST", "uri": "/"}}
            },
            "t#OpInput": {"type": "structure", "members": {"a": {"target": "t#Plain"}}},
            "t#Plain": {"type": "structure", "members": {}},
            "t#Oops": {"type": "structure", "members": {}, "traits": {"smithy.api#error": "client", "smithy.api#httpError": 400}}
        }));
        let checked = crate::check::check(&model, false).unwrap();
        let roles = assign(&checked);
        assert_eq!(
            roles.get("t#OpInput"),
            Some(&Role::Input {
                operation: "t#Op".to_owned()
            })
        );
        assert_eq!(
            roles.get("t#Oops"),
            Some(&Role::Error {
                fault: "client".to_owned(),
                status: Some(400)
            })
        );
        assert_eq!(roles.get("t#Plain"), None);
        assert_eq!(roles.len(), 2);
    }
}
