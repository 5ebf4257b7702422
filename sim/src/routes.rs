//! Every `/api/v1` endpoint: its methods, what the caller needs, and its handler.

use crate::actions;
use crate::api::Call;
use crate::audit;
use crate::auth::Access::{self, *};
use crate::factories;
use crate::features;
use crate::flocks;
use crate::incidents::{self, Feed};
use crate::mail::{self, Provider::*};
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
    route(GET, "console/features", Anyone, features::fetch),
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
    route(POST, "canarytoken/gmail/users/list", Admin, |c, call| mail::users(Gmail, c, call)),
    route(POST, "canarytoken/gmail/create", Admin, |c, call| mail::create(Gmail, c, call)),
    route(POST, "canarytoken/gmail/email", Admin, |c, call| mail::save_template(Gmail, c, call)),
    route(GET, "canarytoken/gmail/email", Read, |c, call| mail::template(Gmail, c, call)),
    route(GET, "canarytoken/gmail/status", Read, |c, call| mail::status(Gmail, c, call)),
    route(POST, "canarytoken/office365/initiate", Admin, mail::initiate),
    route(POST, "canarytoken/office365/oauth/token", Admin, mail::oauth_token),
    route(POST, "canarytoken/office365/users/list", Admin, |c, call| {
        mail::users(Office365, c, call)
    }),
    route(POST, "canarytoken/office365/create", Admin, |c, call| mail::create(Office365, c, call)),
    route(POST, "canarytoken/office365/email", Admin, |c, call| {
        mail::save_template(Office365, c, call)
    }),
    route(GET, "canarytoken/office365/email", Read, |c, call| mail::template(Office365, c, call)),
    route(GET, "canarytoken/office365/status", Read, |c, call| mail::status(Office365, c, call)),
    route(GET, "flocks/list", Read, flocks::list),
    route(POST, "flock/move", Admin, flocks::move_node),
    route(GET, "settings/canarytokens/user_domains/list", Read, queries::user_domains),
    route(GET, "audit_trail/fetch", Audit, audit::fetch),
    route(GET, "incidents/all", Read, |c, call| incidents::feed(Feed::All, c, call)),
    route(GET, "incidents/unacknowledged", Read, |c, call| {
        incidents::feed(Feed::Unacknowledged, c, call)
    }),
    route(GET, "incidents/acknowledged", Read, |c, call| {
        incidents::feed(Feed::Acknowledged, c, call)
    }),
    route(GET, "incidents/search", Read, incidents::search),
    route(GET, "incident/fetch", Read, incidents::fetch),
    route(POST, "incident/acknowledge", Alerts, incidents::acknowledge),
    route(POST, "incident/unacknowledge", Alerts, incidents::unacknowledge),
    route(DELETE, "incident/delete", Alerts, incidents::delete),
    route(POST, "incidents/acknowledge", Alerts, incidents::bulk_acknowledge),
    route(POST, "incidents/unacknowledge", Alerts, incidents::bulk_unacknowledge),
    route(DELETE, "incidents/delete", Alerts, incidents::bulk_delete),
];

/// The route for this path and method; else any route for the path, which then answers 405.
pub fn find(path: &str, method: &Method) -> Option<&'static Route> {
    let path = path.trim_end_matches('/');
    let mut same_path = ROUTES.iter().filter(|r| r.path == path);
    let first = same_path.clone().next();
    same_path.find(|r| r.methods.contains(method)).or(first)
}
