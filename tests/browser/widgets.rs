//! The pieces every screen uses, in the DOM layer: a destructive action's question, and the
//! DOM layer's own promises (text stays text, regions rebuild and clean up).

use crate::support::mount;
use canarytoken_manager::ui::dom::{el, text_with};
use canarytoken_manager::ui::parts::widgets::Confirm;
use leptos::prelude::*;
use std::cell::Cell;
use std::rc::Rc;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::wasm_bindgen_test;
use web_sys::{HtmlElement, KeyboardEvent, KeyboardEventInit};

fn focused_text() -> String {
    let active = web_sys::window().unwrap().document().unwrap().active_element();
    active.and_then(|e| e.text_content()).unwrap_or_default()
}

async fn next_frame() {
    crate::support::wait_ms(50).await;
}

#[wasm_bindgen_test]
async fn a_question_takes_focus_and_esc_closes_it_without_confirming() {
    let confirmed = Rc::new(Cell::new(0));
    let count = confirmed.clone();
    let page = mount(move || {
        let question = || el("p").text("Delete this token?").into();
        Confirm::new("Delete", "Confirm delete").build(
            || false,
            || false,
            move || count.set(count.get() + 1),
            question,
        )
    });
    assert!(page.find(".confirm").is_none(), "closed at first");
    page.click("Delete");
    page.until("the question opens", |p| p.find(".confirm").is_some()).await;
    assert_eq!(page.text(".confirm p"), "Delete this token?");
    next_frame().await;
    assert_eq!(focused_text(), "Cancel", "focus goes to the way out, not to the action");

    let init = KeyboardEventInit::new();
    init.set_key("Escape");
    init.set_bubbles(true);
    init.set_cancelable(true);
    let escape = KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).unwrap();
    page.button("Cancel").dispatch_event(&escape).unwrap();
    assert!(escape.default_prevented(), "the popup does not close on this Esc");
    page.until("the question closes", |p| p.find(".confirm").is_none()).await;
    next_frame().await;
    assert_eq!(focused_text(), "Delete", "focus returns to the button that asked");
    assert_eq!(confirmed.get(), 0);

    page.click("Delete");
    page.until("open again", |p| p.find(".confirm").is_some()).await;
    page.click("Confirm delete");
    assert_eq!(confirmed.get(), 1);
}

#[wasm_bindgen_test]
async fn console_text_stays_text_and_regions_rebuild_in_place() {
    let memo = RwSignal::new("<img src=x onerror=alert(1)>".to_owned());
    let shown = RwSignal::new(true);
    let page = mount(move || {
        el("div")
            .class("box")
            .child(text_with(move || memo.get()))
            .dynamic(move || shown.get().then(|| el("b").class("inner").text(&memo.get()).into()))
            .text("end")
            .into()
    });
    let root: HtmlElement = page.get(".box").unchecked_into();
    assert!(page.find("img").is_none(), "markup from the Console never becomes elements");
    assert_eq!(
        root.text_content().unwrap(),
        "<img src=x onerror=alert(1)><img src=x onerror=alert(1)>end"
    );
    memo.set("Lobby poster".into());
    page.until("both follow the memo", |p| p.text(".box") == "Lobby posterLobby posterend").await;
    shown.set(false);
    page.until("the region empties", |p| p.find(".inner").is_none()).await;
    assert_eq!(page.text(".box"), "Lobby posterend", "what follows the region stays in place");
    shown.set(true);
    page.until("and comes back where it was", |p| p.text(".box") == "Lobby posterLobby posterend")
        .await;
}

#[wasm_bindgen_test]
async fn a_tasks_outcome_takes_focus_its_error_or_its_result() {
    use canarytoken_manager::ui::parts::task::{Failure, Task};
    let task = Task::new();
    let page = mount(move || {
        el("div")
            .child(el("button").attr("type", "button").text("Save"))
            .child(task.notices())
            .into()
    });
    let save: HtmlElement = page.get("button").unchecked_into();
    save.focus().unwrap();
    task.run("Saving…", async { Err(Failure("The Console refused it.".into())) });
    page.until("the failure shows", |p| p.text("[role=alert]") == "The Console refused it.").await;
    next_frame().await;
    assert_eq!(focused_text(), "The Console refused it.");
    task.run("Saving…", async { Ok("Memo saved.".to_owned()) });
    page.until("the result shows", |p| p.text("[role=status]") == "Memo saved.").await;
    next_frame().await;
    assert_eq!(focused_text(), "Memo saved.");
}
