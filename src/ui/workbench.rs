//! The workbench page (`workbench.html`): long or rare work, in a tab of its own so that a bulk
//! run survives the popup closing (and a mail provider's sign-in tab closes nothing). Its wasm
//! holds only these screens; connecting is done on the popup page.

use super::app::{AppContext, Page, PageSpec, Screen};
use super::dom::from_view;
use super::screens::bulk::{BulkJob, BulkScreen};
use super::screens::{
    advanced::AdvancedScreen, alert_export::AlertExportScreen, export::ExportScreen,
    mail::MailScreen,
};
use crate::api::incidents::AlertFilter;
use leptos::prelude::*;

pub const SPEC: PageSpec = PageSpec { page: Page::Workbench, setup, screen };

/// The bulk job belongs to the page rather than its screen, so that a run keeps going while
/// the user looks at another screen; a locked app sends nothing until unlocked and resumed.
fn setup(ctx: AppContext) {
    let bulk = BulkJob::provide();
    Effect::new(move |_| {
        if ctx.locked.get() {
            bulk.pause();
        }
    });
}

fn screen(screen: Screen) -> web_sys::Node {
    // These screens are still `view!`s (the DOM layer has reached the popup's only).
    from_view(match screen {
        Screen::Bulk => view! { <BulkScreen/> }.into_any(),
        Screen::Export(filter) => view! { <ExportScreen filter/> }.into_any(),
        Screen::AlertExport(query) => {
            view! { <AlertExportScreen filter=AlertFilter::from_query(&query)/> }.into_any()
        }
        Screen::Advanced => view! { <AdvancedScreen/> }.into_any(),
        Screen::Mail(provider) => view! { <MailScreen provider/> }.into_any(),
        // The frame sends the other page's screens to that page.
        _ => ().into_any(),
    })
}
