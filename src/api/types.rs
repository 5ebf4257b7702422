//! What the Console answers, decoded tolerantly: fields default when absent and the Console's
//! loose typing (numbers as strings and the reverse) is accepted.

use serde::{Deserialize, Deserializer};
use serde_json::Value;
use std::collections::BTreeMap;

/// An answer that only says `result: success` (anything else in it is ignored).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize)]
pub struct Ack {}

/// `GET /canarytokens/list`: kind id → the Console's label for it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
pub struct KindList {
    #[serde(rename = "canarytokens", default, deserialize_with = "labels")]
    pub kinds: BTreeMap<String, String>,
}

impl KindList {
    /// `(id, label)` pairs in the order people scan them: by label.
    pub fn by_label(&self) -> Vec<(&str, &str)> {
        let mut kinds: Vec<_> =
            self.kinds.iter().map(|(id, label)| (id.as_str(), label.as_str())).collect();
        kinds.sort_by(|a, b| a.1.to_lowercase().cmp(&b.1.to_lowercase()).then(a.0.cmp(b.0)));
        kinds
    }
}

/// A map of labels where a missing or non-text label falls back to the id.
fn labels<'de, D: Deserializer<'de>>(d: D) -> Result<BTreeMap<String, String>, D::Error> {
    let raw = BTreeMap::<String, Value>::deserialize(d)?;
    Ok(raw
        .into_iter()
        .map(|(id, label)| {
            let label = match label {
                Value::String(s) if !s.trim().is_empty() => s,
                _ => id.clone(),
            };
            (id, label)
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn kinds_sort_by_label_and_tolerate_odd_labels() {
        let list: KindList = serde_json::from_value(json!({
            "canarytokens": {"http": "Web Bug", "dns": "DNS", "aws-id": "AWS API Key", "new-kind": null},
            "result": "success"
        }))
        .unwrap();
        assert_eq!(
            list.by_label(),
            [
                ("aws-id", "AWS API Key"),
                ("dns", "DNS"),
                ("new-kind", "new-kind"),
                ("http", "Web Bug")
            ]
        );
        assert_eq!(
            serde_json::from_value::<KindList>(json!({"result": "success"})).unwrap(),
            KindList::default()
        );
    }
}
