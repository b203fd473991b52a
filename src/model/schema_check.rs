//! Every unknown field and wrong value of a YAML file in one run.
//!
//! serde stops at the first error, so a file with five mistakes would take five
//! runs to fix. When serde fails, the document is walked against the JSON
//! Schema of its type (the one `qingdan schema` prints, made by schemars), and
//! every unknown field, value of the wrong kind, value outside its list and
//! missing field is named with its key path, which [`super::pos::SourceMap`]
//! turns into a line and column.

use crate::i18n::msg;
use serde_json::Value;

/// One problem found by the walk.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// Key path, e.g. `sections[0].items[1].severity` (empty for the top).
    pub path: String,
    /// True when the problem is the key itself (an unknown field).
    pub on_key: bool,
    /// Stable code, as in other diagnostics.
    pub code: &'static str,
    /// What is wrong.
    pub message: String,
    /// What to do.
    pub hint: Option<String>,
}

/// The problems of `doc` against the schema of `T`, in document order.
pub fn problems<T: schemars::JsonSchema>(doc: &Value) -> Vec<Problem> {
    let schema = schemars::schema_for!(T);
    let root = schema.as_value();
    let mut out = Vec::new();
    walk(root, root, doc, "", &mut out, 0);
    out
}

/// Follows `$ref`s to `#/$defs/…`.
fn resolve<'a>(root: &'a Value, mut s: &'a Value) -> &'a Value {
    for _ in 0..32 {
        let Some(name) = s
            .get("$ref")
            .and_then(Value::as_str)
            .and_then(|r| r.strip_prefix("#/$defs/"))
        else {
            break;
        };
        match root.get("$defs").and_then(|d| d.get(name)) {
            Some(t) => s = t,
            None => break,
        }
    }
    s
}

fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(n) if n.is_i64() || n.is_u64() => "integer",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

fn describe(kind: &str) -> String {
    match kind {
        "null" => msg::kind_nothing(),
        "boolean" => msg::kind_boolean(),
        "integer" => msg::kind_integer(),
        "number" => msg::kind_number(),
        "string" => msg::kind_text(),
        "array" => msg::kind_list(),
        "object" => msg::kind_mapping(),
        _ => msg::kind_value(),
    }
}

fn types(s: &Value) -> Option<Vec<&str>> {
    match s.get("type")? {
        Value::String(t) => Some(vec![t.as_str()]),
        Value::Array(a) => Some(a.iter().filter_map(Value::as_str).collect()),
        _ => None,
    }
}

fn fits(allowed: &[&str], k: &str) -> bool {
    allowed.contains(&k) || (k == "integer" && allowed.contains(&"number"))
}

fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_string()
    } else {
        format!("{path}.{key}")
    }
}

fn shown(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

fn walk(root: &Value, s: &Value, v: &Value, path: &str, out: &mut Vec<Problem>, depth: usize) {
    // Inputs are nested at most 128 levels (load::check_nesting); schemas less.
    if depth > 256 {
        return;
    }
    let s = resolve(root, s);
    if let Some(variants) = s
        .get("oneOf")
        .or_else(|| s.get("anyOf"))
        .and_then(Value::as_array)
    {
        // The variant the value is meant as: one without problems, else the
        // one of its kind with the fewest.
        let mut best: Option<Vec<Problem>> = None;
        for variant in variants {
            let mut found = Vec::new();
            walk(root, variant, v, path, &mut found, depth + 1);
            if found.is_empty() {
                return;
            }
            let of_kind = types(resolve(root, variant)).is_some_and(|t| fits(&t, kind(v)));
            let better = match &best {
                None => true,
                Some(b) => {
                    of_kind
                        && (found.len() < b.len()
                            || b.first().is_some_and(|p| p.code == "wrong-type"))
                }
            };
            if better {
                best = Some(found);
            }
        }
        out.extend(best.unwrap_or_default());
        return;
    }
    if let Some(allowed) = types(s) {
        if !fits(&allowed, kind(v)) {
            let want: Vec<String> = allowed
                .iter()
                .filter(|t| **t != "null")
                .map(|t| describe(t))
                .collect();
            out.push(Problem {
                path: path.to_string(),
                on_key: false,
                code: "wrong-type",
                message: msg::must_be_not(
                    if path.is_empty() {
                        msg::the_file()
                    } else {
                        path.to_string()
                    },
                    want.join(&msg::or_word()),
                    describe(kind(v)),
                ),
                hint: None,
            });
            return;
        }
    }
    if let Some(values) = s.get("enum").and_then(Value::as_array) {
        if !values.contains(v) {
            let list: Vec<String> = values.iter().map(|x| format!("`{}`", shown(x))).collect();
            out.push(Problem {
                path: path.to_string(),
                on_key: false,
                code: "wrong-value",
                message: msg::is_not_one_of(
                    path,
                    shown(v),
                    list.join(crate::i18n::pick(", ", "、")),
                ),
                hint: super::diag::closest(&shown(v), values.iter().filter_map(Value::as_str))
                    .map(msg::did_you_mean),
            });
            return;
        }
    }
    match v {
        Value::Object(map) => {
            let props = s.get("properties").and_then(Value::as_object);
            let extra = s.get("additionalProperties");
            for (k, child) in map {
                let p = join(path, k);
                match props.and_then(|pr| pr.get(k)) {
                    Some(cs) => walk(root, cs, child, &p, out, depth + 1),
                    None => match extra {
                        Some(Value::Bool(false)) => {
                            let known: Vec<&str> = props
                                .map(|pr| pr.keys().map(String::as_str).collect())
                                .unwrap_or_default();
                            let close = super::diag::closest(k, known.iter().copied());
                            out.push(Problem {
                                path: p,
                                on_key: true,
                                code: "unknown-field",
                                message: msg::unknown_field_expected(
                                    k,
                                    known
                                        .iter()
                                        .map(|n| format!("`{n}`"))
                                        .collect::<Vec<_>>()
                                        .join(crate::i18n::pick(", ", "、")),
                                ),
                                hint: close.map(msg::did_you_mean),
                            });
                        }
                        Some(cs @ Value::Object(_)) => walk(root, cs, child, &p, out, depth + 1),
                        _ => {}
                    },
                }
            }
            if let Some(req) = s.get("required").and_then(Value::as_array) {
                for r in req.iter().filter_map(Value::as_str) {
                    if !map.contains_key(r) {
                        out.push(Problem {
                            path: path.to_string(),
                            on_key: true,
                            code: "missing-field",
                            message: if path.is_empty() {
                                msg::missing_field(r)
                            } else {
                                msg::missing_field_in(r, path)
                            },
                            hint: None,
                        });
                    }
                }
            }
        }
        Value::Array(items) => {
            if let Some(is) = s.get("items") {
                for (i, item) in items.iter().enumerate() {
                    walk(root, is, item, &format!("{path}[{i}]"), out, depth + 1);
                }
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::results::Results;
    use crate::model::Checklist;

    fn of<T: schemars::JsonSchema>(yaml: &str) -> Vec<(String, String)> {
        let v: Value = serde_norway::from_str(yaml).unwrap();
        problems::<T>(&v)
            .into_iter()
            .map(|p| (p.path, p.message))
            .collect()
    }

    #[test]
    fn every_problem_of_a_results_file_at_once() {
        let p = of::<Results>(
            "checklist: x\nentiti: {name: a}\ndate: 2025-01-01\nanswers:\n  a: ok\n  b: maybe\n  c: {status: hazard, findng: x}\n  d: {status: hazard, finding: [1]}\n",
        );
        let paths: Vec<&str> = p.iter().map(|(p, _)| p.as_str()).collect();
        assert_eq!(
            paths,
            [
                "answers.b",
                "answers.c.findng",
                "answers.c",
                "answers.d.finding",
                "entiti",
                ""
            ],
            "{p:?}"
        );
        assert_eq!(p[0].1, "`answers.b` is `maybe`; write one of `ok`, `na`");
        assert!(
            p[1].1
                .starts_with("unknown field `findng`, expected one of"),
            "{p:?}"
        );
        assert_eq!(p[2].1, "missing field `finding` in `answers.c`");
        assert_eq!(p[3].1, "`answers.d.finding` must be text, not a list");
        assert_eq!(p[5].1, "missing field `entity`");
    }

    #[test]
    fn a_valid_file_has_none() {
        let text = std::fs::read_to_string(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("examples/results/gongmao-2025.yaml"),
        )
        .unwrap();
        assert_eq!(of::<Results>(&text), Vec::<(String, String)>::new());
        for f in [
            "gas-major-hazards",
            "gongmao-major-hazards",
            "mines-major-hazards",
            "principal-duties-law-21",
        ] {
            let text = std::fs::read_to_string(
                std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                    .join(format!("checklists/{f}.yaml")),
            )
            .unwrap();
            assert_eq!(
                of::<Checklist>(&text),
                Vec::<(String, String)>::new(),
                "{f}"
            );
        }
    }
}
