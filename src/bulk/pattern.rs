//! Memo patterns for "one kind, N tokens": `Laptop {n:03}` with start 1 and count 3 gives
//! `Laptop 001`, `Laptop 002`, `Laptop 003`.
//!
//! Syntax: `{n}` is the counter, `{n:0W}` the counter padded with zeros to at least W digits
//! (W up to 20), `{{` and `}}` are literal braces. Anything else in braces is refused with a
//! message saying what to write instead.

use std::fmt;

/// The most tokens one pattern (or one CSV) may plan.
pub const MAX_COUNT: usize = 10_000;

/// A parsed memo pattern.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Pattern {
    parts: Vec<Part>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum Part {
    Text(String),
    Counter { width: usize },
}

/// Why a pattern or a count cannot be used; `Display` is the sentence to show.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PatternError {
    /// A `{` without its `}`, or a `}` alone.
    UnmatchedBrace { at: usize },
    /// `{something}` that is not `{n}` or `{n:0W}`.
    UnknownPlaceholder(String),
    /// Several tokens, one memo: every token would read the same in alerts.
    NoCounter,
    /// The count is 0 or above [`MAX_COUNT`].
    Count(usize),
    /// The counter would pass `u64::MAX`.
    TooLarge,
}

impl fmt::Display for PatternError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::UnmatchedBrace { at } => write!(
                f,
                "The pattern has a brace without its partner at character {}. Write {{n}} for the \
                 number, or {{{{ and }}}} for a literal brace.",
                at + 1
            ),
            Self::UnknownPlaceholder(p) => write!(
                f,
                "“{{{p}}}” is not a placeholder. Write {{n}} for the number, or {{n:03}} to pad it \
                 with zeros to 3 digits."
            ),
            Self::NoCounter => f.write_str(
                "Put {n} in the memo pattern (for example “Laptop {n:03}”): without it every token \
                 gets the same memo, and an alert would not tell you which one fired.",
            ),
            Self::Count(n) => write!(f, "Choose between 1 and {MAX_COUNT} tokens (not {n})."),
            Self::TooLarge => {
                f.write_str("The numbers would get too large: choose a smaller start.")
            }
        }
    }
}

impl std::error::Error for PatternError {}

impl Pattern {
    /// Reads a pattern.
    pub fn parse(text: &str) -> Result<Self, PatternError> {
        let mut parts = Vec::new();
        let mut literal = String::new();
        let mut chars = text.char_indices().peekable();
        while let Some((at, c)) = chars.next() {
            match c {
                '{' if chars.next_if(|&(_, c)| c == '{').is_some() => literal.push('{'),
                '}' if chars.next_if(|&(_, c)| c == '}').is_some() => literal.push('}'),
                '}' => return Err(PatternError::UnmatchedBrace { at: char_pos(text, at) }),
                '{' => {
                    let rest = &text[at + 1..];
                    let Some(len) = rest.find('}') else {
                        return Err(PatternError::UnmatchedBrace { at: char_pos(text, at) });
                    };
                    let inner = &rest[..len];
                    if !literal.is_empty() {
                        parts.push(Part::Text(std::mem::take(&mut literal)));
                    }
                    parts.push(Part::Counter { width: counter_width(inner)? });
                    while chars.next_if(|&(i, _)| i <= at + 1 + len).is_some() {}
                }
                c => literal.push(c),
            }
        }
        if !literal.is_empty() {
            parts.push(Part::Text(literal));
        }
        Ok(Self { parts })
    }

    /// Does the pattern contain the counter?
    pub fn has_counter(&self) -> bool {
        self.parts.iter().any(|p| matches!(p, Part::Counter { .. }))
    }

    /// The memo for counter value `n`.
    pub fn memo(&self, n: u64) -> String {
        let mut out = String::new();
        for part in &self.parts {
            match part {
                Part::Text(t) => out.push_str(t),
                Part::Counter { width } => out.push_str(&format!("{n:0width$}")),
            }
        }
        out
    }

    /// The memos for `count` tokens numbered from `start`. Refuses a count of 0 or above
    /// [`MAX_COUNT`], and more than one token without `{n}` (they would all read the same).
    pub fn expand(&self, start: u64, count: usize) -> Result<Vec<String>, PatternError> {
        if count == 0 || count > MAX_COUNT {
            return Err(PatternError::Count(count));
        }
        if count > 1 && !self.has_counter() {
            return Err(PatternError::NoCounter);
        }
        if start.checked_add(count as u64 - 1).is_none() {
            return Err(PatternError::TooLarge);
        }
        Ok((0..count as u64).map(|i| self.memo(start + i)).collect())
    }
}

/// `n` → 0, `n:03` → 3.
fn counter_width(inner: &str) -> Result<usize, PatternError> {
    let unknown = || PatternError::UnknownPlaceholder(inner.to_owned());
    match inner.trim() {
        "n" => Ok(0),
        spec => {
            let digits = spec.strip_prefix("n:0").ok_or_else(unknown)?;
            match digits.parse::<usize>() {
                Ok(w) if w <= 20 && !digits.starts_with('+') => Ok(w),
                _ => Err(unknown()),
            }
        }
    }
}

fn char_pos(text: &str, byte: usize) -> usize {
    text[..byte].chars().count()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn expand(p: &str, start: u64, count: usize) -> Result<Vec<String>, PatternError> {
        Pattern::parse(p)?.expand(start, count)
    }

    #[test]
    fn counters_plain_and_padded() {
        assert_eq!(
            expand("Laptop {n:03}", 1, 3).unwrap(),
            ["Laptop 001", "Laptop 002", "Laptop 003"]
        );
        assert_eq!(expand("{n}-desk", 9, 2).unwrap(), ["9-desk", "10-desk"]);
        assert_eq!(expand("a{n:02}b{n}", 100, 1).unwrap(), ["a100b100"]);
        assert_eq!(expand("{ n }", 0, 1).unwrap(), ["0"]);
        assert_eq!(expand("x{n:00}", 5, 1).unwrap(), ["x5"]);
    }

    #[test]
    fn escaped_braces_are_literal() {
        assert_eq!(expand("{{{n}}} {{n}}", 7, 1).unwrap(), ["{7} {n}"]);
        assert_eq!(expand("é {n} ü", 1, 1).unwrap(), ["é 1 ü"]);
    }

    #[test]
    fn bad_patterns_say_what_to_write() {
        assert_eq!(Pattern::parse("Laptop {n"), Err(PatternError::UnmatchedBrace { at: 7 }));
        assert_eq!(Pattern::parse("é}"), Err(PatternError::UnmatchedBrace { at: 1 }));
        assert_eq!(Pattern::parse("{i}"), Err(PatternError::UnknownPlaceholder("i".into())));
        assert!(Pattern::parse("{n:3}").is_err());
        assert!(Pattern::parse("{n:0x}").is_err());
        assert!(Pattern::parse("{n:021}").is_err());
        let e = Pattern::parse("{x}").unwrap_err().to_string();
        assert!(e.contains("{n}") && e.contains("{n:03}"), "{e}");
    }

    #[test]
    fn counts_and_duplicates_are_refused() {
        assert_eq!(expand("Same memo", 1, 2), Err(PatternError::NoCounter));
        assert_eq!(expand("Only one", 1, 1).unwrap(), ["Only one"]);
        assert_eq!(expand("{n}", 1, 0), Err(PatternError::Count(0)));
        assert_eq!(expand("{n}", 1, MAX_COUNT + 1), Err(PatternError::Count(MAX_COUNT + 1)));
        assert_eq!(expand("{n}", 1, MAX_COUNT).unwrap().len(), MAX_COUNT);
        assert_eq!(expand("{n}", u64::MAX, 2), Err(PatternError::TooLarge));
        assert_eq!(expand("{n}", u64::MAX, 1).unwrap(), [u64::MAX.to_string()]);
        assert!(PatternError::NoCounter.to_string().contains("{n}"));
    }
}
