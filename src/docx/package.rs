//! The package: every part zipped in a fixed order with a fixed timestamp
//! (1980-01-01, the ZIP epoch) and fixed permissions, so the same document gives
//! the same bytes on any machine, in any time zone, at any hour. Dates inside
//! (`docProps/core.xml`) come from the document, as the PDF's do.

use std::io::Write;

use super::sections::{Furniture, Kind, Part};
use super::xml::Xml;
use super::{styles, Ctx, Error, Info};

const CT_NS: &str = "http://schemas.openxmlformats.org/package/2006/content-types";
const REL_NS: &str = "http://schemas.openxmlformats.org/package/2006/relationships";
const OFFICE_REL: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
const WML: &str = "application/vnd.openxmlformats-officedocument.wordprocessingml";

/// `[Content_Types].xml`.
fn content_types(furniture: &Furniture) -> String {
    let mut x = Xml::part();
    x.open("Types", &[("xmlns", CT_NS)]);
    x.empty(
        "Default",
        &[
            ("Extension", "rels"),
            (
                "ContentType",
                "application/vnd.openxmlformats-package.relationships+xml",
            ),
        ],
    );
    x.empty(
        "Default",
        &[("Extension", "xml"), ("ContentType", "application/xml")],
    );
    let over = |x: &mut Xml, part: &str, ty: String| {
        x.empty("Override", &[("PartName", part), ("ContentType", &ty)]);
    };
    over(
        &mut x,
        "/word/document.xml",
        format!("{WML}.document.main+xml"),
    );
    over(&mut x, "/word/styles.xml", format!("{WML}.styles+xml"));
    over(&mut x, "/word/settings.xml", format!("{WML}.settings+xml"));
    over(
        &mut x,
        "/word/fontTable.xml",
        format!("{WML}.fontTable+xml"),
    );
    for (i, p) in furniture.parts.iter().enumerate() {
        let ty = match p.kind {
            Kind::Header => format!("{WML}.header+xml"),
            Kind::Footer => format!("{WML}.footer+xml"),
        };
        over(&mut x, &format!("/word/{}", furniture.file(i)), ty);
    }
    over(
        &mut x,
        "/docProps/core.xml",
        "application/vnd.openxmlformats-package.core-properties+xml".into(),
    );
    over(
        &mut x,
        "/docProps/app.xml",
        "application/vnd.openxmlformats-officedocument.extended-properties+xml".into(),
    );
    x.close("Types");
    x.finish()
}

/// `_rels/.rels`.
fn root_rels() -> String {
    let mut x = Xml::part();
    x.open("Relationships", &[("xmlns", REL_NS)]);
    for (id, ty, target) in [
        (
            "rId1",
            format!("{OFFICE_REL}/officeDocument"),
            "word/document.xml",
        ),
        (
            "rId2",
            "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties"
                .to_string(),
            "docProps/core.xml",
        ),
        (
            "rId3",
            format!("{OFFICE_REL}/extended-properties"),
            "docProps/app.xml",
        ),
    ] {
        x.empty(
            "Relationship",
            &[("Id", id), ("Type", &ty), ("Target", target)],
        );
    }
    x.close("Relationships");
    x.finish()
}

/// `word/_rels/document.xml.rels`: styles, settings, fonts, then the
/// headers and footers (ids from [`Part::rid`]).
fn document_rels(furniture: &Furniture) -> String {
    let mut x = Xml::part();
    x.open("Relationships", &[("xmlns", REL_NS)]);
    for (id, ty, target) in [
        ("rId1", "styles", "styles.xml"),
        ("rId2", "settings", "settings.xml"),
        ("rId3", "fontTable", "fontTable.xml"),
    ] {
        x.empty(
            "Relationship",
            &[
                ("Id", id),
                ("Type", &format!("{OFFICE_REL}/{ty}")),
                ("Target", target),
            ],
        );
    }
    for (i, p) in furniture.parts.iter().enumerate() {
        let ty = match p.kind {
            Kind::Header => "header",
            Kind::Footer => "footer",
        };
        x.empty(
            "Relationship",
            &[
                ("Id", &Part::rid(i)),
                ("Type", &format!("{OFFICE_REL}/{ty}")),
                ("Target", &furniture.file(i)),
            ],
        );
    }
    x.close("Relationships");
    x.finish()
}

/// `docProps/core.xml`: title, author, subject and the document's date.
fn core(info: &Info) -> String {
    let (y, m, d) = info.date.unwrap_or((1970, 1, 1));
    let date = format!("{y:04}-{m:02}-{d:02}T00:00:00Z");
    let mut x = Xml::part();
    x.open(
        "cp:coreProperties",
        &[
            (
                "xmlns:cp",
                "http://schemas.openxmlformats.org/package/2006/metadata/core-properties",
            ),
            ("xmlns:dc", "http://purl.org/dc/elements/1.1/"),
            ("xmlns:dcterms", "http://purl.org/dc/terms/"),
            ("xmlns:xsi", "http://www.w3.org/2001/XMLSchema-instance"),
        ],
    );
    if let Some(t) = &info.title {
        x.leaf("dc:title", &[], t);
    }
    if let Some(s) = &info.subject {
        x.leaf("dc:subject", &[], s);
    }
    if let Some(a) = &info.author {
        x.leaf("dc:creator", &[], a);
    }
    x.leaf("dc:language", &[], "zh-CN");
    for tag in ["dcterms:created", "dcterms:modified"] {
        x.leaf(tag, &[("xsi:type", "dcterms:W3CDTF")], &date);
    }
    x.close("cp:coreProperties");
    x.finish()
}

/// `docProps/app.xml`: the application's name (no version: a new qingdan
/// release alone does not change the bytes).
fn app() -> String {
    let mut x = Xml::part();
    x.open(
        "Properties",
        &[(
            "xmlns",
            "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties",
        )],
    );
    x.leaf("Application", &[], "qingdan");
    x.close("Properties");
    x.finish()
}

/// Zips the package.
pub(crate) fn write(
    ctx: &Ctx<'_>,
    info: &Info,
    document: &str,
    furniture: &Furniture,
) -> Result<Vec<u8>, Error> {
    let mut parts: Vec<(String, String)> = vec![
        ("[Content_Types].xml".into(), content_types(furniture)),
        ("_rels/.rels".into(), root_rels()),
        ("docProps/core.xml".into(), core(info)),
        ("docProps/app.xml".into(), app()),
        ("word/document.xml".into(), document.to_string()),
        (
            "word/_rels/document.xml.rels".into(),
            document_rels(furniture),
        ),
        ("word/styles.xml".into(), styles::styles(ctx)),
        ("word/settings.xml".into(), styles::settings(ctx)),
        (
            "word/fontTable.xml".into(),
            styles::font_table(&ctx.fonts()),
        ),
    ];
    for (i, p) in furniture.parts.iter().enumerate() {
        parts.push((format!("word/{}", furniture.file(i)), p.xml.clone()));
    }
    let zerr = |e: zip::result::ZipError| Error::Zip(e.to_string());
    let ioerr = |e: std::io::Error| Error::Zip(e.to_string());
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .last_modified_time(zip::DateTime::default())
        .unix_permissions(0o644);
    for (name, text) in &parts {
        zip.start_file(name.as_str(), options).map_err(zerr)?;
        zip.write_all(text.as_bytes()).map_err(ioerr)?;
    }
    Ok(zip.finish().map_err(zerr)?.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn core_dates_come_from_the_document() {
        let info = Info {
            title: Some("函 & 表".into()),
            date: Some((2025, 2, 21)),
            ..Info::default()
        };
        let c = core(&info);
        assert!(c.contains("<dc:title>函 &amp; 表</dc:title>"));
        assert!(c.contains(">2025-02-21T00:00:00Z</dcterms:created>"));
        assert!(core(&Info::default()).contains(">1970-01-01T00:00:00Z</dcterms:modified>"));
    }
}
