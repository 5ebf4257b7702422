//! What `/canarytoken/download` returns for each kind: one table of file name, content type
//! and generator. A kind missing here has no file ("File generation not supported.").

use crate::archive;
use crate::ooxml;
use crate::pdf;
use crate::qr;
use crate::random;
use crate::reply::{Outcome, Reply, bad_request};
use crate::tokens::Token;

pub struct FileSpec {
    pub kind: &'static str,
    /// `{id}` is replaced by the token id.
    pub name: &'static str,
    pub content_type: &'static str,
    /// `None`: the kind's file is always the one uploaded at create (signed-exe).
    pub make: Option<fn(&Token) -> Vec<u8>>,
}

const TEXT: &str = "text/plain; charset=utf-8";
const ZIP: &str = "application/zip";

const fn file(
    kind: &'static str,
    name: &'static str,
    content_type: &'static str,
    make: Option<fn(&Token) -> Vec<u8>>,
) -> FileSpec {
    FileSpec { kind, name, content_type, make }
}

pub const FILES: &[FileSpec] = &[
    file("aws-id", "{id}_aws_credentials.txt", TEXT, Some(aws_credentials)),
    file("aws-s3", "{id}_setup_s3_token.sh", "text/x-shellscript", Some(s3_setup_script)),
    file("azure-id", "{id}_azure_id.zip", ZIP, Some(azure_id)),
    file("credit-card", "{id}_credit_card.txt", TEXT, Some(credit_card)),
    file(
        "doc-msexcel",
        "{id}.xlsx",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        Some(ooxml::xlsx),
    ),
    file(
        "doc-msword",
        "{id}.docx",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        Some(ooxml::docx),
    ),
    file(
        "msexcel-macro",
        "{id}.xlsm",
        "application/vnd.ms-excel.sheet.macroEnabled.12",
        Some(ooxml::xlsm),
    ),
    file(
        "msword-macro",
        "{id}.docm",
        "application/vnd.ms-word.document.macroEnabled.12",
        Some(ooxml::docm),
    ),
    file("mysql-dump", "{id}_mysql_dump.sql.gz", "application/gzip", Some(mysql_dump)),
    file("pdf-acrobat-reader", "{id}.pdf", "application/pdf", Some(pdf::document)),
    file("qr-code", "{id}.png", "image/png", Some(qr_png)),
    file("sensitive-cmd", "{id}.reg", TEXT, Some(registry)),
    file("signed-exe", "{id}.exe", "application/vnd.microsoft.portable-executable", None),
    file("slack-api", "{id}_slack_creds.txt", TEXT, Some(slack_creds)),
    file("windows-dir", "{id}.zip", ZIP, Some(windows_dir)),
    file("wireguard", "{id}.conf", TEXT, Some(wireguard)),
];

pub fn spec(kind: &str) -> Option<&'static FileSpec> {
    FILES.iter().find(|f| f.kind == kind)
}

/// The token's file: an uploaded document comes back as uploaded (a real Console returns it
/// tokened) under its own name; otherwise the kind's generated file.
pub fn download(token: &Token) -> Outcome {
    let unsupported = || bad_request("File generation not supported.");
    let spec = spec(token.kind.id).ok_or_else(unsupported)?;
    let (name, bytes) = match (&token.upload, spec.make) {
        (Some(upload), _) => (upload.filename.clone(), upload.bytes.to_vec()),
        (None, Some(make)) => (spec.name.replace("{id}", &token.id), make(token)),
        (None, None) => return Err(unsupported()),
    };
    Ok(Reply::File { name, content_type: spec.content_type, bytes })
}

fn aws_credentials(token: &Token) -> Vec<u8> {
    format!(
        "[default]\naws_access_key_id = {}\naws_secret_access_key = {}\nregion = us-east-2\noutput = json\n",
        token.text("access_key_id"),
        token.text("secret_access_key")
    )
    .into_bytes()
}

/// What an operator runs to point the source bucket's access logs at the token.
fn s3_setup_script(token: &Token) -> Vec<u8> {
    let source = token.text("s3_source_bucket");
    let logs = token.text("s3_log_bucket");
    format!(
        "#!/bin/sh\n# Canarytoken {id}: alert when the S3 bucket {source} is accessed.\nset -eu\naws s3api create-bucket --bucket {source}\naws s3api create-bucket --bucket {logs}\naws s3api put-bucket-logging --bucket {source} --bucket-logging-status '{{\"LoggingEnabled\": {{\"TargetBucket\": \"{logs}\", \"TargetPrefix\": \"{id}/\"}}}}'\n",
        id = token.id
    )
    .into_bytes()
}

fn azure_id(token: &Token) -> Vec<u8> {
    let mut rng = random::for_token(&token.id);
    let body = random::string(&mut rng, random::BASE64ISH, 64 * 12);
    let lines: Vec<&str> =
        body.as_bytes().chunks(64).map(|l| std::str::from_utf8(l).unwrap_or_default()).collect();
    let pem =
        format!("-----BEGIN CERTIFICATE-----\n{}\n-----END CERTIFICATE-----\n", lines.join("\n"));
    let cert_path = token.text("azure_id_cert_file_name");
    let cert_name =
        cert_path.rsplit(['/', '\\']).find(|part| !part.is_empty()).unwrap_or("azure_cert.pem");
    let config = serde_json::json!({
        "appId": token.text("app_id"),
        "tenant": token.text("tenant_id"),
        "certificatePath": cert_path,
    });
    let config = serde_json::to_string_pretty(&config).unwrap_or_default();
    archive::zip(&[(cert_name, pem.as_bytes()), ("azure_config.json", config.as_bytes())])
}

fn credit_card(token: &Token) -> Vec<u8> {
    let number = |name| token.fields.get(name).and_then(|v| v.as_u64()).unwrap_or_default();
    format!(
        "Name: {}\nNumber: {}\nExpiry: {:02}/{}\nCVV: {}\n",
        token.text("name_on_card"),
        token.text("card_number"),
        number("expiry_month"),
        number("expiry_year"),
        token.text("cvv")
    )
    .into_bytes()
}

/// A dump that, when loaded, makes the server try to replicate from the token's host.
fn mysql_dump(token: &Token) -> Vec<u8> {
    let table = match token.text("industry") {
        "medical" => "patients",
        "financial" => "accounts",
        "education" => "students",
        "legal" => "cases",
        _ => "customers",
    };
    let sql = format!(
        "-- MySQL dump 10.13  Distrib 8.0.36, for Linux (x86_64)\n--\n-- Host: localhost    Database: prod\n\n\
DROP TABLE IF EXISTS `{table}`;\nCREATE TABLE `{table}` (\n  `id` int NOT NULL AUTO_INCREMENT,\n  `name` varchar(255) NOT NULL,\n  `email` varchar(255) NOT NULL,\n  PRIMARY KEY (`id`)\n) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;\n\n\
INSERT INTO `{table}` VALUES (1,'Jordan Smith','jordan@example.com'),(2,'Alex Naidoo','alex@example.com');\n\n\
SET @bb = CONCAT(\"CHANGE MASTER TO MASTER_PASSWORD='my-secret-pw', MASTER_RETRY_COUNT=1, MASTER_PORT=3306, MASTER_HOST='{host}', MASTER_USER='{id}\", @@lc_time_names, @@hostname, \"';\");\nPREPARE stmt FROM @bb;\nEXECUTE stmt;\nSTART SLAVE;\n",
        host = token.hostname,
        id = token.id
    );
    archive::gzip(sql.as_bytes())
}

fn qr_png(token: &Token) -> Vec<u8> {
    qr::png(&token.url).unwrap_or_default()
}

/// Silent-process-exit monitoring: when the process exits, Windows runs a DNS lookup of the
/// token's hostname.
fn registry(token: &Token) -> Vec<u8> {
    let process = token.text("process_name");
    let key = r"HKEY_LOCAL_MACHINE\SOFTWARE\Microsoft\Windows NT\CurrentVersion";
    format!(
        "Windows Registry Editor Version 5.00\r\n\r\n[{key}\\Image File Execution Options\\{process}]\r\n\"GlobalFlag\"=dword:00000200\r\n\r\n[{key}\\SilentProcessExit\\{process}]\r\n\"ReportingMode\"=dword:00000001\r\n\"MonitorProcess\"=\"cmd.exe /c start /min powershell.exe -windowstyle hidden -command \\\"Resolve-DnsName -Name $env:computername.UN.$env:username.CMD.{host}\\\"\"\r\n",
        host = token.hostname
    )
    .into_bytes()
}

fn slack_creds(token: &Token) -> Vec<u8> {
    let mut rng = random::for_token(&token.id);
    let digits = |rng: &mut fastrand::Rng, n| random::string(rng, b"0123456789", n);
    let key = format!(
        "xoxp-{}-{}-{}-{}",
        digits(&mut rng, 12),
        digits(&mut rng, 12),
        digits(&mut rng, 13),
        random::string(&mut rng, random::HEX, 32)
    );
    format!("# Slack API credentials\nSLACK_API_TOKEN={key}\n").into_bytes()
}

/// A folder whose desktop.ini makes Explorer look up the token's hostname when it is opened.
fn windows_dir(token: &Token) -> Vec<u8> {
    let ini = format!(
        "[.ShellClassInfo]\r\nIconResource=\\\\%USERNAME%.%COMPUTERNAME%.%USERDOMAIN%.INI.{}\\resource.dll\r\n",
        token.hostname
    );
    archive::zip(&[("My Documents/", b""), ("My Documents/desktop.ini", ini.as_bytes())])
}

fn wireguard(token: &Token) -> Vec<u8> {
    let renders = token.fields.get("renders");
    renders.and_then(|r| r["wg_conf"].as_str()).unwrap_or_default().as_bytes().to_vec()
}
