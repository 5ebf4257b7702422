//! One function per Console endpoint (reference §4), each returning a [`Call`]: the request as
//! data and the type its answer decodes into. Nothing else in the app builds a path or a
//! parameter list.

use super::incidents::{AlertFilter, IncidentPage};
use super::request::{ApiRequest, Attachment};
use super::response::Call;
use super::types::{
    Ack, BulkDeleted, Created, Download, Factories, FactoryCreated, Flocks, KindList, TokenAnswer,
    TokenList, TokenPage, UserDomains,
};

fn flag(on: bool) -> &'static str {
    if on { "true" } else { "false" }
}

/// `GET /ping`: checks the URL and the key.
pub fn ping() -> Call<Ack> {
    Call::json(ApiRequest::get("/ping"))
}

/// `GET /canarytokens/list`: the kinds this Console offers, id → label.
pub fn list_kinds() -> Call<KindList> {
    Call::json(ApiRequest::get("/canarytokens/list"))
}

/// `GET /canarytokens/fetch`: every token at once. The Console warns this is heavy on large
/// Consoles; the inventory pages with [`search`] instead.
pub fn fetch_all(flock_id: Option<&str>, include_endpoints: bool) -> Call<TokenList> {
    Call::json(
        ApiRequest::get("/canarytokens/fetch")
            .opt_param("flock_id", flock_id)
            .opt_param("include_endpoints", include_endpoints.then_some("true")),
    )
}

/// Filters and position for [`paginate`] and [`search`].
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TokenQuery {
    pub flock_id: Option<String>,
    /// Word-prefix match on token id and memo (search only).
    pub search_string: Option<String>,
    pub kind: Option<String>,
    /// `Some(true)` enabled only, `Some(false)` disabled only.
    pub active: Option<bool>,
    pub limit: Option<u32>,
    pub cursor: Option<String>,
}

/// `GET /canarytokens/paginate`: all tokens, a page at a time.
pub fn paginate(query: &TokenQuery) -> Call<TokenPage> {
    Call::json(
        ApiRequest::get("/canarytokens/paginate")
            .opt_param("flock_id", query.flock_id.clone())
            .opt_param("limit", query.limit.map(|l| l.to_string()))
            .opt_param("cursor", query.cursor.clone()),
    )
}

/// `GET /canarytokens/search`: tokens matching the filters, a page at a time, with unacknowledged
/// alert counts. Filters are sent with the cursor too, so that the Console continues the same
/// query whether or not its cursor remembers them.
pub fn search(query: &TokenQuery) -> Call<TokenPage> {
    Call::json(
        ApiRequest::get("/canarytokens/search")
            .opt_param("flock_id", query.flock_id.clone())
            .opt_param(
                "search_string",
                query.search_string.clone().filter(|s| !s.trim().is_empty()),
            )
            .opt_param("kind", query.kind.clone())
            .opt_param("active", query.active.map(flag))
            .opt_param("limit", query.limit.map(|l| l.to_string()))
            .opt_param("cursor", query.cursor.clone()),
    )
}

/// What a new token is made of: `kind`, `memo`, the common options and the kind's own
/// parameters and files (checked by the kind catalog before they get here).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct NewToken {
    pub kind: String,
    pub memo: String,
    pub flock_id: Option<String>,
    pub custom_domain: Option<String>,
    pub params: Vec<(&'static str, String)>,
    pub files: Vec<(&'static str, Attachment)>,
}

impl NewToken {
    fn request(&self, path: &'static str) -> ApiRequest {
        let request = ApiRequest::post(path)
            .param("kind", self.kind.clone())
            .param("memo", self.memo.clone())
            .opt_param("flock_id", self.flock_id.clone())
            .opt_param("custom_domain", self.custom_domain.clone());
        let request = self.params.iter().fold(request, |r, (n, v)| r.param(n, v.clone()));
        self.files.iter().fold(request, |r, (n, f)| r.file(n, f.clone()))
    }
}

/// `POST /canarytoken/create` (multipart when the token has a file).
pub fn create(token: &NewToken) -> Call<Created> {
    Call::json(token.request("/canarytoken/create"))
}

fn on_token(path: &'static str, id: &str) -> ApiRequest {
    ApiRequest::post(path).param("canarytoken", id)
}

/// `GET /canarytoken/fetch`.
pub fn fetch(id: &str) -> Call<TokenAnswer> {
    Call::json(ApiRequest::get("/canarytoken/fetch").param("canarytoken", id))
}

/// `POST /canarytoken/update`: a new memo.
pub fn update_memo(id: &str, memo: &str) -> Call<TokenAnswer> {
    Call::json(on_token("/canarytoken/update", id).param("memo", memo))
}

/// `POST /canarytoken/update/redirect_url` (redirect kinds and QR codes).
pub fn update_redirect(id: &str, redirect_url: &str) -> Call<TokenAnswer> {
    Call::json(on_token("/canarytoken/update/redirect_url", id).param("redirect_url", redirect_url))
}

/// `POST /canarytoken/remove/redirect_url` (QR codes, whose redirect is optional).
pub fn remove_redirect(id: &str) -> Call<TokenAnswer> {
    Call::json(on_token("/canarytoken/remove/redirect_url", id))
}

pub fn enable(id: &str) -> Call<Ack> {
    Call::json(on_token("/canarytoken/enable", id))
}

pub fn disable(id: &str) -> Call<Ack> {
    Call::json(on_token("/canarytoken/disable", id))
}

/// `POST /canarytoken/delete`; the Console refuses while the token has alerts, unless they go too.
pub fn delete(id: &str, clear_incidents: bool) -> Call<Ack> {
    Call::json(
        on_token("/canarytoken/delete", id)
            .opt_param("clear_incidents", clear_incidents.then_some("true")),
    )
}

/// `GET /canarytoken/download`: the token's file, saved as `fallback_name` when the Console's
/// name cannot be read.
pub fn download(id: &str, fallback_name: String) -> Call<Download> {
    Call::file(ApiRequest::get("/canarytoken/download").param("canarytoken", id), fallback_name)
}

/// AWS credentials for tearing down an S3 token; used once, never stored.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct AwsTeardown {
    pub access_key: String,
    pub secret_key: String,
    pub session_token: Option<String>,
    pub region: String,
    /// Also delete the buckets; then `source_bucket` names the watched one.
    pub delete_buckets: bool,
    pub source_bucket: Option<String>,
}

impl std::fmt::Debug for AwsTeardown {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "AwsTeardown({}, {})", self.region, self.access_key)
    }
}

/// `POST /canarytoken/remove/s3`.
pub fn remove_s3(id: &str, aws: &AwsTeardown) -> Call<Ack> {
    Call::json(
        on_token("/canarytoken/remove/s3", id)
            .param("aws_access_key", aws.access_key.clone())
            .param("aws_secret_key", aws.secret_key.clone())
            .opt_param("aws_session_token", aws.session_token.clone())
            .param("aws_region", aws.region.clone())
            .opt_param("delete_buckets", aws.delete_buckets.then_some("true"))
            .opt_param("s3_source_bucket", aws.source_bucket.clone()),
    )
}

/// `POST /canarytokens/delete`: every token on the given custom domains.
pub fn bulk_delete(domains: &[String], clear_incidents: bool) -> Call<BulkDeleted> {
    Call::json(
        ApiRequest::post("/canarytokens/delete")
            .param("domains", domains.join(","))
            .opt_param("clear_incidents", clear_incidents.then_some("true")),
    )
}

/// `POST /apeeperfactory/delete` (legacy EC2 metadata tokens).
pub fn delete_apeeper_factory(hash: &str) -> Call<Ack> {
    Call::json(ApiRequest::post("/apeeperfactory/delete").param("hash", hash))
}

/// `GET /canarytokens/factory/list`: the kinds a factory string can create.
pub fn factory_kinds() -> Call<KindList> {
    Call::json(ApiRequest::get("/canarytokens/factory/list"))
}

/// `POST /canarytoken/create_factory`.
pub fn create_factory(flock_id: &str, memo: &str) -> Call<FactoryCreated> {
    Call::json(
        ApiRequest::post("/canarytoken/create_factory")
            .param("flock_id", flock_id)
            .param("memo", memo),
    )
}

/// `GET /canarytoken/list_factories`.
pub fn list_factories() -> Call<Factories> {
    Call::json(ApiRequest::get("/canarytoken/list_factories"))
}

/// `DELETE /canarytoken/delete_factory`.
pub fn delete_factory(factory_auth: &str) -> Call<Ack> {
    Call::json(
        ApiRequest::delete("/canarytoken/delete_factory").param("factory_auth", factory_auth),
    )
}

/// `POST /canarytoken/factory/create`: authenticated by the factory string, not the key.
pub fn factory_create(factory_auth: &str, token: &NewToken) -> Call<Created> {
    let request = token.request("/canarytoken/factory/create").param("factory_auth", factory_auth);
    Call::json(request.without_key())
}

/// `GET /canarytoken/factory/download`: authenticated by the factory string.
pub fn factory_download(factory_auth: &str, id: &str, fallback_name: String) -> Call<Download> {
    let request = ApiRequest::get("/canarytoken/factory/download")
        .param("factory_auth", factory_auth)
        .param("canarytoken", id)
        .without_key();
    Call::file(request, fallback_name)
}

/// `GET /flocks/list`: flock id → name.
pub fn list_flocks() -> Call<Flocks> {
    Call::json(ApiRequest::get("/flocks/list"))
}

/// `GET /settings/canarytokens/user_domains/list`: custom token domains.
pub fn user_domains() -> Call<UserDomains> {
    Call::json(ApiRequest::get("/settings/canarytokens/user_domains/list"))
}

/// `GET /incidents/search`: the alerts `filter` names, newest first, a page at a time, in the
/// flattened form. The filters go with the cursor too, as for the token search.
pub fn search_incidents(
    filter: &AlertFilter,
    limit: u32,
    cursor: Option<&str>,
) -> Call<IncidentPage> {
    let request = ApiRequest::get("/incidents/search");
    let request = filter.params().into_iter().fold(request, |r, (n, v)| r.param(n, v));
    Call::json(request.param("limit", limit.to_string()).opt_param("cursor", cursor))
}

/// `GET /incidents/unacknowledged`, `/acknowledged` or `/all`: the same alerts in the nested
/// form, by node, flock and time only (the caller narrows by text and kind).
pub fn incident_feed(filter: &AlertFilter, limit: u32, cursor: Option<&str>) -> Call<IncidentPage> {
    let request = ApiRequest::get(filter.state.feed());
    let request = filter
        .params()
        .into_iter()
        .filter(|(n, _)| matches!(*n, "node_id" | "flock_id" | "newer_than" | "older_than"))
        .fold(request, |r, (n, v)| r.param(n, v));
    Call::json(request.param("limit", limit.to_string()).opt_param("cursor", cursor))
}

/// `POST /incident/acknowledge`. (The answer repeats the key; nothing else in it is needed.)
pub fn acknowledge(incident: &str) -> Call<Ack> {
    Call::json(ApiRequest::post("/incident/acknowledge").param("incident", incident))
}

/// `POST /incident/unacknowledge`.
pub fn unacknowledge(incident: &str) -> Call<Ack> {
    Call::json(ApiRequest::post("/incident/unacknowledge").param("incident", incident))
}

/// `DELETE /incident/delete`: one alert, whatever its state.
pub fn delete_incident(incident: &str) -> Call<Ack> {
    Call::json(ApiRequest::delete("/incident/delete").param("incident", incident))
}

/// `POST /incidents/acknowledge` by `node_id`: every alert of one token. (Never with
/// `src_host`: the Console refuses the two together.) Whether the answer lists the keys it
/// changed is not documented; nothing in it is needed.
pub fn acknowledge_all(node_id: &str) -> Call<Ack> {
    Call::json(ApiRequest::post("/incidents/acknowledge").param("node_id", node_id))
}

/// `DELETE /incidents/delete` by `node_id`, unacknowledged alerts included.
pub fn delete_all_incidents(node_id: &str) -> Call<Ack> {
    Call::json(
        ApiRequest::delete("/incidents/delete")
            .param("node_id", node_id)
            .param("include_unacknowledged", "true"),
    )
}

/// `GET /console/features` (reference §12): the Console's feature flags. Older Consoles answer
/// 404 and a key may be refused it; callers then take `Features::default()`, which offers
/// everything.
pub fn console_features() -> Call<super::types::Features> {
    Call::json(ApiRequest::get("/console/features"))
}

/// `POST /flock/move`: moves the token (or Canary) `node_id` to flock `dest_flock_id`; with
/// `clear_incidents` its alerts are cleared rather than moved with it. The answer carries
/// nothing that is needed.
pub fn move_to_flock(node_id: &str, dest_flock_id: &str, clear_incidents: bool) -> Call<Ack> {
    Call::json(
        ApiRequest::post("/flock/move")
            .param("dest_flock_id", dest_flock_id)
            .param("node_id", node_id)
            .opt_param("clear_incidents", clear_incidents.then_some("true")),
    )
}

/// `GET /audit_trail/fetch` with `search_term` (a token id finds what was done to that token):
/// the latest entries, newest first, up to the Console's default page of 100.
pub fn audit_trail(search_term: &str) -> Call<super::audit::AuditTrail> {
    Call::json(ApiRequest::get("/audit_trail/fetch").param("search_term", search_term))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::incidents::IncidentState;
    use crate::api::request::Method::{self, Delete, Get, Post};
    use std::sync::Arc;

    /// Method, path and parameters of a call, the shape every endpoint test compares.
    fn shape<T>(call: &Call<T>) -> (Method, &'static str, Vec<(&'static str, &str)>, bool) {
        let r = &call.request;
        (r.method, r.path, r.params.iter().map(|(n, v)| (*n, v.as_str())).collect(), r.sends_key)
    }

    fn png() -> Attachment {
        Attachment {
            filename: "logo.png".into(),
            content_type: "image/png".into(),
            bytes: Arc::from(&b"\x89PNG\r\n\x1a\n"[..]),
        }
    }

    #[test]
    fn reads() {
        assert_eq!(shape(&ping()), (Get, "/ping", vec![], true));
        assert_eq!(shape(&list_kinds()), (Get, "/canarytokens/list", vec![], true));
        assert_eq!(shape(&fetch_all(None, false)), (Get, "/canarytokens/fetch", vec![], true));
        assert_eq!(
            shape(&fetch_all(Some("flock:default"), true)),
            (
                Get,
                "/canarytokens/fetch",
                vec![("flock_id", "flock:default"), ("include_endpoints", "true")],
                true
            )
        );
        assert_eq!(
            shape(&fetch("tok")),
            (Get, "/canarytoken/fetch", vec![("canarytoken", "tok")], true)
        );
        assert_eq!(shape(&list_flocks()), (Get, "/flocks/list", vec![], true));
        assert_eq!(
            shape(&user_domains()),
            (Get, "/settings/canarytokens/user_domains/list", vec![], true)
        );
        assert_eq!(shape(&factory_kinds()), (Get, "/canarytokens/factory/list", vec![], true));
        assert_eq!(shape(&list_factories()), (Get, "/canarytoken/list_factories", vec![], true));
    }

    #[test]
    fn paging_queries_send_only_what_is_set() {
        let query = TokenQuery {
            flock_id: Some("flock:x".into()),
            search_string: Some("laptop".into()),
            kind: Some("aws-id".into()),
            active: Some(false),
            limit: Some(500),
            cursor: Some("c2".into()),
        };
        assert_eq!(
            shape(&search(&query)),
            (
                Get,
                "/canarytokens/search",
                vec![
                    ("flock_id", "flock:x"),
                    ("search_string", "laptop"),
                    ("kind", "aws-id"),
                    ("active", "false"),
                    ("limit", "500"),
                    ("cursor", "c2")
                ],
                true
            )
        );
        let blank = TokenQuery { search_string: Some("  ".into()), ..TokenQuery::default() };
        assert_eq!(shape(&search(&blank)), (Get, "/canarytokens/search", vec![], true));
        assert_eq!(
            shape(&paginate(&query)),
            (
                Get,
                "/canarytokens/paginate",
                vec![("flock_id", "flock:x"), ("limit", "500"), ("cursor", "c2")],
                true
            )
        );
    }

    #[test]
    fn create_sends_common_options_kind_params_and_files() {
        let token = NewToken {
            kind: "web-image".into(),
            memo: "Lobby screen".into(),
            flock_id: Some("flock:default".into()),
            custom_domain: Some("docs.example.com".into()),
            params: vec![("browser_scanner_enabled", "false".into())],
            files: vec![("web_image", png())],
        };
        let call = create(&token);
        assert_eq!(
            shape(&call),
            (
                Post,
                "/canarytoken/create",
                vec![
                    ("kind", "web-image"),
                    ("memo", "Lobby screen"),
                    ("flock_id", "flock:default"),
                    ("custom_domain", "docs.example.com"),
                    ("browser_scanner_enabled", "false")
                ],
                true
            )
        );
        assert_eq!(call.request.files, vec![("web_image", png())]);
        let minimal = NewToken { kind: "dns".into(), memo: "m".into(), ..NewToken::default() };
        assert_eq!(shape(&create(&minimal)).2, vec![("kind", "dns"), ("memo", "m")]);
    }

    #[test]
    fn token_actions() {
        assert_eq!(
            shape(&update_memo("t", "new")),
            (Post, "/canarytoken/update", vec![("canarytoken", "t"), ("memo", "new")], true)
        );
        assert_eq!(
            shape(&update_redirect("t", "https://x.example")),
            (
                Post,
                "/canarytoken/update/redirect_url",
                vec![("canarytoken", "t"), ("redirect_url", "https://x.example")],
                true
            )
        );
        assert_eq!(
            shape(&remove_redirect("t")),
            (Post, "/canarytoken/remove/redirect_url", vec![("canarytoken", "t")], true)
        );
        assert_eq!(
            shape(&enable("t")),
            (Post, "/canarytoken/enable", vec![("canarytoken", "t")], true)
        );
        assert_eq!(
            shape(&disable("t")),
            (Post, "/canarytoken/disable", vec![("canarytoken", "t")], true)
        );
        assert_eq!(
            shape(&delete("t", false)),
            (Post, "/canarytoken/delete", vec![("canarytoken", "t")], true)
        );
        assert_eq!(
            shape(&delete("t", true)),
            (
                Post,
                "/canarytoken/delete",
                vec![("canarytoken", "t"), ("clear_incidents", "true")],
                true
            )
        );
        assert_eq!(
            shape(&download("t", "t.docx".into())),
            (Get, "/canarytoken/download", vec![("canarytoken", "t")], true)
        );
    }

    #[test]
    fn s3_teardown_names_the_bucket_only_when_deleting_buckets() {
        let mut aws = AwsTeardown {
            access_key: "AKIA1".into(),
            secret_key: "shh".into(),
            session_token: None,
            region: "eu-west-1".into(),
            delete_buckets: false,
            source_bucket: None,
        };
        assert_eq!(
            shape(&remove_s3("t", &aws)),
            (
                Post,
                "/canarytoken/remove/s3",
                vec![
                    ("canarytoken", "t"),
                    ("aws_access_key", "AKIA1"),
                    ("aws_secret_key", "shh"),
                    ("aws_region", "eu-west-1")
                ],
                true
            )
        );
        aws.delete_buckets = true;
        aws.source_bucket = Some("watched".into());
        aws.session_token = Some("tmp".into());
        let call = remove_s3("t", &aws);
        let params = shape(&call).2;
        assert!(
            params.contains(&("delete_buckets", "true"))
                && params.contains(&("s3_source_bucket", "watched"))
        );
        assert!(params.contains(&("aws_session_token", "tmp")));
        assert!(!format!("{aws:?}").contains("shh"), "Debug hides the secret");
    }

    #[test]
    fn clean_up_and_factories() {
        let domains = vec!["a.example.com".to_owned(), "b.example.com".to_owned()];
        assert_eq!(
            shape(&bulk_delete(&domains, false)),
            (Post, "/canarytokens/delete", vec![("domains", "a.example.com,b.example.com")], true)
        );
        assert_eq!(shape(&bulk_delete(&domains, true)).2[1], ("clear_incidents", "true"));
        assert_eq!(
            shape(&delete_apeeper_factory("h")),
            (Post, "/apeeperfactory/delete", vec![("hash", "h")], true)
        );
        assert_eq!(
            shape(&create_factory("flock:default", "laptops")),
            (
                Post,
                "/canarytoken/create_factory",
                vec![("flock_id", "flock:default"), ("memo", "laptops")],
                true
            )
        );
        assert_eq!(
            shape(&delete_factory("f")),
            (Delete, "/canarytoken/delete_factory", vec![("factory_auth", "f")], true)
        );
        let token = NewToken { kind: "dns".into(), memo: "m".into(), ..NewToken::default() };
        assert_eq!(
            shape(&factory_create("f", &token)),
            (
                Post,
                "/canarytoken/factory/create",
                vec![("kind", "dns"), ("memo", "m"), ("factory_auth", "f")],
                false
            )
        );
        assert_eq!(
            shape(&factory_download("f", "t", "t.bin".into())),
            (
                Get,
                "/canarytoken/factory/download",
                vec![("factory_auth", "f"), ("canarytoken", "t")],
                false
            )
        );
    }

    #[test]
    fn alerts() {
        let token = AlertFilter {
            state: IncidentState::All,
            node_id: Some("node".into()),
            ..AlertFilter::default()
        };
        assert_eq!(
            shape(&search_incidents(&token, 20, None)),
            (
                Get,
                "/incidents/search",
                vec![("filter_incident_state", "all"), ("node_id", "node"), ("limit", "20")],
                true
            )
        );
        let every = AlertFilter {
            flock_id: Some("flock:x".into()),
            logtype: Some(17000),
            text: " 203.0.113 ".into(),
            newer_than: Some(1_764_633_600),
            older_than: Some(1_764_720_000),
            ..AlertFilter::default()
        };
        assert_eq!(
            shape(&search_incidents(&every, 5, Some("c"))).2,
            vec![
                ("filter_incident_state", "unacknowledged"),
                ("flock_id", "flock:x"),
                ("filter_logtypes", "17000"),
                ("filter_str", "203.0.113"),
                ("newer_than", "2025-12-02-00:00:00"),
                ("older_than", "2025-12-03-00:00:00"),
                ("limit", "5"),
                ("cursor", "c")
            ]
        );
        assert_eq!(
            shape(&incident_feed(&every, 5, None)),
            (
                Get,
                "/incidents/unacknowledged",
                vec![
                    ("flock_id", "flock:x"),
                    ("newer_than", "2025-12-02-00:00:00"),
                    ("older_than", "2025-12-03-00:00:00"),
                    ("limit", "5")
                ],
                true
            )
        );
        assert_eq!(shape(&incident_feed(&token, 1, None)).1, "/incidents/all");
        let acknowledged = AlertFilter { state: IncidentState::Acknowledged, ..token };
        assert_eq!(shape(&incident_feed(&acknowledged, 1, None)).1, "/incidents/acknowledged");
    }

    #[test]
    fn alert_actions() {
        assert_eq!(
            shape(&acknowledge("incident:x")),
            (Post, "/incident/acknowledge", vec![("incident", "incident:x")], true)
        );
        assert_eq!(
            shape(&unacknowledge("incident:x")),
            (Post, "/incident/unacknowledge", vec![("incident", "incident:x")], true)
        );
        assert_eq!(
            shape(&delete_incident("incident:x")),
            (Delete, "/incident/delete", vec![("incident", "incident:x")], true)
        );
        assert_eq!(
            shape(&acknowledge_all("tok")),
            (Post, "/incidents/acknowledge", vec![("node_id", "tok")], true)
        );
        assert_eq!(
            shape(&delete_all_incidents("tok")),
            (
                Delete,
                "/incidents/delete",
                vec![("node_id", "tok"), ("include_unacknowledged", "true")],
                true
            )
        );
        for call in [acknowledge_all("t").request, delete_all_incidents("t").request] {
            assert!(call.param_value("src_host").is_none(), "never src_host with node_id");
        }
    }
}
