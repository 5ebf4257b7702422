//! CSV in and out.
//!
//! Reading goes through [`csv_core`], the state machine inside the `csv` crate without its
//! serde layer: quoted fields with embedded delimiters, doubled quotes and line breaks, CRLF or
//! LF line ends. Around it this module adds what a spreadsheet export needs: a UTF-8 byte-order
//! mark is dropped, blank lines and rows of empty cells are skipped, the delimiter is guessed
//! from the header line (`,`, or `;` and tab as written by spreadsheets in some locales), and
//! every record keeps the line it starts on so that problems can point at it.
//!
//! Writing is done here by hand (a dozen lines): cells are quoted only when they need it, lines
//! end in CRLF (RFC 4180, and what spreadsheets expect), and cells that a spreadsheet would run
//! as a formula are defused (see [`guard`]).

use csv_core::{ReadRecordResult, ReaderBuilder};

/// A parsed CSV file: the header (the first non-blank row) and the rows after it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Table {
    /// The header cells, as written (not trimmed or lower-cased).
    pub header: Vec<String>,
    /// The line the header starts on (1-based; 0 when the text has no header).
    pub header_line: usize,
    /// The data rows, in file order, without blank rows.
    pub records: Vec<Record>,
    /// The delimiter in use: `b','`, `b';'` or `b'\t'`.
    pub delimiter: u8,
}

/// One data row.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Record {
    /// The line of the file the row starts on (1-based, counting every line of the file).
    pub line: usize,
    /// The cells, unquoted, as many as the row has (it may differ from the header's count).
    pub cells: Vec<String>,
    /// The row opens a quoted cell that is never closed, so it swallowed the rest of the file.
    pub unclosed_quote: bool,
}

/// Parses CSV text. Never fails: oddities are reported on the records ([`Record::unclosed_quote`],
/// a cell count different from the header's) for the caller to explain.
pub fn parse(text: &str) -> Table {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let input = text.as_bytes();
    let delimiter = guess_delimiter(input);
    let mut reader = ReaderBuilder::new().delimiter(delimiter).build();
    let mut table = Table { delimiter, ..Table::default() };
    let mut out = vec![0u8; 1024];
    let mut ends = vec![0usize; 32];
    let mut pos = 0;
    let mut line = 1;
    loop {
        // Blank lines between records: skipped here so that `line` is where the record starts.
        while let Some(&b) = input.get(pos) {
            match b {
                b'\n' => line += 1,
                b'\r' => {}
                _ => break,
            }
            pos += 1;
        }
        if pos == input.len() {
            break;
        }
        let (start, start_line) = (pos, line);
        let (mut nout, mut nend) = (0, 0);
        loop {
            let (result, nin, o, e) =
                reader.read_record(&input[pos..], &mut out[nout..], &mut ends[nend..]);
            line += count_newlines(&input[pos..pos + nin]);
            pos += nin;
            nout += o;
            nend += e;
            match result {
                ReadRecordResult::OutputFull => out.resize(out.len() * 2, 0),
                ReadRecordResult::OutputEndsFull => ends.resize(ends.len() * 2, 0),
                ReadRecordResult::InputEmpty => {}
                ReadRecordResult::Record | ReadRecordResult::End => break,
            }
        }
        let mut cells = Vec::with_capacity(nend);
        let mut from = 0;
        for &end in &ends[..nend] {
            cells.push(String::from_utf8_lossy(&out[from..end]).into_owned());
            from = end;
        }
        // A quoted cell left open runs to the end of the input: only the last record can.
        let unclosed_quote = pos == input.len() && ends_in_quotes(&input[start..], delimiter);
        if cells.iter().all(|c| c.trim().is_empty()) && !unclosed_quote {
            continue;
        }
        if table.header_line == 0 {
            table.header = cells;
            table.header_line = start_line;
        } else {
            table.records.push(Record { line: start_line, cells, unclosed_quote });
        }
    }
    table
}

/// Does `record` end inside a quoted cell? The same reading as `csv_core`'s: a cell is quoted
/// when it starts with `"`, and `""` inside it is a quote.
fn ends_in_quotes(record: &[u8], delimiter: u8) -> bool {
    let (mut quoted, mut at_start, mut escaped) = (false, true, false);
    for (i, &b) in record.iter().enumerate() {
        if escaped {
            escaped = false;
            continue;
        }
        if quoted {
            if b == b'"' {
                match record.get(i + 1) == Some(&b'"') {
                    true => escaped = true,
                    false => quoted = false,
                }
            }
        } else if b == b'"' && at_start {
            quoted = true;
        }
        at_start = !quoted && (b == delimiter || b == b'\n' || b == b'\r');
    }
    quoted
}

fn count_newlines(bytes: &[u8]) -> usize {
    bytes.iter().filter(|&&b| b == b'\n').count()
}

/// The delimiter that occurs most on the first non-blank line: `,` unless `;` or tab occur more
/// often (spreadsheets in locales with a decimal comma save "CSV" with semicolons).
fn guess_delimiter(input: &[u8]) -> u8 {
    let first = input
        .split(|&b| b == b'\n')
        .find(|l| l.iter().any(|b| !b.is_ascii_whitespace()))
        .unwrap_or_default();
    let count = |d: u8| first.iter().filter(|&&b| b == d).count();
    let (commas, semicolons, tabs) = (count(b','), count(b';'), count(b'\t'));
    if semicolons > commas && semicolons >= tabs {
        b';'
    } else if tabs > commas && tabs > semicolons {
        b'\t'
    } else {
        b','
    }
}

/// The first characters that make a spreadsheet read a cell as a formula (OWASP's list).
const FORMULA_STARTS: &[char] = &['=', '+', '-', '@', '\t', '\r'];

/// Defuses a cell that a spreadsheet would run as a formula ("CSV injection"): memos, error
/// messages and anything else that came from a user or the Console may start with `=`, `+`, `-`,
/// `@`, tab or CR, and Excel or LibreOffice would evaluate `=HYPERLINK(...)` or worse when the
/// export is opened. Such cells get a leading `'`, which spreadsheets show as text and hide.
/// The cost: a program reading the file sees the `'` (a memo `-laptop` reads `'-laptop`); the
/// bulk CSV reader removes it again ([`unguard`]) so an exported file can be fed back in.
pub fn guard(cell: &str) -> std::borrow::Cow<'_, str> {
    match cell.starts_with(FORMULA_STARTS) {
        true => format!("'{cell}").into(),
        false => cell.into(),
    }
}

/// Undoes [`guard`]: `'=x` reads `=x`. Other cells, including other cells starting with `'`,
/// are left alone.
pub fn unguard(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest) if rest.starts_with(FORMULA_STARTS) => rest,
        _ => cell,
    }
}

/// Appends one cell to `out`: guarded against formulas, then quoted when it contains the
/// delimiter, a quote, a line break, or leading or trailing spaces.
pub fn write_cell(out: &mut String, cell: &str) {
    let cell = guard(cell);
    let needs_quotes = cell.contains([',', '"', '\n', '\r', ';', '\t'])
        || cell.starts_with(' ')
        || cell.ends_with(' ');
    if needs_quotes {
        out.push('"');
        for c in cell.chars() {
            if c == '"' {
                out.push('"');
            }
            out.push(c);
        }
        out.push('"');
    } else {
        out.push_str(&cell);
    }
}

/// Appends a row of cells, comma-separated, ending in CRLF.
pub fn write_row<S: AsRef<str>>(out: &mut String, cells: impl IntoIterator<Item = S>) {
    for (i, cell) in cells.into_iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        write_cell(out, cell.as_ref());
    }
    out.push_str("\r\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cells(table: &Table) -> Vec<Vec<&str>> {
        table.records.iter().map(|r| r.cells.iter().map(String::as_str).collect()).collect()
    }

    #[test]
    fn quoted_cells_keep_commas_quotes_and_line_breaks() {
        let t = parse(
            "kind,memo\nhttp,\"Laptop, desk 3\"\ndns,\"She said \"\"hi\"\"\"\nhttp,\"two\nlines\"\n",
        );
        assert_eq!(t.header, ["kind", "memo"]);
        assert_eq!(
            cells(&t),
            [
                vec!["http", "Laptop, desk 3"],
                vec!["dns", "She said \"hi\""],
                vec!["http", "two\nlines"]
            ]
        );
        assert_eq!(t.records.iter().map(|r| r.line).collect::<Vec<_>>(), [2, 3, 4]);
    }

    #[test]
    fn bom_crlf_blank_rows_and_trailing_lines() {
        let t = parse(
            "\u{feff}kind,memo\r\n\r\nhttp,a\r\n,\r\n  ,  \r\ndns,\"b\r\nc\"\r\nhttp,d\r\n\r\n\r\n",
        );
        assert_eq!(t.header, ["kind", "memo"]);
        assert_eq!(cells(&t), [vec!["http", "a"], vec!["dns", "b\r\nc"], vec!["http", "d"]]);
        assert_eq!(t.records.iter().map(|r| r.line).collect::<Vec<_>>(), [3, 6, 8]);
        assert!(t.records.iter().all(|r| !r.unclosed_quote));
    }

    #[test]
    fn leading_blank_lines_and_no_final_newline() {
        let t = parse("\n\nkind,memo\nhttp,a");
        assert_eq!(t.header_line, 3);
        assert_eq!(cells(&t), [vec!["http", "a"]]);
        assert_eq!(t.records[0].line, 4);
        assert_eq!(parse(""), Table { delimiter: b',', ..Table::default() });
        assert_eq!(parse("\r\n\n").header_line, 0);
    }

    #[test]
    fn ragged_rows_keep_their_cell_counts() {
        let t = parse("kind,memo,flock_id\nhttp,a\nhttp,b,c,d\n");
        assert_eq!(cells(&t), [vec!["http", "a"], vec!["http", "b", "c", "d"]]);
    }

    #[test]
    fn an_unclosed_quote_is_reported() {
        let t = parse("kind,memo\nhttp,\"open\nhttp,next\n");
        assert_eq!(t.records.len(), 1);
        assert!(t.records[0].unclosed_quote);
        assert_eq!(t.records[0].line, 2);
        // A stray quote inside an unquoted cell is text, not an open quote.
        let t = parse("kind,memo\nhttp,5\" floppy\n");
        assert_eq!(cells(&t), [vec!["http", "5\" floppy"]]);
        assert!(!t.records[0].unclosed_quote);
        let t = parse("kind,memo\nhttp,\"say \"\"hi\"\"\"");
        assert_eq!(cells(&t), [vec!["http", "say \"hi\""]]);
        assert!(!t.records[0].unclosed_quote);
        assert!(parse("kind,memo\nhttp,\"say \"\"hi\"\"").records[0].unclosed_quote);
    }

    #[test]
    fn semicolon_and_tab_files_are_recognised() {
        let t = parse("kind;memo\nhttp;\"a, b\"\n");
        assert_eq!((t.delimiter, cells(&t)), (b';', vec![vec!["http", "a, b"]]));
        let t = parse("kind\tmemo\nhttp\ta;b\n");
        assert_eq!((t.delimiter, cells(&t)), (b'\t', vec![vec!["http", "a;b"]]));
        assert_eq!(parse("memo\nx;y\n").delimiter, b',');
    }

    #[test]
    fn long_cells_grow_the_buffers() {
        let long = "x".repeat(50_000);
        let many: Vec<String> = (0..100).map(|i| i.to_string()).collect();
        let t = parse(&format!("a\n\"{long}\"\n{}\n", many.join(",")));
        assert_eq!(t.records[0].cells, [long]);
        assert_eq!(t.records[1].cells, many);
    }

    #[test]
    fn writing_quotes_only_when_needed_and_defuses_formulas() {
        let mut out = String::new();
        write_row(&mut out, ["plain", "a,b", "say \"hi\"", "two\nlines", " pad", ""]);
        write_row(&mut out, ["=1+1", "+x", "-y", "@SUM(A1)", "'kept", "a=b"]);
        assert_eq!(
            out,
            "plain,\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\",\" pad\",\r\n'=1+1,'+x,'-y,'@SUM(A1),'kept,a=b\r\n"
        );
        assert_eq!(unguard("'=1+1"), "=1+1");
        assert_eq!(unguard("'kept"), "'kept");
        assert_eq!(unguard("-y"), "-y");
    }

    #[test]
    fn written_rows_read_back() {
        let rows = [["kind", "memo"], ["http", "a,\"b\"\r\nc"], ["dns", " x "]];
        let mut out = String::new();
        for row in rows {
            write_row(&mut out, row);
        }
        let t = parse(&out);
        assert_eq!(t.header, rows[0]);
        assert_eq!(cells(&t), [rows[1].to_vec(), rows[2].to_vec()]);
    }
}
