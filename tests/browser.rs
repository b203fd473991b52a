//! The self-check page in a real browser: Debian's `chromium` driven through
//! `chromedriver` (W3C WebDriver, spoken here over plain HTTP with serde_json).
//! At a phone's width it fills the entity, sees the in-page USCC error, answers
//! every item with one hazard, exports, and runs `qingdan report` on the
//! downloaded file. Without chromium and chromedriver the test fails, unless
//! `QINGDAN_SKIP_TOOLS=1` says to skip it.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{json, Value};

const ELEMENT: &str = "element-6066-11e4-a52e-4f735466cecf";

fn on_path(tool: &str) -> Option<PathBuf> {
    std::env::var_os("PATH").and_then(|p| {
        std::env::split_paths(&p)
            .map(|d| d.join(tool))
            .find(|f| f.is_file())
    })
}

/// chromium and chromedriver, or a loud skip when QINGDAN_SKIP_TOOLS=1.
fn browser_tools() -> Option<(PathBuf, PathBuf)> {
    let chromium = on_path("chromium").or_else(|| on_path("chromium-browser"));
    let driver = on_path("chromedriver");
    match (chromium, driver) {
        (Some(c), Some(d)) => Some((c, d)),
        _ => {
            assert!(
                std::env::var_os("QINGDAN_SKIP_TOOLS").is_some_and(|v| v == "1"),
                "chromium or chromedriver missing: install chromium and chromium-driver (.ci/run does), or set QINGDAN_SKIP_TOOLS=1 to skip"
            );
            eprintln!("SKIPPED: chromium or chromedriver missing and QINGDAN_SKIP_TOOLS=1");
            None
        }
    }
}

/// A chromedriver process and one browser session, ended on drop.
struct Driver {
    child: Child,
    port: u16,
    session: String,
}

impl Driver {
    fn start(chromium: &Path, driver: &Path, downloads: &Path) -> Driver {
        let port = {
            let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
            l.local_addr().unwrap().port()
        };
        let child = Command::new(driver)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let mut d = Driver {
            child,
            port,
            session: String::new(),
        };
        let start = Instant::now();
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(
                start.elapsed() < Duration::from_secs(20),
                "chromedriver did not start"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
        let caps = json!({"capabilities": {"alwaysMatch": {
            "browserName": "chrome",
            "goog:chromeOptions": {
                "binary": chromium,
                "args": ["--headless=new", "--no-sandbox", "--disable-gpu",
                         "--disable-dev-shm-usage", "--window-size=412,915"],
                // A phone: 412 CSS pixels wide (a window cannot be that narrow).
                "mobileEmulation": {
                    "deviceMetrics": {"width": 412, "height": 915, "pixelRatio": 2.625, "touch": true}
                },
                "prefs": {
                    "download.default_directory": downloads,
                    "download.prompt_for_download": false
                }
            }
        }}});
        let v = d.call("POST", "/session", Some(caps));
        d.session = v["sessionId"].as_str().expect("session id").to_string();
        d
    }

    /// One WebDriver command; returns its `value`.
    fn call(&self, method: &str, path: &str, body: Option<Value>) -> Value {
        let body = body.map(|b| b.to_string()).unwrap_or_default();
        let mut s = TcpStream::connect(("127.0.0.1", self.port)).unwrap();
        s.set_read_timeout(Some(Duration::from_secs(60))).unwrap();
        write!(
            s,
            "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
            body.len()
        )
        .unwrap();
        // Headers, then exactly Content-Length bytes (the driver may keep the
        // connection open).
        let mut resp = Vec::new();
        let mut buf = [0u8; 8192];
        let json = loop {
            let n = s.read(&mut buf).unwrap();
            assert!(n > 0, "{method} {path}: connection closed early");
            resp.extend_from_slice(&buf[..n]);
            let Some(end) = resp.windows(4).position(|w| w == b"\r\n\r\n") else {
                continue;
            };
            let head = String::from_utf8_lossy(&resp[..end]).to_ascii_lowercase();
            let len = head
                .lines()
                .find_map(|l| l.strip_prefix("content-length:"))
                .map(|v| v.trim().parse::<usize>().unwrap());
            match len {
                Some(len) if resp.len() >= end + 4 + len => {
                    break String::from_utf8_lossy(&resp[end + 4..end + 4 + len]).into_owned();
                }
                Some(_) => continue,
                None if head.contains("transfer-encoding: chunked") => {
                    let body = String::from_utf8_lossy(&resp[end + 4..]).into_owned();
                    if body.contains("\r\n0\r\n") || body.starts_with("0\r\n") {
                        break dechunk(&body);
                    }
                }
                None => panic!("{method} {path}: no Content-Length in {head}"),
            }
        };
        let v: Value = serde_json::from_str(&json).unwrap_or_else(|e| panic!("{e}: {json}"));
        assert!(
            v["value"].get("error").is_none(),
            "{method} {path}: {}",
            v["value"]
        );
        v["value"].clone()
    }

    fn s(&self, rest: &str) -> String {
        format!("/session/{}{rest}", self.session)
    }

    fn goto(&self, url: &str) {
        self.call("POST", &self.s("/url"), Some(json!({ "url": url })));
    }

    fn find(&self, css: &str) -> String {
        let v = self.call(
            "POST",
            &self.s("/element"),
            Some(json!({"using": "css selector", "value": css})),
        );
        v[ELEMENT].as_str().unwrap().to_string()
    }

    fn type_into(&self, css: &str, text: &str) {
        let e = self.find(css);
        self.call(
            "POST",
            &self.s(&format!("/element/{e}/value")),
            Some(json!({ "text": text })),
        );
    }

    /// Scrolls the element to the middle of the screen, as a user would
    /// before tapping it (the sticky bar covers the bottom), then clicks.
    fn click(&self, css: &str) {
        let e = self.find(css);
        self.js(
            "arguments[0].scrollIntoView({block: 'center'});",
            json!([{ ELEMENT: e }]),
        );
        self.call(
            "POST",
            &self.s(&format!("/element/{e}/click")),
            Some(json!({})),
        );
    }

    fn text(&self, css: &str) -> String {
        let e = self.find(css);
        self.call("GET", &self.s(&format!("/element/{e}/text")), None)
            .as_str()
            .unwrap_or("")
            .to_string()
    }

    fn js(&self, script: &str, args: Value) -> Value {
        self.call(
            "POST",
            &self.s("/execute/sync"),
            Some(json!({ "script": script, "args": args })),
        )
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        if !self.session.is_empty() {
            let _ = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                self.call("DELETE", &self.s(""), None)
            }));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn dechunk(s: &str) -> String {
    let mut out = String::new();
    let mut rest = s;
    while let Some((size, tail)) = rest.split_once("\r\n") {
        let n = usize::from_str_radix(size.trim(), 16).unwrap_or(0);
        if n == 0 {
            break;
        }
        out.push_str(&tail[..n]);
        rest = &tail[n + 2..];
    }
    out
}

#[test]
fn an_enterprise_fills_the_page_on_a_phone_and_report_reads_the_export() {
    let Some((chromium, driver)) = browser_tools() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    common::copy_dir(&common::root().join("checklists"), &d.join("checklists"));
    let o = common::qingdan(
        d,
        &[
            "render",
            "-t",
            "self-check-page",
            "-c",
            "checklists/gongmao-major-hazards.yaml",
            "-o",
            "page.html",
        ],
    );
    assert!(o.status.success(), "{}", common::stderr(&o));
    let downloads = d.join("downloads");
    std::fs::create_dir(&downloads).unwrap();

    let b = Driver::start(&chromium, &driver, &downloads);
    b.goto(&format!("file://{}", d.join("page.html").display()));
    // Phone width.
    let width = b.js("return window.innerWidth;", json!([]));
    assert!(width.as_i64().unwrap() <= 412, "{width}");

    // The entity, with a USCC typo first: the page says so at once.
    b.type_into("input[name='entity.name']", "西安渭水示例机械制造有限公司");
    b.type_into("input[name='entity.uscc']", "91610131MA6U3K8E2K");
    assert_eq!(
        b.text("#uscc-error"),
        "校验位应为“J”，现为“K”，请核对营业执照"
    );
    b.js(
        "var u = document.getElementsByName('entity.uscc')[0]; u.value = ''; u.dispatchEvent(new Event('input', {bubbles: true}));",
        json!([]),
    );
    b.type_into("input[name='entity.uscc']", "91610131ma6u3k8e2j");
    assert_eq!(b.text("#uscc-error"), "");
    b.type_into(
        "input[name='entity.address']",
        "陕西省西安市高新区示例路88号",
    );
    b.type_into("input[name='entity.principal']", "赵立新");
    b.type_into("input[name='inspectors']", "孙晓梅、刘卫东");
    b.js(
        "var f = document.getElementsByName('date')[0]; f.value = '2025-03-12'; f.dispatchEvent(new Event('change', {bubbles: true}));",
        json!([]),
    );

    // Export refused: no part chosen, nothing answered.
    b.click("#export");
    let problems = b.text("#problems");
    assert!(problems.starts_with("未导出，请先补全："), "{problems}");
    assert!(
        problems.contains("请选择本单位适用的行业或专项"),
        "{problems}"
    );

    // 机械 and 粉尘爆炸: 3 + 7 + 10 items.
    b.click("#parts input[data-name='机械']");
    b.click("#parts input[data-name='粉尘爆炸']");
    let visible = b.js(
        "return Array.from(document.querySelectorAll('.item')).filter(function (i) { return i.offsetParent !== null; }).map(function (i) { return i.getAttribute('data-item'); });",
        json!([]),
    );
    let ids: Vec<String> = visible
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap().to_string())
        .collect();
    assert_eq!(ids.len(), 20, "{ids:?}");
    assert_eq!(ids[0], "gm-3-1");
    assert!(ids.iter().any(|i| i == "gm-11-10"));
    for id in &ids {
        let value = if id == "gm-11-3" { "hazard" } else { "ok" };
        b.click(&format!(".item[data-item='{id}'] input[value='{value}']"));
    }
    assert_eq!(
        b.text("#progress"),
        "已填 20/20，发现隐患 1 项，其中重大 1 项"
    );
    // The hazard's fields open; a typed `<script>` stays text.
    b.type_into(
        "textarea[name='gm-11-3.finding']",
        "干式除尘器未采取泄爆措施 <script>alert(1)</script>",
    );
    b.type_into("textarea[name='gm-11-3.measure']", "加装泄爆片");
    b.type_into("input[name='gm-11-3.owner']", "王建军");
    b.type_into("input[name='gm-11-3.funds']", "85000");
    b.js(
        "var f = document.getElementsByName('gm-11-3.deadline')[0]; f.value = '2025-04-15'; f.dispatchEvent(new Event('change', {bubbles: true}));",
        json!([]),
    );
    b.click("#export");
    assert_eq!(b.text("#problems"), "");
    let notice = b.text("#notice");
    assert!(notice.starts_with("已导出"), "{notice}");
    // Warned, not refused: the major hazard lacks its 应急预案.
    assert!(
        notice.ends_with("。提示：第 53 项重大隐患五落实未填：应急预案"),
        "{notice}"
    );

    // The download arrives.
    let start = Instant::now();
    let file = loop {
        let found = std::fs::read_dir(&downloads)
            .unwrap()
            .filter_map(|e| e.ok().map(|e| e.path()))
            .find(|p| p.extension().is_some_and(|e| e == "yaml"));
        if let Some(f) = found {
            break f;
        }
        assert!(start.elapsed() < Duration::from_secs(20), "no download");
        std::thread::sleep(Duration::from_millis(100));
    };
    let exported = std::fs::read_to_string(&file).unwrap();

    // Another visit with nothing saved: importing the file restores every
    // answer, and exporting again gives the same file.
    b.js("localStorage.clear();", json!([]));
    b.goto(&format!("file://{}", d.join("page.html").display()));
    assert_eq!(
        b.text("#progress"),
        "已填 0/3，发现隐患 0 项，其中重大 0 项"
    );
    b.type_into("#import", file.to_str().unwrap());
    let start = Instant::now();
    while b.text("#notice").is_empty() && b.text("#problems").is_empty() {
        assert!(
            start.elapsed() < Duration::from_secs(10),
            "import did not finish"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    assert_eq!(b.text("#problems"), "");
    assert_eq!(b.text("#notice"), "已导入 20 项");
    assert_eq!(
        b.text("#progress"),
        "已填 20/20，发现隐患 1 项，其中重大 1 项"
    );
    let again = b.js("return window.qingdanCollect().text;", json!([]));
    assert_eq!(again.as_str().unwrap(), exported);
    // A results file of another checklist is refused, naming both.
    let other = d.join("other.yaml");
    std::fs::write(
        &other,
        "checklist: gas-major-hazards\nanswers:\n  gas-4-1: ok\n",
    )
    .unwrap();
    b.type_into("#import", other.to_str().unwrap());
    let start = Instant::now();
    while b.text("#problems").is_empty() {
        assert!(start.elapsed() < Duration::from_secs(10), "no refusal");
        std::thread::sleep(Duration::from_millis(50));
    }
    assert_eq!(
        b.text("#problems"),
        "未导入：这是“gas-major-hazards”清单的结果，本页是“gongmao-major-hazards”"
    );
    drop(b);
    let name = file.file_name().unwrap().to_string_lossy().into_owned();
    assert_eq!(
        name,
        "gongmao-major-hazards-西安渭水示例机械制造有限公司-2025-03-12.yaml"
    );
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(
        text.contains("checklist: \"gongmao-major-hazards:机械,粉尘爆炸\"\n"),
        "{text}"
    );
    assert!(text.contains("  uscc: \"91610131MA6U3K8E2J\"\n"), "{text}");
    assert!(
        text.contains("  # 53 干式除尘系统未采取泄爆、惰化、抑爆等任一种爆炸防控措施的\n  gm-11-3:\n    status: hazard\n"),
        "{text}"
    );
    // Typed markup is text in the page and a quoted string in the file.
    assert!(text.contains("    finding: \"干式除尘器未采取泄爆措施 <script>alert(1)</script>\"\n"));

    // The export is accepted as is; the one warning is the 预案 left out.
    let o = common::qingdan(d, &["validate", file.to_str().unwrap()]);
    assert!(o.status.success(), "{}\n{text}", common::stderr(&o));
    let err = common::stderr(&o);
    assert_eq!(err.matches("warning:").count(), 1, "{err}");
    assert!(err.contains("lacks 五落实 field: 预案 `plan`"), "{err}");
    // Saved again with CRLF line ends (Notepad, mail): not an edit.
    let crlf = d.join("crlf.yaml");
    std::fs::write(&crlf, text.replace('\n', "\r\n")).unwrap();
    let o = common::qingdan(d, &["validate", crlf.to_str().unwrap()]);
    let err = common::stderr(&o);
    assert!(!err.contains("changed after"), "{err}");
    // An answer changed by hand after the export: validate warns at the checksum line.
    let edited = d.join("edited.yaml");
    std::fs::write(&edited, text.replace("加装泄爆片", "加装泄爆片和隔爆阀")).unwrap();
    let o = common::qingdan(d, &["validate", edited.to_str().unwrap()]);
    assert!(o.status.success(), "{}", common::stderr(&o));
    let lines = text.lines().count();
    assert!(
        common::stderr(&o).contains(&format!(
            "edited.yaml:{lines}:1: warning: the file was changed after the self-check page exported it"
        )),
        "{}",
        common::stderr(&o)
    );
    let o = common::qingdan(
        d,
        &[
            "report",
            "--results",
            file.to_str().unwrap(),
            "--as-of",
            "2025-03-20",
            "-o",
            "report.md",
        ],
    );
    assert!(o.status.success(), "{}", common::stderr(&o));
    let report = std::fs::read_to_string(d.join("report.md")).unwrap();
    assert!(report.contains("西安渭水示例机械制造有限公司"), "{report}");
    assert!(report.contains("干式除尘器未采取泄爆措施"), "{report}");
    assert!(report.contains("王建军"), "{report}");
}

/// The page's contract without a browser: every item of the 燃气 list with its
/// three answers and seven hazard fields, the entity inputs, nothing loaded
/// from anywhere, and data that cannot become markup.
#[test]
fn the_page_holds_every_item_and_only_inline_code() {
    use scraper::{Html, Selector};
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let sel = |s: &str| Selector::parse(s).unwrap();
    let o = common::qingdan(
        d,
        &[
            "render",
            "-t",
            "self-check-page",
            "-c",
            common::root()
                .join("checklists/gas-major-hazards.yaml")
                .to_str()
                .unwrap(),
            "-o",
            "-",
        ],
    );
    assert!(o.status.success(), "{}", common::stderr(&o));
    let page = Html::parse_document(&String::from_utf8(o.stdout).unwrap());
    let items: Vec<_> = page.select(&sel(".item[data-item]")).collect();
    assert_eq!(items.len(), 22);
    for it in &items {
        let id = it.value().attr("data-item").unwrap();
        let values: Vec<&str> = it
            .select(&sel("input[type=radio]"))
            .map(|r| {
                assert_eq!(r.value().attr("name"), Some(id));
                r.value().attr("value").unwrap()
            })
            .collect();
        assert_eq!(values, ["ok", "na", "hazard"]);
        for f in [
            "finding",
            "measure",
            "owner",
            "funds",
            "deadline",
            "plan",
            "rectified_on",
        ] {
            let name = format!("{id}.{f}");
            assert_eq!(
                it.select(&sel(&format!("[name='{name}']"))).count(),
                1,
                "{name}"
            );
        }
    }
    for f in ["name", "uscc", "address", "principal", "contact", "phone"] {
        assert_eq!(
            page.select(&sel(&format!("input[name='entity.{f}']")))
                .count(),
            1
        );
    }
    assert_eq!(page.select(&sel("button#export")).count(), 1);
    // Each item's basis and method; no 重大 mark in a list of major hazards only.
    let meta: String = items[0]
        .select(&sel(".meta"))
        .next()
        .unwrap()
        .text()
        .collect();
    assert_eq!(
        meta,
        "依据：《城镇燃气经营安全重大隐患判定标准》第四条第（一）项 · 检查方式：查资料"
    );
    // One place for the USCC message, right under its input.
    assert_eq!(page.select(&sel("#uscc-error")).count(), 1);
    assert_eq!(
        page.select(&sel("label:has(input[name='entity.uscc']) + #uscc-error"))
            .count(),
        1
    );
    // No part to choose in a list without parts.
    assert_eq!(page.select(&sel("#parts")).count(), 0);
    // Nothing is fetched: no src/href, scripts inline.
    assert_eq!(page.select(&sel("[src], [href], link")).count(), 0);
    assert_eq!(page.select(&sel("script")).count(), 2);

    // Markup in a checklist stays text.
    let yaml = std::fs::read_to_string(common::root().join("tests/fixtures/valid/minimal.yaml"))
        .unwrap()
        .replace(
            "title: 测试清单",
            "title: \"测试</title><script>alert(1)</script>\"",
        );
    std::fs::write(d.join("evil.yaml"), yaml).unwrap();
    let o = common::qingdan(
        d,
        &[
            "render",
            "-t",
            "self-check-page",
            "-c",
            "evil.yaml",
            "-o",
            "-",
        ],
    );
    assert!(o.status.success(), "{}", common::stderr(&o));
    let html = String::from_utf8(o.stdout).unwrap();
    let page = Html::parse_document(&html);
    assert_eq!(page.select(&sel("script")).count(), 2);
    let h1: String = page.select(&sel("h1")).next().unwrap().text().collect();
    assert_eq!(h1, "测试</title><script>alert(1)</script>");
    // In the JSON the script reads, `<` cannot close the element.
    assert!(
        html.contains(r#""title":"测试\u003c/title\u003e"#),
        "{html}"
    );

    // Without a method, no 检查方式; in an inspection list, 重大 marks the major items.
    let yaml = std::fs::read_to_string(common::root().join("tests/fixtures/valid/minimal.yaml"))
        .unwrap()
        .replace("kind: hazards", "kind: inspection")
        .replacen("        method: 查资料\n", "", 1);
    std::fs::write(d.join("plain.yaml"), yaml).unwrap();
    let o = common::qingdan(
        d,
        &[
            "render",
            "-t",
            "self-check-page",
            "-c",
            "plain.yaml",
            "-o",
            "-",
        ],
    );
    assert!(o.status.success(), "{}", common::stderr(&o));
    let page = Html::parse_document(&String::from_utf8(o.stdout).unwrap());
    let metas: Vec<String> = page
        .select(&sel(".item .meta"))
        .map(|m| m.text().collect())
        .collect();
    assert!(!metas[0].contains("检查方式"), "{metas:?}");
    assert!(metas[0].ends_with(" · 重大"), "{metas:?}");
    assert!(metas.iter().any(|m| !m.contains(" · 重大")), "{metas:?}");

    // A duties list has no self-check page.
    let o = common::qingdan(
        d,
        &[
            "render",
            "-t",
            "self-check-page",
            "-c",
            common::root()
                .join("checklists/principal-duties-law-21.yaml")
                .to_str()
                .unwrap(),
            "-o",
            "x.html",
        ],
    );
    assert_eq!(o.status.code(), Some(1));
    assert!(
        common::stderr(&o)
            .contains("template `self-check-page` is for hazards or inspection checklists"),
        "{}",
        common::stderr(&o)
    );
    assert!(!d.join("x.html").exists());
}

/// `letters --pages`: each recipient with a sheet also gets its own page,
/// pre-filled from the roster and limited to its parts; index.csv names it; a
/// run without `--pages` removes the earlier pages.
#[test]
fn letters_pages_are_prefilled_and_composed() {
    use scraper::{Html, Selector};
    let roster = "名称,行业,地址,联系人,电话,统一社会信用代码,乡镇,专项\n\
        甲机械厂\"<b>\",机械,新城镇工业园区1号,王堃,0357-360000,91141023MA0AY4CL0C,新城镇,粉尘涉爆\n\
        乙燃气公司,燃气,赵康镇2号,李喆,0357-360137,91141023MA012TH319,赵康镇,\n";
    let dir = common::letters_dir(roster);
    let d = dir.path();
    let o = common::letters_with(d, "roster.csv", &["--format", "md", "--pages"]);
    assert!(o.status.success(), "{}", common::stderr(&o));
    let sel = |s: &str| Selector::parse(s).unwrap();
    let page = |name: &str| {
        Html::parse_document(&std::fs::read_to_string(d.join("out").join(name)).unwrap())
    };
    let first = page("001-甲机械厂__b-自查填报.html");
    let value = |p: &Html, n: &str| {
        p.select(&sel(&format!("input[name='{n}']")))
            .next()
            .unwrap()
            .value()
            .attr("value")
            .unwrap()
            .to_string()
    };
    assert_eq!(value(&first, "entity.name"), "甲机械厂\"<b>\"");
    assert_eq!(value(&first, "entity.uscc"), "91141023MA0AY4CL0C");
    assert_eq!(value(&first, "entity.address"), "新城镇工业园区1号");
    assert_eq!(value(&first, "entity.phone"), "0357-360000");
    // 第三条 3 + 第七条 7 + 第十一条 10, nothing to choose.
    assert_eq!(first.select(&sel(".item[data-item]")).count(), 20);
    assert_eq!(first.select(&sel("#parts")).count(), 0);
    let second = page("002-乙燃气公司-自查填报.html");
    assert_eq!(second.select(&sel(".item[data-item]")).count(), 22);

    let index = std::fs::read_to_string(d.join("out/index.csv")).unwrap();
    let mut lines = index.trim_start_matches('\u{feff}').lines();
    assert_eq!(
        lines.next().unwrap(),
        "序号,收件单位,文件,发文字号,附件清单,页数,自查填报页"
    );
    assert!(
        lines
            .next()
            .unwrap()
            .ends_with(",001-甲机械厂__b-自查填报.html"),
        "{index}"
    );

    // Without --pages the earlier pages go, with their letters kept.
    let o = common::letters_with(d, "roster.csv", &["--format", "md"]);
    assert!(o.status.success(), "{}", common::stderr(&o));
    // Said as pages, not as letters.
    let err = common::stderr(&o);
    assert!(
        err.contains("001-甲机械厂__b-自查填报.html (an earlier run's self-check page)"),
        "{err}"
    );
    assert!(!err.contains("letter)"), "{err}");
    assert!(!d.join("out/001-甲机械厂__b-自查填报.html").exists());
    assert!(d.join("out/001-甲机械厂__b.md").exists());
    let index = std::fs::read_to_string(d.join("out/index.csv")).unwrap();
    assert!(index.lines().nth(1).unwrap().ends_with(','), "{index}");
}
