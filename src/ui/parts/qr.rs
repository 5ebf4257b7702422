//! QR codes drawn as one SVG path from the modules the `qrcode` crate computes. The path is
//! built from numbers only, so no text from the Console ever becomes markup.

use crate::ui::dom::svg;
use qrcode::{Color, QrCode};
use std::fmt::Write;
use web_sys::Node;

/// Modules around the code that scanners need.
const QUIET_ZONE: usize = 4;

/// The side length in modules (quiet zone included) and the path of the dark modules.
pub fn qr_path(text: &str) -> Option<(usize, String)> {
    let code = QrCode::new(text.as_bytes()).ok()?;
    let width = code.width();
    let colors = code.to_colors();
    let mut path = String::new();
    for (y, row) in colors.chunks(width).enumerate() {
        let mut x = 0;
        while x < width {
            if row[x] == Color::Dark {
                let run = row[x..].iter().take_while(|c| **c == Color::Dark).count();
                let _ = write!(path, "M{} {}h{run}v1h-{run}z", x + QUIET_ZONE, y + QUIET_ZONE);
                x += run;
            } else {
                x += 1;
            }
        }
    }
    Some((width + 2 * QUIET_ZONE, path))
}

/// A QR code of `text`, labelled for assistive technology (nothing when `text` is too long to
/// encode).
pub fn qr_code(text: &str, label: &str) -> Option<Node> {
    let (size, path) = qr_path(text)?;
    let code = svg("svg")
        .class("qr")
        .attr("role", "img")
        .attr("aria-label", label)
        .attr("viewBox", &format!("0 0 {size} {size}"))
        .attr("shape-rendering", "crispEdges")
        .child(svg("rect").attr("width", "100%").attr("height", "100%").attr("fill", "#fff"))
        .child(svg("path").attr("d", &path).attr("fill", "#000"));
    Some(code.into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_cover_the_code_with_a_quiet_zone() {
        let (size, path) = qr_path("http://canarytokens.com/about/abc/index.html").unwrap();
        let code = QrCode::new(b"http://canarytokens.com/about/abc/index.html").unwrap();
        assert_eq!(size, code.width() + 8);
        let dark: usize = code.to_colors().iter().filter(|c| **c == Color::Dark).count();
        let drawn: usize = path
            .split('z')
            .filter(|s| !s.is_empty())
            .map(|s| {
                s.split('h').nth(1).unwrap().split('v').next().unwrap().parse::<usize>().unwrap()
            })
            .sum();
        assert_eq!(drawn, dark, "every dark module drawn once");
        assert!(
            path.starts_with("M4 4h7v1h-7z"),
            "finder pattern at the quiet-zone corner: {}",
            &path[..20]
        );
        assert!(path.chars().all(|c| c.is_ascii_digit() || "Mhvz -".contains(c)));
    }
}
