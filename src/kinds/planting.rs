//! How to plant each kind: two to four short steps, shown after a token is created and on its
//! screen. Text only; kinds made on the Console's side have none.

/// The steps for kind `id` (empty for a kind without any).
pub fn steps(id: &str) -> &'static [&'static str] {
    match id {
        "http" => &[
            "Put the URL where only an intruder would open it: a bookmark, a wiki page, a link in a document.",
            "It fires when the URL is fetched, by a browser or a script.",
        ],
        "dns" => &[
            "Use the hostname where an attacker would look it up: a hosts file, a config file, a backup script.",
            "It fires when the name is resolved, even if nothing connects.",
        ],
        "cloned-web" => &[
            "Add the script to the pages of your real site, its login page first.",
            "It fires when a copy of the page is served from another domain (a phishing clone).",
        ],
        "cloned-css" => &[
            "Add the CSS to your site's stylesheet.",
            "It fires when a copy of your site loads it from another domain.",
        ],
        "azure-entra-login" => &[
            "Add the CSS to your Entra ID sign-in page (Company branding → Custom CSS).",
            "It fires when the sign-in page is cloned and served from elsewhere.",
        ],
        "doc-msword" | "doc-msexcel" | "pdf-acrobat-reader" => &[
            "Download the file and give it a name worth opening, e.g. “Salaries 2026”.",
            "Put it on a file share, in a mailbox or on a laptop's desktop.",
            "It fires when it is opened (Acrobat Reader for the PDF; Office for the others).",
        ],
        "msword-macro" | "msexcel-macro" => &[
            "Download the document and place it where an intruder would look.",
            "It fires when it is opened and its macros are allowed to run.",
        ],
        "web-image" => &[
            "Use the image's URL in a page, a document or an email signature.",
            "It fires when the image is loaded.",
        ],
        "windows-dir" => &[
            "Download the zip and extract the folder onto a share or a machine.",
            "It fires when someone browses the folder in Windows Explorer.",
        ],
        "aws-s3" => &[
            "Name the bucket in configs, scripts or documents an intruder might read.",
            "It fires when anyone lists or reads it.",
        ],
        "aws-id" => &[
            "Put the key pair in ~/.aws/credentials under a plausible profile name, or in a CI secret or a config file.",
            "Give it an expiry where it serves CI runs.",
            "It fires when anyone uses the keys against AWS; the alert names the call.",
        ],
        "azure-id" => &[
            "Put the certificate and its config where Azure credentials would live, e.g. on a build agent.",
            "It fires when someone signs in to Azure with them.",
        ],
        "qr-code" => &[
            "Print the code and put it where a curious visitor would scan it.",
            "It fires when it is scanned and opened.",
        ],
        "fast-redirect" | "slow-redirect" => &[
            "Share the URL where an intruder would follow it.",
            "It fires, then sends the visitor on to the address you set (the slow one gathers browser details first).",
        ],
        "sensitive-cmd" => &[
            "Download the .reg file and import it on the Windows machine as an administrator (reg import <file>).",
            "It fires when the watched program is run there.",
        ],
        "signed-exe" => &[
            "Download the tokened program and put it where it would be run.",
            "It fires when it is run.",
        ],
        "slack-api" => &[
            "Put the token in a config file or a script that talks to Slack.",
            "It fires when someone uses it against Slack's API.",
        ],
        "wireguard" => &[
            "Leave the config among a laptop's VPN configs, or import it into its WireGuard client.",
            "It fires when someone connects with it.",
        ],
        "mysql-dump" => &[
            "Download the dump and leave it among backups.",
            "It fires when it is loaded into a MySQL server.",
        ],
        "credit-card" => &[
            "Leave the card's details where an intruder would find them: a document, a ticket, a note.",
            "It fires when someone tries to use the card.",
        ],
        "pwa" => &[
            "Open the URL on a phone and add the app to its home screen.",
            "It fires when the app is opened.",
        ],
        "idp-app" => &[
            "Add the app to your identity provider with its entity ID and URL.",
            "It fires when someone signs in to it from the IdP's portal.",
        ],
        "active-directory-login" => &[
            "Create the decoy accounts in Active Directory as the Console describes.",
            "It fires when someone tries to sign in with them.",
        ],
        "svn" => &[
            "Use the repository's URL in configs or documentation.",
            "It fires when someone checks it out.",
        ],
        "sql" => &[
            "Run the SQL on your SQL Server to add the table, view or function.",
            "It fires when it is queried.",
        ],
        "google-docs" | "google-sheets" => &[
            "Open it from the link and keep it in a Drive an intruder would browse.",
            "It fires when someone opens it.",
        ],
        _ => &[],
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kinds::{Creation, KINDS};

    #[test]
    fn every_kind_made_here_says_how_to_plant_it_in_two_to_four_steps() {
        for kind in KINDS.iter().filter(|k| matches!(k.creation, Creation::Plain)) {
            let n = steps(kind.id).len();
            assert!((2..=4).contains(&n), "{}: {n} steps", kind.id);
        }
        assert!(steps("gmail").is_empty());
    }
}
