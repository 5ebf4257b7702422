//! The kind picker: the kinds this Console offers as radio buttons named `kind`, in groups by
//! what the token is, each with its group's icon, searchable by name and keyword. Once one is
//! chosen the list folds away to leave room for the form.
//!
//! Keyboard: typing in the search filters; Enter there chooses the first kind shown. In the
//! list the arrow keys move between kinds (the form below follows) without folding the list;
//! Enter or Space chooses.

use crate::kinds::Group;
use crate::ui::app::console_info::Offered;
use crate::ui::dom::{el, show, target_text};
use crate::ui::parts::widgets::button;
use leptos::prelude::*;
use std::rc::Rc;
use wasm_bindgen::JsValue;
use web_sys::{Event, Node};

#[derive(Clone, Copy)]
struct Picking {
    chosen: RwSignal<Option<Offered>>,
    query: RwSignal<String>,
    /// The list is folded to the chosen kind.
    folded: RwSignal<bool>,
    /// The last change came from an arrow key: show that kind, keep the list open.
    arrowing: StoredValue<bool>,
}

pub fn kind_picker(offered: Vec<Offered>, chosen: RwSignal<Option<Offered>>) -> Node {
    let picking = Picking {
        chosen,
        query: RwSignal::new(String::new()),
        folded: RwSignal::new(chosen.with_untracked(Option::is_some)),
        arrowing: StoredValue::new(false),
    };
    let Picking { query, folded, .. } = picking;
    let total = offered.len();
    let offered = Rc::new(offered);
    let shown = {
        let offered = offered.clone();
        move || query.with(|q| offered.iter().filter(|k| k.matches(q)).count())
    };
    // The first in the order shown: by group, then as offered.
    let first_shown = {
        let offered = offered.clone();
        move || {
            query.with(|q| {
                let shown = |g| offered.iter().find(|k| Group::of(&k.id) == g && k.matches(q));
                Group::ALL.into_iter().find_map(shown).cloned()
            })
        }
    };
    let count = shown.clone();
    let search = el("div")
        .class("picker-search")
        .flag_with("hidden", move || folded.get())
        .child(
            el("input")
                .attr("type", "search")
                .attr("name", "find_kind")
                .attr("aria-label", "Search kinds")
                .attr("placeholder", "Search: word, excel, aws, qr…")
                .attr("autocomplete", "off")
                .bind_value(query)
                .on("keydown", move |ev| {
                    if key(&ev) == "Enter" {
                        ev.prevent_default();
                        if let Some(kind) = first_shown() {
                            picking.choose(kind);
                        }
                    }
                }),
        )
        .child(el("span").class("hint").text_with(move || format!("{} of {total}", count())));
    let none_match = move || shown() == 0 && !folded.get();
    let groups = Group::ALL.into_iter().filter_map(|group| {
        let kinds: Vec<Offered> =
            offered.iter().filter(|k| Group::of(&k.id) == group).cloned().collect();
        (!kinds.is_empty()).then(|| kind_group(group, kinds, picking))
    });
    el("fieldset")
        .class("picker")
        .child(el("legend").text("Kind of token"))
        .child(search)
        .child(
            el("div")
                .class("kind-list")
                .on("keydown", move |ev| picking.key_in_list(&ev))
                .children(groups),
        )
        .child(show(none_match, || {
            el("p").class("empty").text("No kind matches. Try another word.").into()
        }))
        .child(show(
            move || folded.get(),
            move || button("link", "Change kind").on_click(move || picking.unfold()).into(),
        ))
        .into()
}

impl Picking {
    fn choose(self, kind: Offered) {
        self.chosen.set(Some(kind));
        self.folded.set(true);
    }

    fn unfold(self) {
        self.folded.set(false);
        self.chosen.set(None);
    }

    /// A radio button changed: by an arrow key it only shows that kind, otherwise it chooses.
    fn changed(self, kind: Offered) {
        let by_arrow = self.arrowing.get_value();
        self.arrowing.set_value(false);
        match by_arrow {
            true => self.chosen.set(Some(kind)),
            false => self.choose(kind),
        }
    }

    fn key_in_list(self, ev: &Event) {
        match key(ev).as_str() {
            "ArrowUp" | "ArrowDown" | "ArrowLeft" | "ArrowRight" => self.arrowing.set_value(true),
            "Enter" => {
                ev.prevent_default();
                if let Some(kind) = self.chosen.get_untracked() {
                    self.choose(kind);
                }
            }
            _ => {}
        }
    }

    /// Shown: the chosen kind once folded, else what the search lets through.
    fn shows(self, kind: &Offered) -> bool {
        match self.folded.get() {
            true => self.chosen.with(|c| c.as_ref().is_some_and(|c| c.id == kind.id)),
            false => self.query.with(|q| kind.matches(q)),
        }
    }
}

fn key(ev: &Event) -> String {
    js_sys::Reflect::get(ev, &JsValue::from_str("key"))
        .ok()
        .and_then(|k| k.as_string())
        .unwrap_or_default()
}

/// A group's title and its kinds; hidden when none of them is shown.
fn kind_group(group: Group, kinds: Vec<Offered>, picking: Picking) -> Node {
    let title_id = format!("kind-group-{}", group.slug());
    let any_shown = {
        let kinds = kinds.clone();
        move || kinds.iter().any(|k| picking.shows(k))
    };
    let options = kinds.into_iter().map(|kind| kind_option(kind, group, picking));
    el("div")
        .class(&format!("kind-group group-{}", group.slug()))
        .attr("role", "group")
        .attr("aria-labelledby", &title_id)
        .flag_with("hidden", move || !any_shown())
        .child(el("p").class("kind-group-title").id(&title_id).text(group.label()))
        .children(options)
        .into()
}

/// One kind as a radio button, with its group's icon.
fn kind_option(kind: Offered, group: Group, picking: Picking) -> Node {
    let id = kind.id.clone();
    let is_chosen = move || picking.chosen.with(|c| c.as_ref().is_some_and(|c| c.id == id));
    let hidden = {
        let kind = kind.clone();
        move || !picking.shows(&kind)
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
        .on("change", move |ev| {
            if target_text(&ev, "value") == kind.id {
                picking.changed(kind.clone());
            }
        });
    let icon =
        el("span").class(&format!("kind-icon icon-{}", group.slug())).attr("aria-hidden", "true");
    el("label")
        .class("kind-option")
        .flag_with("hidden", hidden)
        .child(input)
        .child(icon)
        .child(text)
        .into()
}
