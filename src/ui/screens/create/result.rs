//! The created token: what to plant, and "Create another".

use crate::api::types::Token;
use crate::ui::app::console_info::Offered;
use crate::ui::dom::el;
use crate::ui::parts::planting::how_to_plant;
use crate::ui::parts::token_facts::token_facts;
use crate::ui::parts::widgets::button;
use web_sys::Node;

pub fn created(token: Token, kind: Offered, on_again: impl Fn() + 'static) -> Node {
    let facts = el("dl")
        .class("facts")
        .child(el("dt").text("Memo"))
        .child(el("dd").class("memo").text(token.memo()))
        .child(el("dt").text("Token ID"))
        .child(el("dd").child(el("code").text(token.id())));
    el("div")
        .class("created")
        .child(el("p").class("notice notice-status").attr("role", "status").text("Token created."))
        .child(el("h3").text(&kind.label))
        .child(facts)
        .child(token_facts(token, kind.clone()))
        .maybe(how_to_plant(&kind.id, true))
        .child(el("div").class("actions").child(button("", "Create another").on_click(on_again)))
        .into()
}
