//! The fields the Console generates for a new token of some kinds: copy-paste `renders`,
//! fake credentials, the QR image. Each function is named in the kind table.

use crate::qr;
use crate::random;
use crate::reply::{Reply, missing};
use crate::tokens::Draft;
use axum::http::StatusCode;
use base64::prelude::{BASE64_STANDARD, Engine as _};
use serde_json::{Value, json};

pub type Extras = fn(&mut Draft) -> Result<(), Reply>;

pub fn http(draft: &mut Draft) -> Result<(), Reply> {
    draft.token.fields.entry("browser_scanner_enabled").or_insert(Value::Bool(true));
    Ok(())
}

/// The JS snippet of the reference's paginate example, which checks the page's own domain.
pub fn cloned_web(draft: &mut Draft) -> Result<(), Reply> {
    let domain = draft.text("cloned_web");
    let other = match domain.strip_prefix("www.") {
        Some(bare) => bare.to_owned(),
        None => format!("www.{domain}"),
    };
    let snippet = format!(
        "<script>\n    if (document.domain != \"{domain}\" && document.domain != \"{other}\") {{\n        var l = location.href;\n        var r = document.referrer;\n        var m = new Image();\n        m.src = \"{url}?l=\" + encodeURI(l) + \"&r=\" + encodeURI(r);\n    }}\n</script>",
        url = draft.token.url
    );
    draft.render("cloned-web", snippet);
    Ok(())
}

/// cloned-css and azure-entra-login: CSS that loads the token when the page is shown from a
/// site other than the expected referrer.
pub fn css_snippet(draft: &mut Draft) -> Result<(), Reply> {
    let css = format!("body {{\n  background-image: url(\"{}\");\n}}", draft.token.url);
    draft.render(draft.token.kind.id, css);
    Ok(())
}

pub fn aws_id(draft: &mut Draft) -> Result<(), Reply> {
    let key_id = format!("AKIA{}", random::string(draft.rng, random::AWS_KEY_ID, 16));
    let secret = random::string(draft.rng, random::BASE64ISH, 40);
    let username = match draft.params.get("aws_id_username").filter(|s| !s.is_empty()) {
        Some(name) => name.clone(),
        None => format!("canarytoken-{}", random::string(draft.rng, random::LOWER_ALNUM, 8)),
    };
    // The reference's example keeps the Console's odd indentation; clients must cope with it.
    let render = format!(
        "\n    [default]\n    aws_access_key_id = {key_id}\n    aws_secret_access_key = {secret}"
    );
    draft.render("aws-id", render);
    let fields = &mut draft.token.fields;
    fields.insert("access_key_id".into(), json!(key_id));
    fields.insert("secret_access_key".into(), json!(secret));
    fields.insert("username".into(), json!(username));
    // Echoed by the parameter table, but the token calls it `username`.
    fields.remove("aws_id_username");
    Ok(())
}

/// Automated S3 setup takes AWS credentials: all three or none. They are used "for the
/// duration of the operation" and never kept, so nothing here stores them.
pub fn aws_s3(draft: &mut Draft) -> Result<(), Reply> {
    let given = ["aws_access_key", "aws_secret_key", "aws_region"]
        .map(|name| draft.params.get(name).is_some_and(|v| !v.is_empty()));
    if given.contains(&true) && given.contains(&false) {
        return Err(missing());
    }
    Ok(())
}

pub fn azure_id(draft: &mut Draft) -> Result<(), Reply> {
    let app_id = random::uuid(draft.rng);
    let tenant_id = random::uuid(draft.rng);
    let fields = &mut draft.token.fields;
    fields.insert("app_id".into(), json!(app_id));
    fields.insert("tenant_id".into(), json!(tenant_id));
    fields.insert(
        "cert_name".into(),
        json!(format!("{}.{}", draft.token.id, crate::state::TOKEN_DOMAIN)),
    );
    Ok(())
}

/// A Luhn-valid Visa-style number, so a form that checks numbers accepts it.
pub fn credit_card(draft: &mut Draft) -> Result<(), Reply> {
    const NAMES: &[&str] = &["Jordan Smith", "Alex Naidoo", "Sam Botha", "Chris Dlamini"];
    let rng = &mut *draft.rng;
    let mut digits: Vec<u32> = std::iter::once(4).chain((0..14).map(|_| rng.u32(0..10))).collect();
    digits.push(luhn_check_digit(&digits));
    let number: String = digits.iter().map(|d| char::from(b'0' + *d as u8)).collect();
    let fields = &mut draft.token.fields;
    fields.insert("name_on_card".into(), json!(NAMES[rng.usize(..NAMES.len())]));
    fields.insert("card_number".into(), json!(number));
    fields.insert("cvv".into(), json!(format!("{:03}", rng.u32(0..1000))));
    fields.insert("expiry_month".into(), json!(rng.u32(1..13)));
    fields.insert("expiry_year".into(), json!(2028 + rng.u32(0..4)));
    Ok(())
}

fn luhn_check_digit(digits: &[u32]) -> u32 {
    let sum: u32 = digits
        .iter()
        .rev()
        .enumerate()
        .map(|(i, &d)| match (i % 2 == 0, d * 2) {
            (true, twice) if twice > 9 => twice - 9,
            (true, twice) => twice,
            (false, _) => d,
        })
        .sum();
    (10 - sum % 10) % 10
}

pub fn idp_app(draft: &mut Draft) -> Result<(), Reply> {
    let entity_id = draft.token.url.clone();
    draft.token.fields.insert("entity_id".into(), json!(entity_id));
    Ok(())
}

pub fn mysql_dump(draft: &mut Draft) -> Result<(), Reply> {
    draft.token.fields.entry("industry").or_insert(json!("corporate"));
    Ok(())
}

pub fn qr_code(draft: &mut Draft) -> Result<(), Reply> {
    // Only a URL too long for any QR version fails here, which the Console would also refuse.
    let png = qr::png(&draft.token.url).ok_or_else(|| {
        Reply::error(StatusCode::INTERNAL_SERVER_ERROR, "Could not save Canarydrop")
    })?;
    let data_url = format!("data:image/png;base64,{}", BASE64_STANDARD.encode(png));
    draft.token.fields.insert("qr_code".into(), json!(data_url));
    Ok(())
}

/// A client profile whose peer is the token's endpoint; the keys are random bytes in
/// WireGuard's encoding (a real pair is not needed to import the profile).
pub fn wireguard(draft: &mut Draft) -> Result<(), Reply> {
    let private_key = BASE64_STANDARD.encode(random::bytes(draft.rng, 32));
    let peer_key = BASE64_STANDARD.encode(random::bytes(draft.rng, 32));
    let address =
        format!("10.{}.{}.{}/32", draft.rng.u8(..), draft.rng.u8(..), draft.rng.u8(1..255));
    let conf = format!(
        "[Interface]\nPrivateKey = {private_key}\nAddress = {address}\nDNS = 1.1.1.1\n\n[Peer]\nPublicKey = {peer_key}\nAllowedIPs = 0.0.0.0/0\nEndpoint = {}:51820\n",
        draft.token.hostname
    );
    draft.render("wg_conf", conf);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::luhn_check_digit;

    #[test]
    fn luhn_digit_matches_a_known_number() {
        // 4111 1111 1111 1111 is the classic Visa test number.
        let digits = [4, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1];
        assert_eq!(luhn_check_digit(&digits), 1);
    }
}
