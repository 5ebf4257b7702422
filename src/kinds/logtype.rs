//! The incident `logtype` each kind's alerts carry (reference §4.8), as data: the alert list
//! names an alert's kind by it, and its kind filter sends it (`filter_logtypes`). HTTP-channel
//! kinds are 17xxx, DNS-channel ones 16xxx; the Google kinds a factory makes share their plain
//! kind's number.

pub const LOGTYPES: &[(&str, u32)] = &[
    ("http", 17000),
    ("web-image", 17001),
    ("cloned-web", 17003),
    ("doc-msword", 17004),
    ("aws-s3", 17005),
    ("google-docs", 17006),
    ("autoreg-google-docs", 17006),
    ("google-sheets", 17007),
    ("autoreg-google-sheets", 17007),
    ("signed-exe", 17008),
    ("qr-code", 17009),
    ("aws-id", 17012),
    ("fast-redirect", 17016),
    ("slow-redirect", 17017),
    ("office365mail", 17019),
    ("slack-api", 17020),
    ("gmail", 17021),
    ("wireguard", 17022),
    ("doc-msexcel", 17023),
    ("azure-id", 17024),
    ("cloned-css", 17025),
    ("azure-entra-login", 17026),
    ("credit-card", 17027),
    ("pwa", 17028),
    ("mysql-dump", 17029),
    ("dns", 16000),
    ("windows-dir", 16006),
    ("pdf-acrobat-reader", 16008),
    ("msword-macro", 16009),
    ("msexcel-macro", 16010),
    ("sensitive-cmd", 16011),
    ("active-directory-login", 16012),
];

/// The logtype of `kind`'s alerts, when the reference lists it.
pub fn logtype(kind: &str) -> Option<u32> {
    LOGTYPES.iter().find(|(k, _)| *k == kind).map(|(_, t)| *t)
}

/// The kind whose alerts carry `logtype` (the plain kind where several share it).
pub fn kind_of_logtype(logtype: u32) -> Option<&'static str> {
    LOGTYPES.iter().find(|(_, t)| *t == logtype).map(|(k, _)| *k)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_listed_kind_is_in_the_catalog_and_numbers_read_back() {
        for (kind, number) in LOGTYPES {
            assert!(super::super::find(kind).is_some(), "{kind} is not in the catalog");
            assert_eq!(logtype(kind), Some(*number));
        }
        assert_eq!(kind_of_logtype(17006), Some("google-docs"));
        assert_eq!(kind_of_logtype(16011), Some("sensitive-cmd"));
        assert_eq!(kind_of_logtype(1), None);
        assert_eq!(logtype("kubeconfig"), None);
    }
}
