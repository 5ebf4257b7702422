//! Less frequent work: deleting every token of a retired custom domain, Canarytoken factory
//! strings, and the legacy Apeeper factory.

mod apeeper;
mod domains;
mod factories;

use leptos::prelude::*;

#[component]
pub fn AdvancedScreen() -> impl IntoView {
    view! {
        <section class="screen" aria-labelledby="advanced-title">
            <h2 id="advanced-title">"Advanced"</h2>
            <domains::CleanUpDomains/>
            <factories::Factories/>
            <apeeper::ApeeperFactory/>
        </section>
    }
}
