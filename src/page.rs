//! The offline self-check page (`self-check.html`): one self-contained HTML
//! file an enterprise fills in on a phone or a PC, which exports a results file
//! that `qingdan validate` and `qingdan report` read unchanged.
//!
//! A stage beside [`crate::html`]: it takes the rows of
//! [`crate::render::checklist_context`] and writes the form in Rust, so that all
//! data is escaped in one place ([`crate::html::escape`]). The style and script
//! are compiled in from `assets/page/`. No font is embedded (phones and PCs have
//! CJK system fonts), and nothing is ever requested from a network.
//!
//! The contract automated tests rely on (see README, "The self-check page"):
//! every item's container has `data-item="ID"` and radio inputs named `ID` with
//! values `ok`, `na`, `hazard`; the hazard fields are named `ID.finding`,
//! `ID.measure`, `ID.owner`, `ID.funds`, `ID.deadline`, `ID.plan`,
//! `ID.rectified_on`; the entity inputs `entity.name`, `entity.uscc`,
//! `entity.address`, `entity.principal`, `entity.contact`, `entity.phone`; the
//! export button has `id="export"`.

use std::fmt::Write as _;

use crate::html::escape;
use crate::model::{Checklist, Kind};
use crate::render::checklist_context;

/// The page's name in `render --template` and in `build`'s output folders.
pub const TEMPLATE: &str = "self-check-page";
/// What the page is, in Chinese (a column of `build`'s index).
pub const TITLE: &str = "自查填报页";
/// The file `build` writes for each checklist with a self-check.
pub const FILE_NAME: &str = "self-check.html";

const CSS: &str = include_str!("../assets/page/self-check.css");
const JS: &str = include_str!("../assets/page/self-check.js");

/// Entity fields written into the page (from a roster row), all optional.
#[derive(Debug, Clone, Default)]
pub struct Prefill {
    /// 单位名称.
    pub name: String,
    /// 统一社会信用代码.
    pub uscc: String,
    /// 地址.
    pub address: String,
    /// 联系人.
    pub contact: String,
    /// 电话.
    pub phone: String,
}

/// Whether a checklist of this kind has a self-check page.
pub fn applies_to(kind: Kind) -> bool {
    matches!(kind, Kind::Hazards | Kind::Inspection)
}

/// Digest of what makes a page besides the checklist (for `build`'s manifest).
pub fn source_digest() -> String {
    use sha2::{Digest, Sha256};
    let mut h = Sha256::new();
    h.update(CSS);
    h.update(JS);
    h.update(env!("CARGO_PKG_VERSION"));
    format!("{:x}", h.finalize())
}

/// The page for checklist `c` (whole, or composed from parts), pre-filled
/// with `prefill`.
pub fn render(c: &Checklist, prefill: &Prefill) -> String {
    let ctx = checklist_context(c, TEMPLATE);
    // A whole checklist with parts: the enterprise chooses its own.
    let choose_parts = c.composed.is_empty() && c.parts().next().is_some();
    let id = if c.composed.is_empty() {
        c.id.clone()
    } else {
        format!("{}:{}", c.id, c.composed.join(","))
    };
    let mut h = String::with_capacity(64 * 1024 + ctx.rows.len() * 1500);
    let title = c.title.clone();
    let _ = write!(
        h,
        "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta name=\"generator\" content=\"qingdan {}\">\n<title>{}</title>\n<style>\n{CSS}</style>\n</head>\n<body>\n",
        env!("CARGO_PKG_VERSION"),
        escape(&title)
    );
    let _ = write!(
        h,
        "<header>\n<h1>{}</h1>\n<p class=\"src\">自查填报：逐项选择“符合”“不涉及”或“存在隐患”，填完后导出结果文件交回。输入随时保存在本机浏览器中。</p>\n",
        escape(&title)
    );
    for s in &c.sources {
        let mut line = format!("《{}》", s.title);
        if let Some(n) = &s.doc_no {
            let _ = write!(line, "（{n}）");
        }
        let _ = writeln!(h, "<p class=\"src\">依据：{}</p>", escape(&line));
    }
    if ctx.draft {
        h.push_str("<p class=\"src\"><strong>草稿：本清单尚未核定，仅供试用。</strong></p>\n");
    }
    h.push_str("</header>\n<noscript><p>本页需要启用 JavaScript 才能保存和导出；也可以打印后手工填写。</p></noscript>\n");

    // The entity.
    h.push_str("<section id=\"entity\">\n<h2>单位信息</h2>\n");
    let fields = [
        ("entity.name", "单位名称", &prefill.name, ""),
        (
            "entity.uscc",
            "统一社会信用代码",
            &prefill.uscc,
            " maxlength=\"18\" autocapitalize=\"characters\" autocomplete=\"off\"",
        ),
        ("entity.address", "地址", &prefill.address, ""),
        ("entity.principal", "主要负责人", &String::new(), ""),
        ("entity.contact", "联系人", &prefill.contact, ""),
        ("entity.phone", "电话", &prefill.phone, " inputmode=\"tel\""),
    ];
    for (name, label, value, extra) in fields {
        let _ = writeln!(
            h,
            "<label>{label}<input type=\"text\" name=\"{name}\" value=\"{}\"{extra}></label>",
            escape(value)
        );
        if name == "entity.uscc" {
            h.push_str("<span class=\"err\" id=\"uscc-error\" role=\"alert\"></span>\n");
        }
    }
    h.push_str(
        "<label>自查日期<input type=\"date\" name=\"date\" min=\"1900-01-01\" max=\"2200-12-31\"></label>\n\
         <label>自查人员<input type=\"text\" name=\"inspectors\" placeholder=\"多人用、分隔\"></label>\n</section>\n",
    );

    if choose_parts {
        h.push_str("<section id=\"parts\">\n<h2>适用的行业和专项</h2>\n<p class=\"src\">请选择本单位的行业，以及涉及的专项；只需填写所选部分和共用部分。</p>\n");
        for s in c.parts() {
            let _ = writeln!(
                h,
                "<label><input type=\"checkbox\" name=\"part\" value=\"{}\" data-name=\"{}\"> {}</label>",
                escape(&s.id),
                escape(s.short_name()),
                escape(&s.title)
            );
        }
        h.push_str("</section>\n");
    }

    h.push_str("<main id=\"items\">\n");
    let mut open = false;
    for r in &ctx.rows {
        if r.section_start {
            if open {
                h.push_str("</section>\n");
            }
            open = true;
            let section = c.sections.iter().find(|s| s.id == r.section);
            let part = section
                .and_then(|s| s.part)
                .filter(|_| choose_parts)
                .map(|_| " data-part=\"1\"")
                .unwrap_or("");
            let _ = write!(
                h,
                "<section class=\"sec\" data-section=\"{}\"{part}>\n<h2>{}</h2>\n",
                escape(&r.section),
                escape(&r.section_title)
            );
        }
        if r.group {
            let _ = writeln!(
                h,
                "<div class=\"group\"><p class=\"q\"><span class=\"no\">{}</span><span class=\"text\">{}</span></p></div>",
                escape(&r.no),
                escape(&r.text)
            );
            continue;
        }
        let id = escape(&r.id);
        let _ = write!(
            h,
            "<div class=\"item\" data-item=\"{id}\" data-severity=\"{}\">\n\
             <p class=\"q\"><span class=\"no\">{}</span><span class=\"text\">{}</span></p>\n",
            r.severity,
            escape(&r.no),
            escape(&r.text)
        );
        let mut meta = format!("依据：{}", r.basis);
        if !r.method.is_empty() {
            let _ = write!(meta, " · 检查方式：{}", r.method);
        }
        if r.severity == "major" && c.kind != Kind::Hazards {
            meta.push_str(" · 重大");
        }
        let _ = writeln!(h, "<p class=\"meta\">{}</p>", escape(&meta));
        h.push_str("<fieldset class=\"ans\">");
        for (v, label) in [("ok", "符合"), ("na", "不涉及"), ("hazard", "存在隐患")] {
            let _ = write!(
                h,
                "<label><input type=\"radio\" name=\"{id}\" value=\"{v}\">{label}</label>"
            );
        }
        h.push_str("</fieldset>\n<div class=\"hz\" hidden>\n");
        for (f, label, kind) in [
            ("finding", "隐患描述", "textarea"),
            ("measure", "整改措施", "textarea"),
            ("owner", "责任人", "text"),
            ("funds", "资金（元）", "decimal"),
            ("deadline", "整改时限", "date"),
            ("plan", "应急预案", "textarea"),
            ("rectified_on", "已整改日期", "date"),
        ] {
            let _ = match kind {
                "textarea" => writeln!(h, "<label>{label}<textarea name=\"{id}.{f}\"></textarea></label>"),
                "decimal" => writeln!(h, "<label>{label}<input type=\"text\" inputmode=\"decimal\" name=\"{id}.{f}\"></label>"),
                _ => writeln!(h, "<label>{label}<input type=\"{kind}\" name=\"{id}.{f}\"></label>"),
            };
        }
        h.push_str("</div>\n</div>\n");
    }
    if open {
        h.push_str("</section>\n");
    }
    h.push_str("</main>\n");
    h.push_str(
        "<footer id=\"bar\"><div class=\"row\"><span id=\"progress\"></span>\
         <button type=\"button\" id=\"next\">下一个未填</button>\
         <button type=\"button\" id=\"export\">导出自查结果</button>\
         <button type=\"button\" id=\"copy\">复制结果</button>\
         <button type=\"button\" id=\"share\" hidden>分享</button>\
         <label class=\"btn\" for=\"import\">导入</label>\
         <input type=\"file\" id=\"import\" class=\"file\" accept=\".yaml,.yml,.txt,text/plain\"></div>\
         <div id=\"problems\" role=\"alert\"></div><div id=\"notice\" role=\"status\"></div>\
         <textarea id=\"out\" readonly hidden></textarea></footer>\n",
    );
    let meta = serde_json::json!({
        "id": id,
        "title": c.title,
        "version": c.version,
        "parts": choose_parts,
        "uscc": prefill.uscc,
    });
    let _ = write!(
        h,
        "<script type=\"application/json\" id=\"qd-meta\">{}</script>\n<script>\n{JS}</script>\n</body>\n</html>\n",
        script_json(&meta.to_string())
    );
    h
}

/// JSON made safe inside `<script>`: `<`, `>` and `&` as `\u` escapes, so no
/// value can close the element.
fn script_json(json: &str) -> String {
    json.replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_digest_is_a_sha256_of_the_assets() {
        let d = source_digest();
        assert_eq!(d.len(), 64);
        assert!(d.chars().all(|c| c.is_ascii_hexdigit()));
        use sha2::{Digest, Sha256};
        let mut h = Sha256::new();
        h.update(CSS);
        h.update(JS);
        h.update(env!("CARGO_PKG_VERSION"));
        assert_eq!(d, format!("{:x}", h.finalize()));
    }

    #[test]
    fn script_json_cannot_close_the_element() {
        assert_eq!(
            script_json(r#"{"t":"</script><b>&"}"#),
            r#"{"t":"\u003c/script\u003e\u003cb\u003e\u0026"}"#
        );
    }
}
