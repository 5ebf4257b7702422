//! Zip and gzip containers for the generated downloads.

use flate2::Compression;
use flate2::write::GzEncoder;
use std::io::{Cursor, Write};
use zip::write::SimpleFileOptions;

/// A zip of `(path, content)` entries; a path ending in `/` is a folder.
pub fn zip(entries: &[(&str, &[u8])]) -> Vec<u8> {
    let mut writer = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    for (path, content) in entries {
        // Writing to memory cannot fail.
        if path.ends_with('/') {
            writer.add_directory(*path, options).expect("zip folder");
        } else {
            writer.start_file(*path, options).expect("zip entry");
            writer.write_all(content).expect("zip entry");
        }
    }
    writer.finish().expect("zip archive").into_inner()
}

pub fn gzip(content: &[u8]) -> Vec<u8> {
    let mut encoder = GzEncoder::new(Vec::new(), Compression::default());
    encoder.write_all(content).expect("gzip to memory");
    encoder.finish().expect("gzip to memory")
}
