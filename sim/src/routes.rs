//! Every `/api/v1` endpoint: its methods, what the caller needs, and its handler.

use crate::actions;
use crate::api::Call;
use crate::auth::Access::{self, *};
use crate::factories;
use crate::incidents;
use crate::queries;
use crate::reply::Outcome;
use crate::state::Console;
use axum::http::Method;

pub struct Route {
    pub methods: &'static [Method],
    pub path: &'static str,
    pub access: Access,
    pub handler: fn(&mut Console, &Call) -> Outcome,
}

const GET: &[Method] = &[Method::GET];
const POST: &[Method] = &[Method::POST];
/// Documented as DELETE; the Python client POSTs to such endpoints (reference §11 #5).
const DELETE: &[Method] = &[Method::DELETE, Method::POST];

const fn route(
    methods: &'static [Method],
    path: &'static str,
    access: Access,
    handler: fn(&mut Console, &Call) -> Outcome,
) -> Route {
    Route { methods, path, access, handler }
}

pub const ROUTES: &[Route] = &[
    route(GET, "ping", Anyone, queries::ping),
    route(GET, "canarytokens/list", Anyone, queries::kinds),
    route(GET, "canarytokens/factory/list", Anyone, queries::factory_kinds),
    route(GET, "canarytokens/fetch", Read, queries::fetch_all),
    route(GET, "canarytokens/paginate", Read, queries::paginate),
    route(GET, "canarytokens/search", Read, queries::search),
    route(POST, "canarytokens/delete", Admin, actions::delete_by_domains),
    route(POST, "canarytoken/create", Deploy, actions::create),
    route(GET, "canarytoken/fetch", Read, queries::fetch),
    route(POST, "canarytoken/update", Admin, actions::update_memo),
    route(POST, "canarytoken/update/redirect_url", Admin, actions::update_redirect),
    route(POST, "canarytoken/remove/redirect_url", Admin, actions::remove_redirect),
    route(POST, "canarytoken/enable", Admin, actions::enable),
    route(POST, "canarytoken/disable", Admin, actions::disable),
    route(POST, "canarytoken/delete", Admin, actions::delete),
    route(GET, "canarytoken/download", Deploy, actions::download),
    route(POST, "canarytoken/remove/s3", Admin, actions::remove_s3),
    route(POST, "apeeperfactory/delete", Admin, factories::delete_apeeper),
    route(POST, "canarytoken/create_factory", Admin, factories::create_factory),
    route(GET, "canarytoken/list_factories", Admin, factories::list_factories),
    route(DELETE, "canarytoken/delete_factory", Admin, factories::delete_factory),
    route(POST, "canarytoken/factory/create", Factory, actions::create),
    // The path before Nov 2020, still used by older clients.
    route(POST, "canarytoken/factory", Factory, actions::create),
    route(GET, "canarytoken/factory/download", Factory, actions::download),
    route(GET, "flocks/list", Read, queries::flocks),
    route(GET, "settings/canarytokens/user_domains/list", Read, queries::user_domains),
    route(GET, "incidents/search", Read, incidents::search),
    route(POST, "incident/acknowledge", Acknowledge, incidents::acknowledge),
];

pub fn find(path: &str) -> Option<&'static Route> {
    let path = path.trim_end_matches('/');
    ROUTES.iter().find(|r| r.path == path)
}
