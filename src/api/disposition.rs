//! The file name in a `Content-Disposition` header: `filename=x`, `filename="x"` and RFC 6266 /
//! RFC 5987 `filename*=UTF-8''x` (preferred when both are present). The result is a bare file
//! name: no directories, no control characters.

/// The file name `header` names, if it names a usable one.
pub fn filename(header: &str) -> Option<String> {
    let mut plain = None;
    let mut extended = None;
    for param in split_params(header) {
        let Some((name, value)) = param.split_once('=') else { continue };
        match name.trim().to_ascii_lowercase().as_str() {
            "filename*" => extended = extended.or_else(|| decode_extended(value.trim())),
            "filename" => plain = plain.or_else(|| Some(unquote(value.trim()))),
            _ => {}
        }
    }
    extended.or(plain).and_then(|n| sanitize(&n))
}

/// Splits on `;` outside quoted strings.
fn split_params(header: &str) -> Vec<&str> {
    let mut parts = Vec::new();
    let (mut start, mut quoted, mut escaped) = (0, false, false);
    for (i, c) in header.char_indices() {
        match c {
            _ if escaped => escaped = false,
            '\\' if quoted => escaped = true,
            '"' => quoted = !quoted,
            ';' if !quoted => {
                parts.push(&header[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    parts.push(&header[start..]);
    parts
}

fn unquote(value: &str) -> String {
    let Some(inner) = value.strip_prefix('"') else { return value.to_owned() };
    let inner = inner.strip_suffix('"').unwrap_or(inner);
    let mut out = String::with_capacity(inner.len());
    let mut chars = inner.chars();
    while let Some(c) = chars.next() {
        out.push(if c == '\\' { chars.next().unwrap_or('\\') } else { c });
    }
    out
}

/// `charset'language'percent-encoded`; UTF-8 and ISO-8859-1 are the charsets RFC 5987 names.
fn decode_extended(value: &str) -> Option<String> {
    let mut parts = value.splitn(3, '\'');
    let (charset, _language, encoded) = (parts.next()?, parts.next()?, parts.next()?);
    let bytes = percent_decode(unquote(encoded).as_bytes())?;
    match charset.to_ascii_lowercase().as_str() {
        "utf-8" => String::from_utf8(bytes).ok(),
        "iso-8859-1" => Some(bytes.into_iter().map(char::from).collect()),
        _ => None,
    }
}

fn percent_decode(input: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(input.len());
    let mut i = 0;
    while i < input.len() {
        if input[i] == b'%' {
            let hex = std::str::from_utf8(input.get(i + 1..i + 3)?).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(input[i]);
            i += 1;
        }
    }
    Some(out)
}

/// Keeps the last path segment and drops control characters; `None` if nothing useful is left.
fn sanitize(name: &str) -> Option<String> {
    let base = name.rsplit(['/', '\\']).next().unwrap_or_default();
    let clean: String = base.chars().filter(|c| !c.is_control()).collect();
    let clean = clean.trim().trim_start_matches('.');
    (!clean.is_empty()).then(|| clean.to_owned())
}

#[cfg(test)]
mod tests {
    use super::filename;

    #[test]
    fn the_three_spellings() {
        assert_eq!(filename("attachment; filename=report.docx").as_deref(), Some("report.docx"));
        assert_eq!(
            filename("attachment; filename=\"Q3 report.pdf\"").as_deref(),
            Some("Q3 report.pdf")
        );
        assert_eq!(
            filename("attachment; filename*=UTF-8''Gehalt%C3%A4nderung%202026.xlsx").as_deref(),
            Some("Gehaltänderung 2026.xlsx")
        );
    }

    #[test]
    fn the_extended_form_wins_and_order_does_not_matter() {
        let h = "attachment; filename*=utf-8''%E2%82%AC.txt; filename=\"EUR.txt\"";
        assert_eq!(filename(h).as_deref(), Some("€.txt"));
        let h = "attachment; filename=\"EUR.txt\"; filename*=UTF-8'en'%E2%82%AC.txt";
        assert_eq!(filename(h).as_deref(), Some("€.txt"));
        assert_eq!(
            filename("attachment; filename*=iso-8859-1''caf%E9.txt").as_deref(),
            Some("café.txt")
        );
    }

    #[test]
    fn quotes_semicolons_and_escapes_inside_quotes() {
        assert_eq!(
            filename(r#"attachment; filename="a;b \"c\".txt"; size=3"#).as_deref(),
            Some("a;b \"c\".txt")
        );
        assert_eq!(filename("ATTACHMENT; FILENAME=Upper.TXT").as_deref(), Some("Upper.TXT"));
        assert_eq!(filename("attachment;filename=x.reg;").as_deref(), Some("x.reg"));
    }

    #[test]
    fn names_are_made_safe() {
        assert_eq!(
            filename("attachment; filename=\"../../etc/passwd\"").as_deref(),
            Some("passwd")
        );
        assert_eq!(
            filename("attachment; filename=\"C:\\\\Users\\\\x\\\\evil.exe\"").as_deref(),
            Some("evil.exe")
        );
        assert_eq!(filename("attachment; filename=\".bashrc\"").as_deref(), Some("bashrc"));
        assert_eq!(filename("attachment; filename=\"a\u{7}b.txt\"").as_deref(), Some("ab.txt"));
    }

    #[test]
    fn nothing_usable_gives_none() {
        assert_eq!(filename("attachment"), None);
        assert_eq!(filename("inline; filename=\"\""), None);
        assert_eq!(filename("attachment; filename*=UTF-8''%ZZ"), None);
        assert_eq!(filename("attachment; filename*=koi8-r''x"), None);
        assert_eq!(filename(""), None);
    }
}
