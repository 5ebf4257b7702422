//! "Download all files" as one ZIP archive, written here with the STORE method (no
//! compression), plus the entry names `<row>-<memo-slug>.<ext>`.
//!
//! Why our own writer and no compression: the files tokens come as are already compressed (Office
//! documents and `.zip` folders are ZIP packages, `.sql.gz` is gzip, PNG is deflated, PDFs mostly
//! are) or small text (credentials, `.reg`, `.conf`), so deflate would save a few percent while a
//! compression crate would add tens of kilobytes to a bundle that is already over its budget.
//! STORE needs only the headers and a CRC-32: about a hundred lines. Limits, far beyond what a
//! browser tab holds in memory: 65,535 entries and 4 GiB (no ZIP64).
//!
//! Entries are dated with a fixed time (1980-01-01 by default, or the time passed to
//! [`ZipWriter::dated`]), flagged as UTF-8 names, given `rw-r--r--` permissions, and names are
//! made safe to extract (no absolute paths, no `..`, no characters Windows refuses) and unique
//! ignoring case.

use crate::kinds::find;
use std::fmt;

/// Builds an archive in memory.
#[derive(Clone, Debug)]
pub struct ZipWriter {
    out: Vec<u8>,
    central: Vec<u8>,
    /// Names in use, lower-cased (Windows and macOS extract case-insensitively).
    names: Vec<String>,
    dos_time: u16,
    dos_date: u16,
}

/// The archive would pass the limits of a ZIP without ZIP64.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ZipError {
    /// Over 4 GiB.
    TooLarge,
    /// Over 65,535 files.
    TooManyFiles,
}

impl fmt::Display for ZipError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::TooLarge => "The files add up to more than 4 GB: download them in parts.",
            Self::TooManyFiles => "More than 65,535 files: download them in parts.",
        })
    }
}

impl std::error::Error for ZipError {}

impl Default for ZipWriter {
    fn default() -> Self {
        Self::new()
    }
}

impl ZipWriter {
    /// An empty archive whose entries are dated 1980-01-01 00:00 (the earliest DOS date).
    pub fn new() -> Self {
        Self { out: Vec::new(), central: Vec::new(), names: Vec::new(), dos_time: 0, dos_date: 33 }
    }

    /// An empty archive whose entries are dated `epoch_secs` (UTC; DOS dates have no zone),
    /// clamped to the years DOS dates can hold (1980–2107).
    pub fn dated(epoch_secs: i64) -> Self {
        let (year, month, day, h, m, s) = crate::time::civil(epoch_secs);
        let mut zip = Self::new();
        if (1980..=2107).contains(&year) {
            zip.dos_date = ((year - 1980) as u16) << 9 | (month as u16) << 5 | day as u16;
            zip.dos_time = (h as u16) << 11 | (m as u16) << 5 | (s as u16 / 2);
        } else if year > 2107 {
            zip.dos_date = 127 << 9 | 12 << 5 | 31;
            zip.dos_time = 23 << 11 | 59 << 5 | 29;
        }
        zip
    }

    /// Files added so far.
    pub fn len(&self) -> usize {
        self.names.len()
    }

    pub fn is_empty(&self) -> bool {
        self.names.is_empty()
    }

    /// Adds a file under `name` (made safe and unique: a second `a.txt` becomes `a-2.txt`) and
    /// returns the name used.
    pub fn add(&mut self, name: &str, bytes: &[u8]) -> Result<String, ZipError> {
        if self.names.len() >= usize::from(u16::MAX) {
            return Err(ZipError::TooManyFiles);
        }
        let name = self.unique(&safe_name(name));
        let offset = self.out.len();
        let end = offset as u64 + 30 + name.len() as u64 + bytes.len() as u64;
        let central_end = self.central.len() as u64 + 46 + name.len() as u64;
        if end + central_end + 22 > u64::from(u32::MAX) {
            return Err(ZipError::TooLarge);
        }
        let crc = crc32(bytes);
        let size = bytes.len() as u32;
        let name_len = name.len() as u16;
        // Local file header.
        put32(&mut self.out, 0x0403_4b50);
        self.put_common(false, crc, size, name_len);
        self.out.extend_from_slice(name.as_bytes());
        self.out.extend_from_slice(bytes);
        // Its central directory record.
        put32(&mut self.central, 0x0201_4b50);
        put16(&mut self.central, 3 << 8 | 20); // made by: Unix, ZIP 2.0
        self.put_common(true, crc, size, name_len);
        put16(&mut self.central, 0); // comment length
        put16(&mut self.central, 0); // disk number
        put16(&mut self.central, 0); // internal attributes
        put32(&mut self.central, 0o100_644 << 16); // external: regular file, rw-r--r--
        put32(&mut self.central, offset as u32);
        self.central.extend_from_slice(name.as_bytes());
        self.names.push(name.to_lowercase());
        Ok(name)
    }

    /// The fields local headers and central records share, from "version needed" to "extra
    /// field length".
    fn put_common(&mut self, central: bool, crc: u32, size: u32, name_len: u16) {
        let buf = if central { &mut self.central } else { &mut self.out };
        put16(buf, 20); // version needed: 2.0
        put16(buf, 1 << 11); // flags: names are UTF-8
        put16(buf, 0); // method: stored
        put16(buf, self.dos_time);
        put16(buf, self.dos_date);
        put32(buf, crc);
        put32(buf, size); // compressed size
        put32(buf, size); // uncompressed size
        put16(buf, name_len);
        put16(buf, 0); // extra field length
    }

    /// The archive's bytes.
    pub fn finish(mut self) -> Vec<u8> {
        let entries = self.names.len() as u16;
        let central_offset = self.out.len() as u32;
        let central_size = self.central.len() as u32;
        self.out.append(&mut self.central);
        put32(&mut self.out, 0x0605_4b50);
        put16(&mut self.out, 0); // this disk
        put16(&mut self.out, 0); // disk with the central directory
        put16(&mut self.out, entries);
        put16(&mut self.out, entries);
        put32(&mut self.out, central_size);
        put32(&mut self.out, central_offset);
        put16(&mut self.out, 0); // comment length
        self.out
    }

    fn unique(&self, name: &str) -> String {
        let taken = |n: &str| self.names.contains(&n.to_lowercase());
        if !taken(name) {
            return name.to_owned();
        }
        let (dir, file) = name.rsplit_once('/').map_or(("", name), |(d, f)| (d, f));
        let (stem, ext) = match file.find('.') {
            Some(dot) if dot > 0 => file.split_at(dot),
            _ => (file, ""),
        };
        let dir = if dir.is_empty() { String::new() } else { format!("{dir}/") };
        (2..)
            .map(|n| format!("{dir}{stem}-{n}{ext}"))
            .find(|candidate| !taken(candidate))
            .expect("some number is free")
    }
}

fn put16(buf: &mut Vec<u8>, v: u16) {
    buf.extend_from_slice(&v.to_le_bytes());
}

fn put32(buf: &mut Vec<u8>, v: u32) {
    buf.extend_from_slice(&v.to_le_bytes());
}

/// A path safe to extract anywhere: `/` separators, no empty, `.` or `..` parts, no control
/// characters or characters Windows refuses, no trailing dots or spaces; never empty.
fn safe_name(name: &str) -> String {
    let parts: Vec<String> = name
        .split(['/', '\\'])
        .map(|part| {
            let clean: String = part
                .chars()
                .map(|c| match c {
                    '<' | '>' | ':' | '"' | '|' | '?' | '*' => '_',
                    c if c.is_control() => '_',
                    c => c,
                })
                .collect();
            clean.trim_end_matches(['.', ' ']).trim_start().to_owned()
        })
        .filter(|part| !part.is_empty())
        .collect();
    match parts.is_empty() {
        true => "file".to_owned(),
        false => parts.join("/"),
    }
}

/// CRC-32 (IEEE 802.3, as ZIP uses), table computed at compile time.
pub fn crc32(bytes: &[u8]) -> u32 {
    !bytes
        .iter()
        .fold(!0u32, |crc, &b| CRC_TABLE[((crc ^ u32::from(b)) & 0xff) as usize] ^ (crc >> 8))
}

const CRC_TABLE: [u32; 256] = {
    let mut table = [0u32; 256];
    let mut i = 0;
    while i < 256 {
        let mut c = i as u32;
        let mut k = 0;
        while k < 8 {
            c = if c & 1 != 0 { 0xEDB8_8320 ^ (c >> 1) } else { c >> 1 };
            k += 1;
        }
        table[i] = c;
        i += 1;
    }
    table
};

/// A memo as a file-name part: ASCII lower-case letters and digits, hyphens between words,
/// common accented Latin letters without their accents, at most 40 characters, never empty
/// (`token`).
pub fn slug(memo: &str) -> String {
    let mut out = String::new();
    let mut gap = false;
    for c in memo.chars() {
        let plain = match c {
            'a'..='z' | '0'..='9' => Some(c.to_string()),
            'A'..='Z' => Some(c.to_ascii_lowercase().to_string()),
            _ => unaccent(c.to_lowercase().next().unwrap_or(c)).map(str::to_owned),
        };
        match plain {
            Some(p) => {
                if gap && !out.is_empty() {
                    out.push('-');
                }
                gap = false;
                out.push_str(&p);
            }
            None => gap = true,
        }
        if out.len() >= 40 {
            break;
        }
    }
    out.truncate(40);
    let out = out.trim_end_matches('-');
    match out.is_empty() {
        true => "token".to_owned(),
        false => out.to_owned(),
    }
}

fn unaccent(c: char) -> Option<&'static str> {
    Some(match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ą' => "a",
        'ç' | 'ć' | 'č' => "c",
        'ď' | 'đ' | 'ð' => "d",
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ę' | 'ě' => "e",
        'ğ' => "g",
        'ì' | 'í' | 'î' | 'ï' | 'ī' | 'ı' => "i",
        'ł' => "l",
        'ñ' | 'ń' | 'ň' => "n",
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'ő' => "o",
        'ř' => "r",
        'ś' | 'š' | 'ş' => "s",
        'ť' | 'ţ' => "t",
        'ù' | 'ú' | 'û' | 'ü' | 'ū' | 'ů' | 'ű' => "u",
        'ý' | 'ÿ' => "y",
        'ź' | 'ż' | 'ž' => "z",
        'ß' => "ss",
        'æ' => "ae",
        'œ' => "oe",
        'þ' => "th",
        _ => return None,
    })
}

/// The archive name of row `row`'s file: `<row>-<memo-slug>.<ext>`.
pub fn entry_name(row: usize, memo: &str, ext: &str) -> String {
    format!("{row}-{}.{ext}", slug(memo))
}

/// The extension for a downloaded file of `kind`: the catalog's when the Console's file name
/// ends in it (keeping `sql.gz` whole), else the Console's own (a tokened `.dll` stays `.dll`),
/// else the catalog's, else `bin`.
pub fn download_ext(kind: &str, console_filename: &str) -> String {
    let catalog = find(kind).and_then(|k| k.download).map(|f| f.ext);
    let name = console_filename.to_ascii_lowercase();
    if let Some(ext) = catalog.filter(|ext| name.ends_with(&format!(".{ext}"))) {
        return ext.to_owned();
    }
    match name.rsplit_once('.') {
        Some((stem, ext))
            if !stem.is_empty()
                && (1..=5).contains(&ext.len())
                && ext.bytes().all(|b| b.is_ascii_alphanumeric()) =>
        {
            ext.to_owned()
        }
        _ => catalog.unwrap_or("bin").to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::{Cursor, Read};

    fn read_back(bytes: Vec<u8>) -> Vec<(String, Vec<u8>)> {
        let mut archive = ::zip::ZipArchive::new(Cursor::new(bytes)).expect("a valid archive");
        (0..archive.len())
            .map(|i| {
                let mut file = archive.by_index(i).unwrap();
                let mut data = Vec::new();
                file.read_to_end(&mut data).unwrap(); // checks the CRC at the end
                (file.name().unwrap().into_owned(), data)
            })
            .collect()
    }

    #[test]
    fn crc32_matches_the_standard_check_value() {
        assert_eq!(crc32(b"123456789"), 0xCBF4_3926);
        assert_eq!(crc32(b""), 0);
    }

    #[test]
    fn archives_read_back_with_names_and_bytes() {
        let mut zip = ZipWriter::new();
        let big: Vec<u8> = (0..200_000u32).map(|i| (i * 31 % 251) as u8).collect();
        assert_eq!(zip.add("1-hr-share.docx", b"PK\x03\x04docx").unwrap(), "1-hr-share.docx");
        assert_eq!(zip.add("2-laptop-café.txt", b"creds").unwrap(), "2-laptop-café.txt");
        assert_eq!(zip.add("3-big.bin", &big).unwrap(), "3-big.bin");
        assert_eq!(zip.add("4-empty.txt", b"").unwrap(), "4-empty.txt");
        assert_eq!(zip.len(), 4);
        let files = read_back(zip.finish());
        assert_eq!(
            files,
            [
                ("1-hr-share.docx".to_owned(), b"PK\x03\x04docx".to_vec()),
                ("2-laptop-café.txt".to_owned(), b"creds".to_vec()),
                ("3-big.bin".to_owned(), big),
                ("4-empty.txt".to_owned(), vec![]),
            ]
        );
    }

    #[test]
    fn an_empty_archive_is_valid() {
        let bytes = ZipWriter::new().finish();
        assert_eq!(bytes.len(), 22);
        assert!(read_back(bytes).is_empty());
    }

    #[test]
    fn names_are_made_unique_and_safe() {
        let mut zip = ZipWriter::new();
        let names: Vec<String> = [
            "a.sql.gz",
            "A.SQL.GZ",
            "a.sql.gz",
            "../../etc/passwd",
            "/abs\\win\\path.txt",
            "con:fig?.txt",
            "..",
            "",
            "dir/x.txt",
            "dir/x.txt",
            ".hidden",
            ".hidden",
        ]
        .iter()
        .map(|n| zip.add(n, b"x").unwrap())
        .collect();
        assert_eq!(
            names,
            [
                "a.sql.gz",
                "A-2.SQL.GZ",
                "a-3.sql.gz",
                "etc/passwd",
                "abs/win/path.txt",
                "con_fig_.txt",
                "file",
                "file-2",
                "dir/x.txt",
                "dir/x-2.txt",
                ".hidden",
                ".hidden-2",
            ]
        );
        let read: Vec<String> = read_back(zip.finish()).into_iter().map(|(n, _)| n).collect();
        assert_eq!(read, names);
    }

    #[test]
    fn entries_carry_the_fixed_date() {
        let dated = |zip: ZipWriter| {
            let mut zip = zip;
            zip.add("a", b"a").unwrap();
            let mut archive = ::zip::ZipArchive::new(Cursor::new(zip.finish())).unwrap();
            let t = archive.by_index(0).unwrap().last_modified().unwrap();
            (t.year(), t.month(), t.day(), t.hour(), t.minute(), t.second())
        };
        assert_eq!(dated(ZipWriter::new()), (1980, 1, 1, 0, 0, 0));
        // 2026-03-04T05:06:08Z
        assert_eq!(dated(ZipWriter::dated(1_772_600_768)), (2026, 3, 4, 5, 6, 8));
        assert_eq!(dated(ZipWriter::dated(0)), (1980, 1, 1, 0, 0, 0));
    }

    #[test]
    fn slugs_are_short_ascii_and_never_empty() {
        assert_eq!(slug("Laptop 003 — Finance (Desk #4)"), "laptop-003-finance-desk-4");
        assert_eq!(slug("  Café Müller / Straße  "), "cafe-muller-strasse");
        assert_eq!(slug("日本語"), "token");
        assert_eq!(slug(""), "token");
        assert_eq!(slug("---"), "token");
        let long = slug(&"word ".repeat(30));
        assert!(long.len() <= 40 && !long.ends_with('-'), "{long}");
        assert_eq!(slug(&"x".repeat(100)).len(), 40);
        assert_eq!(entry_name(7, "HR share: payroll", "docx"), "7-hr-share-payroll.docx");
    }

    #[test]
    fn extensions_follow_the_console_then_the_catalog() {
        assert_eq!(download_ext("mysql-dump", "prod-db-dump.sql.gz"), "sql.gz");
        assert_eq!(download_ext("signed-exe", "tool.DLL"), "dll");
        assert_eq!(download_ext("doc-msword", "abc.docx"), "docx");
        assert_eq!(download_ext("aws-id", "credentials"), "txt");
        assert_eq!(download_ext("aws-id", "aws-keys.txt"), "txt");
        assert_eq!(download_ext("new-kind", "x"), "bin");
        assert_eq!(download_ext("new-kind", "x.weird-extension"), "bin");
    }
}
