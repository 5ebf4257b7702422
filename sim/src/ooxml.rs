//! Minimal Office Open XML packages (Word and Excel, with and without macros) that Office
//! and LibreOffice open. Each carries the token's URL the way tokened documents do: Word
//! through an `INCLUDEPICTURE` field fetched on open, Excel through a linked cell.

use crate::archive;
use crate::tokens::Token;

const RELS_NS: &str = "http://schemas.openxmlformats.org/package/2006/relationships";
const OFFICE_DOCUMENT: &str =
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument";

pub fn docx(token: &Token) -> Vec<u8> {
    word(token, "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml")
}

pub fn docm(token: &Token) -> Vec<u8> {
    word(token, "application/vnd.ms-word.document.macroEnabled.main+xml")
}

pub fn xlsx(token: &Token) -> Vec<u8> {
    excel(token, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml")
}

pub fn xlsm(token: &Token) -> Vec<u8> {
    excel(token, "application/vnd.ms-excel.sheet.macroEnabled.main+xml")
}

fn word(token: &Token, main_type: &str) -> Vec<u8> {
    let url = escape(&token.url);
    let document = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>Confidential: do not distribute.</w:t></w:r></w:p><w:p><w:fldSimple w:instr=" INCLUDEPICTURE &quot;{url}&quot; \d \* MERGEFORMAT "><w:r><w:t xml:space="preserve"> </w:t></w:r></w:fldSimple></w:p><w:sectPr/></w:body></w:document>"#
    );
    package("word/document.xml", main_type, &[("word/document.xml", document)], &[])
}

fn excel(token: &Token, main_type: &str) -> Vec<u8> {
    let url = escape(&token.url);
    let workbook = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>"#;
    let workbook_rels = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="{RELS_NS}"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>"#
    );
    let sheet = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>Confidential: do not distribute.</t></is></c></row></sheetData><hyperlinks><hyperlink ref="A1" r:id="rId1"/></hyperlinks></worksheet>"#;
    let sheet_rels = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="{RELS_NS}"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink" Target="{url}" TargetMode="External"/></Relationships>"#
    );
    package(
        "xl/workbook.xml",
        main_type,
        &[
            ("xl/workbook.xml", workbook.to_owned()),
            ("xl/_rels/workbook.xml.rels", workbook_rels),
            ("xl/worksheets/sheet1.xml", sheet.to_owned()),
            ("xl/worksheets/_rels/sheet1.xml.rels", sheet_rels),
        ],
        &[(
            "/xl/worksheets/sheet1.xml",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml",
        )],
    )
}

/// `[Content_Types].xml`, the package relationship to the main part, and the parts.
fn package(
    main: &str,
    main_type: &str,
    parts: &[(&str, String)],
    other_types: &[(&str, &str)],
) -> Vec<u8> {
    let overrides: String = std::iter::once((format!("/{main}"), main_type))
        .chain(other_types.iter().map(|(p, t)| ((*p).to_owned(), *t)))
        .map(|(part, kind)| format!(r#"<Override PartName="{part}" ContentType="{kind}"/>"#))
        .collect();
    let content_types = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>{overrides}</Types>"#
    );
    let rels = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="{RELS_NS}"><Relationship Id="rId1" Type="{OFFICE_DOCUMENT}" Target="{main}"/></Relationships>"#
    );
    let mut entries: Vec<(&str, &[u8])> =
        vec![("[Content_Types].xml", content_types.as_bytes()), ("_rels/.rels", rels.as_bytes())];
    entries.extend(parts.iter().map(|(path, xml)| (*path, xml.as_bytes())));
    archive::zip(&entries)
}

pub fn escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}
