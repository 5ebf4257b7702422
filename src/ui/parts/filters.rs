//! The token filters, as the inventory and the export show them: text (memo or token id), kind,
//! state and flock, each control named after the search parameter it fills. Built with the DOM
//! layer ([`crate::ui::dom`]); [`adapters`] shows them inside the workbench's export screen.

use crate::inventory::{Filter, StateFilter};
use crate::ui::app::ConsoleData;
use crate::ui::dom::{El, el};
use crate::ui::parts::widgets::{button, options};
use leptos::prelude::*;
use wasm_bindgen::JsValue;
use web_sys::Node;

/// The controls that edit `filter`.
pub fn filter_bar(filter: RwSignal<Filter>) -> Node {
    let console = expect_context::<ConsoleData>();
    let text = el("input")
        .attr("type", "search")
        .attr("name", "search_string")
        .attr("aria-label", "Filter by memo or token ID")
        .attr("placeholder", "Filter by memo or token ID")
        .attr("autocomplete", "off")
        .prop_with("value", move || filter.with(|f| JsValue::from_str(&f.text)))
        .on_value("input", move |text| filter.update(|f| f.text = text));
    let kinds: Choices = Box::new(move || {
        let kinds = console.with(|i| i.map(|i| i.kinds.clone())).unwrap_or_default();
        kinds.into_iter().map(|k| (k.id, k.label)).collect()
    });
    let flocks: Choices = Box::new(move || console.flocks());
    let in_use = move || {
        filter.with(|f| {
            usize::from(f.kind.is_some())
                + usize::from(f.flock.is_some())
                + usize::from(f.state != StateFilter::All)
        })
    };
    let more = [
        listed_filter(filter, ("kind", "Kind", "All kinds"), kinds, |f| &mut f.kind),
        state_filter(filter),
        listed_filter(filter, ("flock_id", "Flock", "All flocks"), flocks, |f| &mut f.flock),
    ];
    folded("token-filters", text, more, in_use)
}

/// A screen's filters: the text filter on a line of its own and the `more` controls beside
/// it; at popup width these fold behind "Filters", which counts those in use. `class` names
/// the whole (and, with `-more`, the folded part, for `aria-controls`).
pub fn folded(
    class: &str,
    text: El,
    more: impl IntoIterator<Item = Node>,
    in_use: impl Fn() -> usize + Copy + 'static,
) -> Node {
    let open = RwSignal::new(false);
    let id = format!("{class}-more");
    let toggle = button("ghost filter-toggle", "")
        .attr("aria-controls", &id)
        .attr_with("aria-expanded", move || Some(open.get().to_string()))
        .on_click(move || open.update(|o| *o = !*o))
        .text_with(move || match in_use() {
            0 => "Filters".to_owned(),
            n => format!("Filters ({n})"),
        });
    let more = el("div")
        .class("filter-more")
        .id(&id)
        .class_when("open", move || open.get())
        .children(more);
    el("div")
        .class(&format!("filters {class}"))
        .attr("role", "search")
        .child(el("div").class("filter-line").child(text).child(toggle))
        .child(more)
        .into()
}

/// The (value, label) pairs of a list from the Console (tracked); empty until it arrives.
type Choices = Box<dyn Fn() -> Vec<(String, String)>>;

/// The words of a select: its name, its label and its first option (no filter).
type Words = (&'static str, &'static str, &'static str);

/// A select over one of the Console's lists (kinds, flocks), which may arrive after the screen:
/// its options follow `choices`, the filter's value in `slot` chosen.
fn listed_filter(
    filter: RwSignal<Filter>,
    (name, label, all): Words,
    choices: Choices,
    slot: fn(&mut Filter) -> &mut Option<String>,
) -> Node {
    el("select")
        .attr("name", name)
        .attr("aria-label", label)
        .on_value("change", move |value| {
            filter.update(|f| *slot(f) = Some(value).filter(|v| !v.is_empty()))
        })
        .child(el("option").attr("value", "").text(all))
        .dynamic(move || {
            let chosen = slot(&mut filter.get_untracked()).take().unwrap_or_default();
            Some(options(choices(), &chosen))
        })
        .into()
}

fn state_filter(filter: RwSignal<Filter>) -> Node {
    let states = [
        ("", "Enabled and disabled", StateFilter::All),
        ("true", "Enabled", StateFilter::Enabled),
        ("false", "Disabled", StateFilter::Disabled),
    ];
    el("select")
        .attr("name", "active")
        .attr("aria-label", "State")
        .on_value("change", move |value| {
            filter.update(|f| f.state = StateFilter::from_param(&value))
        })
        .children(states.map(|(value, label, state)| {
            el("option")
                .attr("value", value)
                .flag_with("selected", move || filter.with(|f| f.state == state))
                .text(label)
                .into()
        }))
        .into()
}

/// The filters as a component, for the workbench's export screen (still `view!`).
pub mod adapters {
    use super::*;
    use crate::ui::dom::embed;

    #[component]
    pub fn FilterBar(filter: RwSignal<Filter>) -> impl IntoView {
        embed(filter_bar(filter))
    }
}
