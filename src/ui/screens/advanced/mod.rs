//! Less frequent work: deleting every token of a retired custom domain, Canarytoken factory
//! strings, and the legacy Apeeper factory.

mod apeeper;
mod domains;
mod factories;

use crate::ui::app::ConsoleData;
use leptos::prelude::*;

#[component]
pub fn AdvancedScreen() -> impl IntoView {
    view! {
        <section class="screen" aria-labelledby="advanced-title">
            <h2 id="advanced-title">"Advanced"</h2>
            <domains::CleanUpDomains/>
            <Offered flag="tokenfactory" title="Canarytoken factories" what="Canarytoken factory strings">
                <factories::FactoryStrings/>
            </Offered>
            <Offered flag="apeeper_token" title="Apeeper factory (legacy)" what="Apeeper tokens">
                <apeeper::ApeeperFactory/>
            </Offered>
        </section>
    }
}

/// `children` where this Console offers `flag` (one that cannot tell offers everything);
/// elsewhere a panel titled `title` says it does not offer `what`, and nothing is asked of it.
#[component]
fn Offered(
    flag: &'static str,
    title: &'static str,
    what: &'static str,
    children: ChildrenFn,
) -> impl IntoView {
    let console = expect_context::<ConsoleData>();
    let offered = move || console.with(|i| i.is_none_or(|i| i.features.has(flag)));
    let not_offered = move || {
        view! {
            <section class="panel">
                <h3>{title}</h3>
                <p class="empty">"This Console does not offer " {what} "."</p>
            </section>
        }
    };
    view! { <Show when=offered fallback=not_offered>{children()}</Show> }
}
