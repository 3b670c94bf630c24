//! Facts about structures that depend on others: which members must be boxed because their
//! structure contains itself through them, and which structures have anything to validate.

use crate::ir::{Ir, Kind, Value};

/// Boxes every structure member through which a structure contains itself directly.
pub(super) fn mark_recursion(ir: &mut Ir) {
    fn reaches(ir: &Ir, from: &str, goal: &str, seen: &mut Vec<String>) -> bool {
        if from == goal {
            return true;
        }
        if seen.iter().any(|s| s == from) {
            return false;
        }
        seen.push(from.to_owned());
        ir.structures.get(from).is_some_and(|s| {
            s.fields.iter().any(|f| match &f.value.kind {
                Kind::Structure(next) => reaches(ir, next, goal, seen),
                _ => false,
            })
        })
    }
    let mut boxed = Vec::new();
    for (key, s) in &ir.structures {
        for (index, f) in s.fields.iter().enumerate() {
            if let Kind::Structure(target) = &f.value.kind
                && reaches(ir, target, key, &mut Vec::new())
            {
                boxed.push((key.clone(), index));
            }
        }
    }
    for (key, index) in boxed {
        if let Some(field) = ir
            .structures
            .get_mut(&key)
            .and_then(|s| s.fields.get_mut(index))
        {
            field.boxed = true;
        }
    }
}

/// Marks the structures that have something to validate at any depth.
pub(super) fn mark_constraints(ir: &mut Ir) {
    fn value_has(v: &Value, ir: &Ir, seen: &mut Vec<String>) -> bool {
        !v.constraints.is_empty()
            || match &v.kind {
                Kind::Structure(id) => struct_has(id, ir, seen),
                Kind::List(item) | Kind::Nullable(item) => value_has(item, ir, seen),
                Kind::Map(k, v) => value_has(k, ir, seen) || value_has(v, ir, seen),
                _ => false,
            }
    }
    fn struct_has(id: &str, ir: &Ir, seen: &mut Vec<String>) -> bool {
        if seen.iter().any(|s| s == id) {
            return false;
        }
        seen.push(id.to_owned());
        ir.structures
            .get(id)
            .is_some_and(|s| s.fields.iter().any(|f| value_has(&f.value, ir, seen)))
    }
    let flags: Vec<(String, bool)> = ir
        .structures
        .iter()
        .map(|(key, s)| {
            (
                key.clone(),
                s.fields
                    .iter()
                    .any(|f| value_has(&f.value, ir, &mut Vec::new())),
            )
        })
        .collect();
    for (key, flag) in flags {
        if let Some(s) = ir.structures.get_mut(&key) {
            s.has_constraints = flag;
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::lower::tests::lowered;

    #[test]
    fn a_structure_that_contains_itself_is_boxed_and_constraints_are_found_at_depth() {
        let ir = lowered(serde_json::json!({
            "t#Node": {"type": "structure", "members": {
                "next": {"target": "t#Node"},
                "children": {"target": "t#Nodes"},
                "leaf": {"target": "t#Leaf"}
            }},
            "t#Nodes": {"type": "list", "member": {"target": "t#Node"}},
            "t#Leaf": {"type": "structure", "members": {
                "name": {"target": "smithy.api#String", "traits": {"smithy.api#length": {"max": 3}}}
            }},
            "t#Free": {"type": "structure", "members": {"n": {"target": "smithy.api#Integer"}}}
        }));
        let node = &ir.structures["t#Node"];
        let boxed: Vec<(&str, bool)> = node
            .fields
            .iter()
            .map(|f| (f.member_name.as_str(), f.boxed))
            .collect();
        // Through a list the structure does not contain itself directly. (The test's JSON
        // orders members by name.)
        assert_eq!(
            boxed,
            [("children", false), ("leaf", false), ("next", true)]
        );
        assert!(node.has_constraints);
        assert!(ir.structures["t#Leaf"].has_constraints);
        assert!(!ir.structures["t#Free"].has_constraints);
    }
}
