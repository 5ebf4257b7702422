//! Every downloadable kind gives a real file of its type.

use crate::support::{demo, empty, id, sample_file, sample_value};
use canarytoken_sim::files::FILES;
use canarytoken_sim::kinds;
use flate2::read::GzDecoder;
use reqwest::StatusCode;
use std::io::{Cursor, Read};

fn zip_entries(bytes: &[u8]) -> Vec<String> {
    let archive = zip::ZipArchive::new(Cursor::new(bytes)).expect("a zip archive");
    archive.file_names().map(|name| name.expect("entry name").into_owned()).collect()
}

fn zip_entry(bytes: &[u8], name: &str) -> String {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
    let mut text = String::new();
    archive.by_name(name).expect(name).read_to_string(&mut text).unwrap();
    text
}

/// An OOXML package: the parts a reader needs, with the main part's content type.
fn assert_ooxml(bytes: &[u8], main: &str, main_type: &str) {
    let entries = zip_entries(bytes);
    for part in ["[Content_Types].xml", "_rels/.rels", main] {
        assert!(entries.iter().any(|e| e == part), "{part} in {entries:?}");
    }
    let types = zip_entry(bytes, "[Content_Types].xml");
    assert!(
        types.contains(&format!(r#"<Override PartName="/{main}" ContentType="{main_type}"/>"#)),
        "{types}"
    );
    assert!(zip_entry(bytes, "_rels/.rels").contains(&format!(r#"Target="{main}""#)));
}

fn check_file(kind: &str, token: &serde_json::Value, bytes: &[u8]) {
    let url = token["url"].as_str().unwrap();
    let hostname = token["hostname"].as_str().unwrap();
    let text = || String::from_utf8(bytes.to_vec()).expect("text");
    match kind {
        "doc-msword" => assert_ooxml(
            bytes,
            "word/document.xml",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
        ),
        "msword-macro" => assert_ooxml(
            bytes,
            "word/document.xml",
            "application/vnd.ms-word.document.macroEnabled.main+xml",
        ),
        "doc-msexcel" => assert_ooxml(
            bytes,
            "xl/workbook.xml",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
        ),
        "msexcel-macro" => assert_ooxml(
            bytes,
            "xl/workbook.xml",
            "application/vnd.ms-excel.sheet.macroEnabled.main+xml",
        ),
        "pdf-acrobat-reader" => {
            assert!(bytes.starts_with(b"%PDF-"));
            assert!(bytes.ends_with(b"%%EOF\n"));
            assert!(String::from_utf8_lossy(bytes).contains(url));
        }
        "windows-dir" => assert!(zip_entry(bytes, "My Documents/desktop.ini").contains(hostname)),
        "azure-id" => {
            let entries = zip_entries(bytes);
            assert!(
                entries.contains(&"deploy.pem".to_owned())
                    && entries.contains(&"azure_config.json".to_owned()),
                "{entries:?}"
            );
            assert!(zip_entry(bytes, "deploy.pem").starts_with("-----BEGIN CERTIFICATE-----"));
            let config: serde_json::Value =
                serde_json::from_str(&zip_entry(bytes, "azure_config.json")).unwrap();
            assert_eq!(config["appId"], token["app_id"]);
        }
        "qr-code" => assert!(bytes.starts_with(b"\x89PNG\r\n\x1a\n")),
        "mysql-dump" => {
            assert!(bytes.starts_with(&[0x1f, 0x8b]));
            let mut sql = String::new();
            GzDecoder::new(bytes).read_to_string(&mut sql).expect("gunzip");
            assert!(sql.starts_with("-- MySQL dump") && sql.contains(hostname));
        }
        "sensitive-cmd" => {
            let reg = text();
            assert!(
                reg.starts_with("Windows Registry Editor Version 5.00\r\n")
                    && reg.contains("klist.exe")
                    && reg.contains(hostname)
            );
        }
        "wireguard" => assert_eq!(text(), token["renders"]["wg_conf"].as_str().unwrap()),
        "aws-id" => {
            let creds = text();
            assert!(
                creds.contains(token["access_key_id"].as_str().unwrap())
                    && creds.contains(token["secret_access_key"].as_str().unwrap())
            );
        }
        "slack-api" => assert!(text().contains("xoxp-")),
        "credit-card" => assert!(text().contains(token["card_number"].as_str().unwrap())),
        "aws-s3" => assert!(text().starts_with("#!/bin/sh") && text().contains("acme-exports")),
        "signed-exe" => assert_eq!(bytes, sample_file("exe").1),
        other => panic!("no check for {other}"),
    }
}

#[tokio::test]
async fn every_downloadable_kind_gives_a_valid_file() {
    let sim = empty().await;
    for spec in FILES {
        let kind = kinds::find(spec.kind).unwrap();
        let mut params = vec![("kind", kind.id), ("memo", "download me")];
        params.extend(
            kind.params.iter().filter(|p| p.required).map(|p| (p.name, sample_value(p.name))),
        );
        // Uploads only where required: an optional upload would replace the generated file.
        let files: Vec<_> = kind
            .file
            .iter()
            .filter(|f| f.required)
            .map(|f| {
                let (filename, bytes) = sample_file(f.name);
                (f.name, filename, bytes)
            })
            .collect();
        let (status, body) = sim.create_multipart(&params, &files).await;
        assert_eq!(status, StatusCode::OK, "{}: {body}", kind.id);
        let token = &body["canarytoken"];
        let response = sim.download(&id(token)).await;
        assert_eq!(response.status(), StatusCode::OK, "{}", kind.id);
        let headers = response.headers().clone();
        let disposition = headers["content-disposition"].to_str().unwrap().to_owned();
        let expected_name = match files.first() {
            Some((_, filename, _)) => format!(
                "attachment; filename=\"{filename}\"; filename*=UTF-8''{}",
                filename.replace(' ', "%20")
            ),
            None => format!("attachment; filename={}", spec.name.replace("{id}", &id(token))),
        };
        assert_eq!(disposition, expected_name, "{}", kind.id);
        assert_eq!(headers["content-type"], spec.content_type, "{}", kind.id);
        let bytes = response.bytes().await.unwrap();
        check_file(kind.id, token, &bytes);
    }
}

#[tokio::test]
async fn kinds_without_a_file_say_so() {
    let sim = empty().await;
    for kind in ["http", "dns", "fast-redirect", "web-image", "pwa"] {
        let mut params = vec![("kind", kind), ("memo", "m")];
        if kind == "fast-redirect" {
            params.push(("browser_redirect_url", "https://example.com/"));
        }
        let token = if kind == "web-image" {
            let (name, bytes) = sample_file("web_image");
            sim.create_multipart(&params, &[("web_image", name, bytes)]).await.1["canarytoken"]
                .clone()
        } else {
            sim.post("canarytoken/create", &params).await.1["canarytoken"].clone()
        };
        let (status, body) = sim.get("canarytoken/download", &[("canarytoken", &id(&token))]).await;
        assert_eq!(
            (status, body["message"].as_str()),
            (StatusCode::BAD_REQUEST, Some("File generation not supported.")),
            "{kind}"
        );
    }
}

#[tokio::test]
async fn an_uploaded_document_comes_back_under_its_own_name() {
    let sim = empty().await;
    for (kind, field) in
        [("doc-msword", "doc"), ("pdf-acrobat-reader", "pdf"), ("doc-msexcel", "excel")]
    {
        let (filename, bytes) = sample_file(field);
        let (_, body) = sim
            .create_multipart(&[("kind", kind), ("memo", "m")], &[(field, filename, bytes.clone())])
            .await;
        let response = sim.download(&id(&body["canarytoken"])).await;
        let disposition = response.headers()["content-disposition"].to_str().unwrap().to_owned();
        assert!(disposition.contains(&format!("filename=\"{filename}\"")), "{disposition}");
        assert_eq!(response.bytes().await.unwrap().to_vec(), bytes);
    }
}

#[tokio::test]
async fn the_demo_document_has_a_name_that_needs_encoding() {
    let sim = demo().await;
    let (_, body) = sim.get("canarytokens/search", &[("kind", "doc-msword")]).await;
    let token = &body["canarytokens"][0];
    let response = sim.download(&id(token)).await;
    let disposition = response.headers()["content-disposition"].to_str().unwrap().to_owned();
    assert_eq!(
        disposition,
        "attachment; filename=\"Salaries 2026 _ final.docx\"; filename*=UTF-8''Salaries%202026%20%E2%80%93%20final.docx"
    );
    let bytes = response.bytes().await.unwrap();
    assert_ooxml(
        &bytes,
        "word/document.xml",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
    );
}
