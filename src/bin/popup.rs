//! The popup page's wasm (`index.html`).

fn main() {
    canarytoken_manager::ui::popup::SPEC.start();
}
