//! "How to plant it": the kind's steps from the catalog, as text.

use crate::kinds::planting;
use crate::ui::dom::el;
use web_sys::Node;

/// The steps for kind `id`, open (after creating) or folded (on the token's screen); `None`
/// for a kind without any.
pub fn how_to_plant(id: &str, open: bool) -> Option<Node> {
    let steps = planting::steps(id);
    if steps.is_empty() {
        return None;
    }
    let list = el("ol").children(steps.iter().map(|step| el("li").text(step).into()));
    let details = el("details").class("panel plant").flag("open", open);
    Some(details.child(el("summary").text("How to plant it")).child(list).into())
}
