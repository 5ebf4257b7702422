//! The kind picker: the kinds this Console offers as radio buttons named `kind`, the recently
//! used ones first, then in groups by what the token is, each with its group's icon,
//! searchable by name and keyword. Once one is
//! chosen the list folds away to leave room for the form.
//!
//! Keyboard: typing in the search filters; Enter there chooses the first kind shown. In the
//! list the arrow keys move between kinds (the form below follows) without folding the list;
//! Enter or Space chooses.

use crate::kinds::Group;
use crate::ui::app::console_info::Offered;
use crate::ui::dom::{el, event_key, show, target_text};
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

/// The picker over the `offered` kinds, those in `recent` (newest first) first of all.
pub fn kind_picker(
    offered: Vec<Offered>,
    chosen: RwSignal<Option<Offered>>,
    recent: Vec<String>,
) -> Node {
    let picking = Picking {
        chosen,
        query: RwSignal::new(String::new()),
        folded: RwSignal::new(chosen.with_untracked(Option::is_some)),
        arrowing: StoredValue::new(false),
    };
    let Picking { query, folded, .. } = picking;
    let total = offered.len();
    // The order shown: the recent kinds, then each group's.
    let (mut first, rest): (Vec<Offered>, Vec<Offered>) =
        offered.into_iter().partition(|k| recent.contains(&k.id));
    crate::sort::sort_by_key(&mut first, |k| recent.iter().position(|r| *r == k.id));
    let sections: Vec<(Section, Vec<Offered>)> = std::iter::once((Section::Recent, first))
        .chain(Group::ALL.into_iter().map(|g| {
            (Section::Group(g), rest.iter().filter(|k| Group::of(&k.id) == g).cloned().collect())
        }))
        .filter(|(_, kinds)| !kinds.is_empty())
        .collect();
    let offered: Rc<Vec<Offered>> = Rc::new(sections.iter().flat_map(|(_, k)| k.clone()).collect());
    let shown = {
        let offered = offered.clone();
        move || query.with(|q| offered.iter().filter(|k| k.matches(q)).count())
    };
    // The first in the order shown: by group, then as offered.
    let first_shown = {
        let offered = offered.clone();
        move || query.with(|q| offered.iter().find(|k| k.matches(q)).cloned())
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
                    if event_key(&ev) == "Enter" {
                        ev.prevent_default();
                        if let Some(kind) = first_shown() {
                            picking.choose(kind);
                        }
                    }
                }),
        )
        .child(el("span").class("hint").text_with(move || format!("{} of {total}", count())));
    let none_match = move || shown() == 0 && !folded.get();
    let groups = sections.into_iter().map(|(section, kinds)| kind_group(section, kinds, picking));
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
        match event_key(ev).as_str() {
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

/// A part of the list: the recently used kinds, or a group's.
#[derive(Clone, Copy)]
enum Section {
    Recent,
    Group(Group),
}

impl Section {
    fn slug(self) -> &'static str {
        match self {
            Self::Recent => "recent",
            Self::Group(g) => g.slug(),
        }
    }

    fn label(self) -> &'static str {
        match self {
            Self::Recent => "Recently used",
            Self::Group(g) => g.label(),
        }
    }
}

/// A section's title and its kinds; hidden when none of them is shown.
fn kind_group(section: Section, kinds: Vec<Offered>, picking: Picking) -> Node {
    let title_id = format!("kind-group-{}", section.slug());
    let any_shown = {
        let kinds = kinds.clone();
        move || kinds.iter().any(|k| picking.shows(k))
    };
    let options = kinds.into_iter().map(|kind| {
        let group = Group::of(&kind.id);
        kind_option(kind, group, picking)
    });
    el("div")
        .class(&format!("kind-group group-{}", section.slug()))
        .attr("role", "group")
        .attr("aria-labelledby", &title_id)
        .flag_with("hidden", move || !any_shown())
        .child(el("p").class("kind-group-title").id(&title_id).text(section.label()))
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
