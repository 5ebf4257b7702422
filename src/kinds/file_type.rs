//! The files kinds generate: extension, content type, and what to call them.

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FileType {
    pub ext: &'static str,
    pub mime: &'static str,
    /// Words for the Download button's neighbourhood: "Word document".
    pub description: &'static str,
}

impl FileType {
    pub const DOCX: Self = Self::new(
        "docx",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "Word document",
    );
    pub const XLSX: Self = Self::new(
        "xlsx",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "Excel workbook",
    );
    pub const DOCM: Self = Self::new(
        "docm",
        "application/vnd.ms-word.document.macroEnabled.12",
        "macro-enabled Word document",
    );
    pub const XLSM: Self = Self::new(
        "xlsm",
        "application/vnd.ms-excel.sheet.macroEnabled.12",
        "macro-enabled Excel workbook",
    );
    pub const PDF: Self = Self::new("pdf", "application/pdf", "PDF document");
    pub const ZIP: Self = Self::new("zip", "application/zip", "ZIP archive");
    pub const PNG: Self = Self::new("png", "image/png", "PNG image");
    pub const REG: Self = Self::new("reg", "text/plain", "Windows registry file");
    pub const CONF: Self = Self::new("conf", "text/plain", "WireGuard configuration");
    pub const SQL_GZ: Self = Self::new("sql.gz", "application/gzip", "gzipped SQL dump");
    pub const TXT: Self = Self::new("txt", "text/plain", "text file");
    pub const EXE: Self =
        Self::new("exe", "application/vnd.microsoft.portable-executable", "tokened executable");
    pub const SCRIPT: Self = Self::new("sh", "text/plain", "setup script");

    const fn new(ext: &'static str, mime: &'static str, description: &'static str) -> Self {
        Self { ext, mime, description }
    }
}
