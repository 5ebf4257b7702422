//! The rooms of `src/ui` only look down: no screen uses another screen, the shared rooms use no
//! screen, and the popup page's code has no `view!` (the DOM layer builds it; see
//! `src/ui/dom.rs` for why).

use std::fs;
use std::path::{Path, PathBuf};

fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files.extend(rust_files(&path));
        } else if path.extension().is_some_and(|e| e == "rs") {
            files.push(path);
        }
    }
    files.sort();
    files
}

fn ui(part: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src/ui").join(part)
}

/// The screen a file of `src/ui/screens` belongs to: its directory or its file stem.
fn screen_of(file: &Path) -> String {
    let inside = file.strip_prefix(ui("screens")).unwrap();
    let first = inside.components().next().unwrap().as_os_str().to_string_lossy();
    first.trim_end_matches(".rs").to_owned()
}

/// The screens a file names in a path (`screens::token`, `crate::ui::screens::bulk::..`).
fn screens_named(source: &str) -> Vec<String> {
    source
        .match_indices("screens::")
        .map(|(at, found)| {
            let rest = &source[at + found.len()..];
            rest.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect()
        })
        .filter(|name: &String| !name.is_empty())
        .collect()
}

#[test]
fn no_screen_uses_another_screen() {
    let mut crossings = Vec::new();
    for file in rust_files(&ui("screens")) {
        if file == ui("screens/mod.rs") {
            continue;
        }
        let source = fs::read_to_string(&file).unwrap();
        let own = screen_of(&file);
        // `super::` from a screen's own submodule stays inside it; from a one-file screen it
        // would reach the other screens.
        let one_file = file.parent() == Some(ui("screens").as_path());
        let reaches_siblings = one_file && source.contains("super::");
        for other in screens_named(&source).into_iter().filter(|s| *s != own) {
            crossings.push(format!("{} uses screens::{other}", file.display()));
        }
        if reaches_siblings {
            crossings.push(format!("{} uses super:: (the other screens)", file.display()));
        }
    }
    assert!(crossings.is_empty(), "{crossings:#?}");
}

#[test]
fn the_shared_rooms_use_no_screen() {
    let shared = [ui("app"), ui("parts")].iter().flat_map(|d| rust_files(d)).collect::<Vec<_>>();
    let users: Vec<_> = shared
        .iter()
        .filter(|f| !screens_named(&fs::read_to_string(f).unwrap()).is_empty())
        .map(|f| f.display().to_string())
        .collect();
    assert!(users.is_empty(), "{users:#?}");
}

#[test]
fn the_popup_page_has_no_view_macro() {
    let popup_screens = ["connect", "create", "inventory", "token", "alerts"];
    let mut files: Vec<PathBuf> =
        popup_screens.iter().flat_map(|s| rust_files(&ui(&format!("screens/{s}")))).collect();
    files.extend([ui("app"), ui("parts")].iter().flat_map(|d| rust_files(d)));
    files.push(ui("popup.rs"));
    let with_views: Vec<_> = files
        .iter()
        .filter(|f| {
            let source = fs::read_to_string(f).unwrap();
            // Adapters show these parts inside the workbench's `view!` screens.
            let popup_code = source.split("pub mod adapters").next().unwrap_or_default();
            popup_code.contains("view! {") || popup_code.contains("#[component]")
        })
        .map(|f| f.display().to_string())
        .collect();
    assert!(with_views.is_empty(), "still `view!` on the popup page: {with_views:#?}");
}
