//! A simulator per test, started in-process on a free port, and small HTTP helpers.

use canarytoken_sim::keys::{DEMO_KEYS, Role};
use canarytoken_sim::{Config, Seed};
use reqwest::multipart::{Form, Part};
use reqwest::{Client, Method, Response, StatusCode};
use serde_json::Value;
use std::time::Duration;
use tokio::net::TcpListener;

pub fn key(role: Role) -> &'static str {
    DEMO_KEYS.iter().find(|k| k.role == role).expect("demo key").key
}

pub fn admin() -> &'static str {
    key(Role::Admin)
}

pub struct Sim {
    pub base: String,
    pub client: Client,
}

/// How a request carries its key.
#[derive(Clone, Copy)]
pub enum Auth<'a> {
    Header(&'a str),
    Param(&'a str),
    Factory(&'a str),
    None,
}

pub async fn start(config: Config) -> Sim {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = listener.local_addr().expect("address");
    tokio::spawn(canarytoken_sim::serve(listener, config));
    let client = Client::builder().timeout(Duration::from_secs(10)).build().expect("client");
    Sim { base: format!("http://{addr}"), client }
}

/// A reproducible Console with the given seed.
pub async fn seeded(seed: Seed) -> Sim {
    start(Config { seed, rng_seed: Some(7), ..Config::default() }).await
}

pub async fn empty() -> Sim {
    seeded(Seed::Empty).await
}

pub async fn demo() -> Sim {
    seeded(Seed::Demo).await
}

impl Sim {
    pub fn url(&self, path: &str) -> String {
        format!("{}/api/v1/{path}", self.base)
    }

    /// Sends `params` in the query for GET and as a form body otherwise.
    pub async fn send(
        &self,
        method: Method,
        path: &str,
        auth: Auth<'_>,
        params: &[(&str, &str)],
    ) -> Response {
        let mut params: Vec<(&str, &str)> = params.to_vec();
        let mut request = self.client.request(method.clone(), self.url(path));
        match auth {
            Auth::Header(key) => request = request.header("X-Canary-Auth-Token", key),
            Auth::Param(key) => params.push(("auth_token", key)),
            Auth::Factory(auth) => params.push(("factory_auth", auth)),
            Auth::None => {}
        }
        request =
            if method == Method::GET { request.query(&params) } else { request.form(&params) };
        request.send().await.expect("request")
    }

    pub async fn json(
        &self,
        method: Method,
        path: &str,
        auth: Auth<'_>,
        params: &[(&str, &str)],
    ) -> (StatusCode, Value) {
        let response = self.send(method, path, auth, params).await;
        let status = response.status();
        (status, response.json().await.expect("JSON body"))
    }

    /// GET as admin, key in the query.
    pub async fn get(&self, path: &str, params: &[(&str, &str)]) -> (StatusCode, Value) {
        self.json(Method::GET, path, Auth::Param(admin()), params).await
    }

    /// The raw download of token `id`, as admin.
    pub async fn download(&self, id: &str) -> Response {
        self.send(Method::GET, "canarytoken/download", Auth::Param(admin()), &[("canarytoken", id)])
            .await
    }

    /// POST as admin, key in the form.
    pub async fn post(&self, path: &str, params: &[(&str, &str)]) -> (StatusCode, Value) {
        self.json(Method::POST, path, Auth::Param(admin()), params).await
    }

    /// Creates a token as admin and returns it, failing the test if the Console refuses.
    pub async fn create(&self, kind: &str, params: &[(&str, &str)]) -> Value {
        let mut all = vec![("kind", kind), ("memo", "test token")];
        all.extend_from_slice(params);
        let (status, body) = self.post("canarytoken/create", &all).await;
        assert_eq!(status, StatusCode::OK, "create {kind}: {body}");
        body["canarytoken"].clone()
    }

    /// A multipart create (files attached) as admin.
    pub async fn create_multipart(
        &self,
        params: &[(&str, &str)],
        files: &[(&str, &str, Vec<u8>)],
    ) -> (StatusCode, Value) {
        let mut form = Form::new().text("auth_token", admin());
        for (name, value) in params {
            form = form.text(name.to_string(), value.to_string());
        }
        for (name, filename, bytes) in files {
            let part = Part::bytes(bytes.clone()).file_name(filename.to_string());
            form = form.part(name.to_string(), part.mime_str(mime_for(filename)).expect("mime"));
        }
        let response = self
            .client
            .post(self.url("canarytoken/create"))
            .multipart(form)
            .send()
            .await
            .expect("request");
        let status = response.status();
        (status, response.json().await.expect("JSON body"))
    }

    pub async fn sim(
        &self,
        method: Method,
        path: &str,
        body: Option<Value>,
    ) -> (StatusCode, Value) {
        let mut request = self.client.request(method, format!("{}/_sim/{path}", self.base));
        if let Some(body) = body {
            request = request.json(&body);
        }
        let response = request.send().await.expect("request");
        let status = response.status();
        (status, response.json().await.expect("JSON body"))
    }

    /// Fires a token through the operator API.
    pub async fn trigger(&self, id: &str, count: u32) -> Value {
        self.trigger_with(serde_json::json!({"canarytoken": id, "count": count})).await
    }

    /// Fires a token with a full `/_sim/trigger` body (events, headers, src_host).
    pub async fn trigger_with(&self, body: Value) -> Value {
        let (status, answer) = self.sim(Method::POST, "trigger", Some(body)).await;
        assert_eq!(status, StatusCode::OK, "{answer}");
        answer
    }

    /// The incident keys a trigger answer lists.
    pub fn keys(fired: &Value) -> Vec<String> {
        let keys = fired["incidents"].as_array().expect("incident keys");
        keys.iter().map(|k| k.as_str().expect("key").to_owned()).collect()
    }
}

pub fn id(token: &Value) -> String {
    token["canarytoken"].as_str().expect("token id").to_owned()
}

/// What a browser would send as the part's type.
fn mime_for(filename: &str) -> &'static str {
    match filename.rsplit('.').next() {
        Some("png") => "image/png",
        Some("jpg") => "image/jpeg",
        Some("pdf") => "application/pdf",
        Some("docx") => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        Some("exe") => "application/vnd.microsoft.portable-executable",
        _ => "application/octet-stream",
    }
}

/// Valid first bytes for each upload parameter.
pub fn sample_file(param: &str) -> (&'static str, Vec<u8>) {
    match param {
        "web_image" => ("pixel.png", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec()),
        "exe" => ("setup tool.exe", b"MZ\x90\0\x03\0\0\0".to_vec()),
        "doc" => ("Pay scales.docx", b"PK\x03\x04\x14\0\0\0".to_vec()),
        "excel" => ("Q3 forecast.xlsx", b"PK\x03\x04\x14\0\x06\0".to_vec()),
        "pdf" => ("Board minutes.pdf", b"%PDF-1.7\n%\xe2\xe3".to_vec()),
        other => panic!("no sample for {other}"),
    }
}

/// A valid value for each kind parameter the reference lists.
pub fn sample_value(param: &str) -> &'static str {
    match param {
        "browser_redirect_url" => "https://www.example.com/landing",
        "cloned_web" => "intranet.example.com",
        "expected_referrer" => "https://login.example.com",
        "process_name" => "klist.exe",
        "tokened_usernames" => "alice,bob.smith",
        "idp_app_type" => "github",
        "s3_source_bucket" => "acme-exports",
        "s3_log_bucket" => "acme-logs",
        "azure_id_cert_file_name" => "C:\\certs\\deploy.pem",
        "expiry" => "12h",
        "industry" => "legal",
        "pwa_app_name" => "Payroll",
        "pwa_icon" => "chase",
        "aws_id_username" => "ci-bot",
        "browser_scanner_enabled" => "false",
        "google_share_email_addr" => "finance-team@example.com",
        other => panic!("no sample for {other}"),
    }
}
