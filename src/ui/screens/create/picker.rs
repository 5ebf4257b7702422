//! The kind picker: the kinds this Console offers as radio buttons named `kind`, searchable by
//! name and keyword; once one is chosen the list folds away to leave room for the form.

use crate::ui::app::console_info::Offered;
use crate::ui::dom::{el, show};
use crate::ui::parts::widgets::button;
use leptos::prelude::*;
use std::rc::Rc;
use wasm_bindgen::JsValue;
use web_sys::Node;

pub fn kind_picker(offered: Vec<Offered>, chosen: RwSignal<Option<Offered>>) -> Node {
    let query = RwSignal::new(String::new());
    let folded = move || chosen.with(Option::is_some);
    let total = offered.len();
    let options: Vec<Node> =
        offered.iter().map(|kind| kind_option(kind.clone(), chosen, query)).collect();
    let offered = Rc::new(offered);
    let shown_count = move || query.with(|q| offered.iter().filter(|k| k.matches(q)).count());
    let count = shown_count.clone();
    let search = el("div")
        .class("picker-search")
        .flag_with("hidden", folded)
        .child(
            el("input")
                .attr("type", "search")
                .attr("name", "find_kind")
                .attr("aria-label", "Search kinds")
                .attr("placeholder", "Search: word, excel, aws, qr…")
                .attr("autocomplete", "off")
                .bind_value(query),
        )
        .child(el("span").class("hint").text_with(move || format!("{} of {total}", count())));
    let none_match = move || shown_count() == 0 && !folded();
    el("fieldset")
        .class("picker")
        .child(el("legend").text("Kind of token"))
        .child(search)
        .child(el("div").class("kind-list").children(options))
        .child(show(none_match, || {
            el("p").class("empty").text("No kind matches. Try another word.").into()
        }))
        .child(show(folded, move || {
            button("link", "Change kind").on_click(move || chosen.set(None)).into()
        }))
        .into()
}

/// One kind as a radio button: hidden when the search leaves it out, or once another is chosen.
fn kind_option(kind: Offered, chosen: RwSignal<Option<Offered>>, query: RwSignal<String>) -> Node {
    let id = kind.id.clone();
    let is_chosen = move || chosen.with(|c| c.as_ref().is_some_and(|c| c.id == id));
    let hidden = {
        let (kind, is_chosen) = (kind.clone(), is_chosen.clone());
        move || {
            if chosen.with(Option::is_some) {
                !is_chosen()
            } else {
                !query.with(|q| kind.matches(q))
            }
        }
    };
    let text = el("span")
        .class("kind-text")
        .child(el("span").class("kind-label").text(&kind.label))
        .child(el("span").class("kind-place").text(kind.place()));
    let input = el("input")
        .attr("type", "radio")
        .attr("name", "kind")
        .attr("value", &kind.id)
        .prop_with("checked", move || JsValue::from_bool(is_chosen()))
        .on("change", move |_| chosen.set(Some(kind.clone())));
    el("label").class("kind-option").flag_with("hidden", hidden).child(input).child(text).into()
}
