//! Reading the Console's loosely typed values: `created` is a string float, incident flags are
//! `"True"`/`"False"`, counts arrive as strings or numbers, and any field may be `null`. The
//! readers take any JSON value and give `None` (or the default) rather than fail; the
//! `deserialize_with` adapters below apply them to fields of the envelope types.

use serde::{Deserialize, Deserializer};
use serde_json::Value;
use std::collections::BTreeMap;

/// Text from a string, number or bool.
pub fn text(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// A count from a number or a numeric string.
pub fn count(v: &Value) -> Option<u64> {
    match v {
        Value::Number(n) => {
            n.as_u64().or_else(|| n.as_f64().filter(|f| *f >= 0.0).map(|f| f as u64))
        }
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

/// Seconds since the epoch from a number or a numeric string (`"1586161315.087693"`).
pub fn time(v: &Value) -> Option<f64> {
    let t = match v {
        Value::Number(n) => n.as_f64(),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    };
    t.filter(|t| t.is_finite())
}

/// A flag from a bool, `"True"`/`"False"` (any case), `"1"`/`"0"` or a number; `None` if absent.
pub fn flag(v: &Value) -> Option<bool> {
    match v {
        Value::Bool(b) => Some(*b),
        Value::Number(n) => n.as_f64().map(|f| f != 0.0),
        Value::String(s) => {
            Some(matches!(s.trim().to_ascii_lowercase().as_str(), "true" | "1" | "yes"))
        }
        _ => None,
    }
}

pub fn de_string<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    Ok(text(&Value::deserialize(d)?).unwrap_or_default())
}

pub fn de_opt_string<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    Ok(text(&Value::deserialize(d)?))
}

pub fn de_count<'de, D: Deserializer<'de>>(d: D) -> Result<u64, D::Error> {
    Ok(count(&Value::deserialize(d)?).unwrap_or_default())
}

pub fn de_opt_count<'de, D: Deserializer<'de>>(d: D) -> Result<Option<u64>, D::Error> {
    Ok(count(&Value::deserialize(d)?))
}

/// A list, tolerating `null`, items that do not decode, and a single item in place of a list.
pub fn de_list<'de, D: Deserializer<'de>, T: serde::de::DeserializeOwned>(
    d: D,
) -> Result<Vec<T>, D::Error> {
    Ok(match Value::deserialize(d)? {
        Value::Array(items) => {
            items.into_iter().filter_map(|i| serde_json::from_value(i).ok()).collect()
        }
        Value::Null => Vec::new(),
        one => serde_json::from_value(one).map(|i| vec![i]).unwrap_or_default(),
    })
}

/// An id → label map; a label that is not text (or an object without a `name`) falls back to
/// the id.
pub fn de_labels<'de, D: Deserializer<'de>>(d: D) -> Result<BTreeMap<String, String>, D::Error> {
    let Value::Object(map) = Value::deserialize(d)? else { return Ok(BTreeMap::new()) };
    // Inserted one by one: collecting into a map would compile a sort for the pairs.
    let mut labels = BTreeMap::new();
    for (id, label) in map {
        let label = match &label {
            Value::Object(o) => o.get("name").and_then(text),
            other => text(other),
        };
        let label = label.filter(|l| !l.trim().is_empty()).unwrap_or_else(|| id.clone());
        labels.insert(id, label);
    }
    Ok(labels)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn strings_numbers_and_nulls_all_read() {
        assert_eq!(text(&json!(5)), Some("5".into()));
        assert_eq!(text(&json!(null)), None);
        assert_eq!(count(&json!("12")), Some(12));
        assert_eq!(count(&json!(4.0)), Some(4));
        assert_eq!(count(&json!(-3)), None);
        assert_eq!(time(&json!("1586161315.087693")), Some(1586161315.087693));
        assert_eq!(time(&json!("soon")), None);
        assert_eq!(flag(&json!("True")), Some(true));
        assert_eq!(flag(&json!("False")), Some(false));
        assert_eq!(flag(&json!(1)), Some(true));
        assert_eq!(flag(&json!(null)), None);
    }

    #[test]
    fn lists_and_labels_tolerate_odd_shapes() {
        #[derive(Deserialize)]
        struct L {
            #[serde(default, deserialize_with = "de_list")]
            l: Vec<String>,
            #[serde(default, deserialize_with = "de_labels")]
            m: BTreeMap<String, String>,
        }
        let read = |v| serde_json::from_value::<L>(v).unwrap();
        assert_eq!(read(json!({"l": "one"})).l, ["one"]);
        assert_eq!(read(json!({"l": ["x", 2, "y"]})).l, ["x", "y"]);
        assert!(read(json!({"l": null})).l.is_empty());
        let m = read(json!({"m": {"a": "A", "b": null, "c": {"name": "C"}, "d": " "}})).m;
        assert_eq!(
            m.into_iter().collect::<Vec<_>>(),
            [
                ("a".into(), "A".into()),
                ("b".into(), "b".into()),
                ("c".into(), "C".into()),
                ("d".into(), "d".into())
            ]
        );
    }
}
