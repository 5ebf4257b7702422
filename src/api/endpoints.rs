//! One function per Console endpoint, each returning a [`Call`]: the request as data and the
//! type its answer decodes into.

use super::request::ApiRequest;
use super::response::Call;
use super::types::{Ack, KindList};

/// `GET /ping`: checks the URL and the key.
pub fn ping() -> Call<Ack> {
    Call::json(ApiRequest::get("/ping"))
}

/// `GET /canarytokens/list`: the kinds this Console offers, id → label.
pub fn list_kinds() -> Call<KindList> {
    Call::json(ApiRequest::get("/canarytokens/list"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::request::Method;

    #[test]
    fn connection_checks_are_plain_gets() {
        assert_eq!(
            ping().request,
            ApiRequest { method: Method::Get, path: "/ping", ..ApiRequest::get("/ping") }
        );
        let kinds = list_kinds().request;
        assert_eq!(
            (kinds.method, kinds.path, kinds.params.len()),
            (Method::Get, "/canarytokens/list", 0)
        );
    }
}
