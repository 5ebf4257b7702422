//! What a token is, for the kind picker: the kinds in a few groups, each with its icon (an SVG
//! among the page's own files, `icons/kinds-<group>.svg`).

/// The picker's groups, in the order it shows them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Group {
    Documents,
    Credentials,
    Web,
    Network,
    Mail,
    Other,
}

impl Group {
    pub const ALL: [Group; 6] =
        [Self::Documents, Self::Credentials, Self::Web, Self::Network, Self::Mail, Self::Other];

    pub fn label(self) -> &'static str {
        match self {
            Self::Documents => "Documents and files",
            Self::Credentials => "Cloud and credentials",
            Self::Web => "Web and URLs",
            Self::Network => "Network, DNS and hosts",
            Self::Mail => "Mail",
            Self::Other => "Other",
        }
    }

    /// The name in the icon's file and the picker's classes.
    pub fn slug(self) -> &'static str {
        match self {
            Self::Documents => "documents",
            Self::Credentials => "credentials",
            Self::Web => "web",
            Self::Network => "network",
            Self::Mail => "mail",
            Self::Other => "other",
        }
    }

    /// The group of kind `id`; a kind the catalog does not know goes under Other.
    pub fn of(id: &str) -> Self {
        match id {
            "doc-msword"
            | "doc-msexcel"
            | "msword-macro"
            | "msexcel-macro"
            | "pdf-acrobat-reader"
            | "windows-dir"
            | "mysql-dump"
            | "signed-exe"
            | "google-docs"
            | "google-sheets"
            | "autoreg-google-docs"
            | "autoreg-google-sheets" => Self::Documents,
            "aws-s3"
            | "aws-id"
            | "azure-id"
            | "azure-entra-login"
            | "slack-api"
            | "credit-card"
            | "active-directory-login"
            | "idp-app"
            | "wireguard" => Self::Credentials,
            "http" | "cloned-web" | "cloned-css" | "web-image" | "qr-code" | "fast-redirect"
            | "slow-redirect" | "pwa" => Self::Web,
            "dns" | "svn" | "sql" | "sensitive-cmd" => Self::Network,
            "gmail" | "office365mail" => Self::Mail,
            _ => Self::Other,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kinds::KINDS;

    #[test]
    fn every_catalog_kind_has_a_group_of_its_own_and_only_the_factory_is_other() {
        let other: Vec<_> =
            KINDS.iter().filter(|k| Group::of(k.id) == Group::Other).map(|k| k.id).collect();
        assert_eq!(other, ["tokenfactory"]);
        assert_eq!(Group::of("a-kind-from-next-year"), Group::Other);
        for group in Group::ALL {
            let icon = format!("{}/icons/kinds-{}.svg", env!("CARGO_MANIFEST_DIR"), group.slug());
            assert!(std::path::Path::new(&icon).exists(), "{icon}");
        }
    }
}
