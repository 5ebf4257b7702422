//! The workbench page's wasm (`workbench.html`).

fn main() {
    canarytoken_manager::ui::workbench::SPEC.start();
}
