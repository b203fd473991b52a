// qingdan self-check page: saves input in the browser, checks it as
// `qingdan validate` does, and exports a results file for `qingdan report`.
// No request leaves the page. Every value is written with textContent/value,
// never as HTML.
(function () {
  "use strict";
  var meta = JSON.parse(document.getElementById("qd-meta").textContent);
  var $ = function (s, r) { return (r || document).querySelector(s); };
  var $$ = function (s, r) { return Array.prototype.slice.call((r || document).querySelectorAll(s)); };
  var KEY = "qingdan:" + meta.id + ":" + (meta.uscc || "");

  // GB 32100: 18 characters, check character from the first 17 (as src/model/uscc.rs).
  var CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY";
  var WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
  function usccProblem(code) {
    var chars = Array.from(code);
    if (chars.length !== 18) return "统一社会信用代码应为18位，现为" + chars.length + "位";
    var sum = 0;
    for (var i = 0; i < 18; i++) {
      var v = CHARSET.indexOf(chars[i]);
      if (v < 0) {
        var why = /[a-z]/.test(chars[i]) ? "（字母应大写）" : (/[IOZSV]/.test(chars[i]) ? "（代码不使用 I、O、Z、S、V）" : "");
        return "第" + (i + 1) + "位“" + chars[i] + "”不是有效字符" + why;
      }
      if (i < 17) sum += v * WEIGHTS[i];
    }
    var check = CHARSET[(31 - sum % 31) % 31];
    if (chars[17] !== check) return "校验位应为“" + check + "”，现为“" + chars[17] + "”，请核对营业执照";
    return "";
  }

  function validDate(s) {
    var m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
    if (!m) return false;
    var y = +m[1], mo = +m[2], d = +m[3];
    if (y < 1900 || y > 2200 || mo < 1 || mo > 12 || d < 1) return false;
    var days = [31, (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][mo - 1];
    return d <= days;
  }

  function field(name) { return document.getElementsByName(name)[0]; }
  function val(name) { var f = field(name); return f ? f.value.trim() : ""; }
  function answer(item) {
    var r = $("input[type=radio]:checked", item);
    return r ? r.value : "";
  }
  function chosenParts() {
    return $$("#parts input[name=part]:checked").map(function (c) { return c.value; });
  }
  function visibleItems() {
    return $$(".item").filter(function (it) { return !it.closest(".part-off"); });
  }

  function applyParts() {
    var chosen = chosenParts();
    $$("section.sec[data-part]").forEach(function (s) {
      s.classList.toggle("part-off", chosen.indexOf(s.getAttribute("data-section")) < 0);
    });
  }

  function showHazard(item) {
    var hz = $(".hz", item);
    if (hz) hz.hidden = answer(item) !== "hazard";
  }

  function progress() {
    var items = visibleItems(), done = 0, hz = 0, major = 0;
    items.forEach(function (it) {
      var a = answer(it);
      it.classList.toggle("unanswered", !a);
      if (a) done++;
      if (a === "hazard") { hz++; if (it.getAttribute("data-severity") === "major") major++; }
    });
    $("#progress").textContent = "已填 " + done + "/" + items.length + "，发现隐患 " + hz + " 项，其中重大 " + major + " 项";
  }

  function usccCheck() {
    var code = val("entity.uscc");
    $("#uscc-error").textContent = code ? usccProblem(code) : "";
  }

  // Everything typed, by input name; radios by item id.
  function state() {
    var s = { fields: {}, parts: chosenParts() };
    $$("input[name], textarea[name]").forEach(function (f) {
      if (f.type === "radio") { if (f.checked) s.fields[f.name] = f.value; }
      else if (f.type !== "checkbox" && f.type !== "file") s.fields[f.name] = f.value;
    });
    return s;
  }
  function restore(s) {
    if (!s || typeof s !== "object") return;
    var fields = s.fields || {};
    $$("#parts input[name=part]").forEach(function (c) { c.checked = (s.parts || []).indexOf(c.value) >= 0; });
    Object.keys(fields).forEach(function (name) {
      var els = document.getElementsByName(name);
      for (var i = 0; i < els.length; i++) {
        var f = els[i];
        if (f.type === "radio") f.checked = f.value === fields[name];
        else if (!f.readOnly) f.value = String(fields[name]);
      }
    });
    refresh();
  }
  function save() {
    try { localStorage.setItem(KEY, JSON.stringify(state())); } catch (e) { /* private mode: nothing kept */ }
  }
  function refresh() {
    applyParts();
    $$(".item").forEach(showHazard);
    usccCheck();
    progress();
  }

  // YAML, written so that `qingdan validate` reads back exactly what was typed.
  function q(s) {
    return "\"" + String(s).replace(/[\\"]/g, "\\$&").replace(/\r\n|\r|\n/g, "\\n").replace(/\t/g, "\\t")
      .replace(/[\u0000-\u001f\u007f]/g, "") + "\"";
  }
  function comment(s) { return String(s).replace(/\s+/g, " ").slice(0, 60); }

  function collect() {
    var problems = [], warnings = [];
    if (!val("entity.name")) problems.push("请填写单位名称");
    var code = val("entity.uscc");
    if (!code) problems.push("请填写统一社会信用代码");
    else if (usccProblem(code)) problems.push("统一社会信用代码：" + usccProblem(code));
    var date = val("date");
    if (!validDate(date)) problems.push("请填写自查日期");
    if (!val("inspectors")) warnings.push("未填写自查人员");
    if (meta.parts && chosenParts().length === 0) problems.push("请选择本单位适用的行业或专项");
    var unanswered = [];
    var lines = [];
    visibleItems().forEach(function (it) {
      var id = it.getAttribute("data-item"), a = answer(it);
      var no = $(".no", it).textContent, text = $(".text", it).textContent;
      if (!a) { unanswered.push(no); return; }
      lines.push("  # " + no + " " + comment(text));
      if (a !== "hazard") { lines.push("  " + id + ": " + a); return; }
      var finding = val(id + ".finding");
      if (!finding) problems.push("第 " + no + " 项：请填写隐患描述");
      lines.push("  " + id + ":");
      lines.push("    status: hazard");
      lines.push("    finding: " + q(finding));
      ["measure", "owner", "plan"].forEach(function (k) {
        var v = val(id + "." + k);
        if (v) lines.push("    " + k + ": " + q(v));
      });
      var funds = val(id + ".funds");
      if (funds) {
        if (!/^\d+(\.\d+)?$/.test(funds) || +funds > 1e12) problems.push("第 " + no + " 项：资金应为 0 到 10¹² 元的数字");
        else lines.push("    funds: " + funds);
      }
      ["deadline", "rectified_on"].forEach(function (k) {
        var v = val(id + "." + k);
        if (v) {
          if (!validDate(v)) problems.push("第 " + no + " 项：日期“" + v + "”无效");
          else lines.push("    " + k + ": " + v);
        }
      });
      if (it.getAttribute("data-severity") === "major") {
        var missing = [["measure", "整改措施"], ["owner", "责任人"], ["funds", "资金"], ["deadline", "整改时限"], ["plan", "应急预案"]]
          .filter(function (p) { return !val(id + "." + p[0]); }).map(function (p) { return p[1]; });
        if (missing.length) warnings.push("第 " + no + " 项重大隐患五落实未填：" + missing.join("、"));
      }
    });
    if (unanswered.length) {
      problems.push("还有 " + unanswered.length + " 项未填：第 " + unanswered.slice(0, 12).join("、") + (unanswered.length > 12 ? " 等" : "") + " 项");
    }
    var parts = chosenParts().map(function (p) { return $("#parts input[value='" + CSS.escape(p) + "']").getAttribute("data-name"); });
    var checklist = meta.id + (parts.length ? ":" + parts.join(",") : "");
    var inspectors = val("inspectors").split(/[、,，;；\s]+/).filter(Boolean);
    var out = [
      "# 自查结果：" + comment(meta.title),
      "# 由 qingdan 自查页面导出，可用 qingdan validate / qingdan report 读取。",
      "checklist: " + q(checklist),
      "checklist_version: " + q(meta.version),
      "entity:",
      "  name: " + q(val("entity.name")),
      "  uscc: " + q(code)
    ];
    ["address", "principal", "contact", "phone"].forEach(function (k) {
      var v = val("entity." + k);
      if (v) out.push("  " + k + ": " + q(v));
    });
    out.push("date: " + date);
    if (inspectors.length) out.push("inspectors: [" + inspectors.map(q).join(", ") + "]");
    out.push("answers:");
    return { problems: problems, warnings: warnings, text: out.concat(lines).join("\n") + "\n" };
  }

  function report(r, done) {
    var p = $("#problems"), n = $("#notice");
    p.textContent = ""; n.textContent = "";
    if (r.problems.length) {
      p.textContent = "未导出，请先补全：" + r.problems.join("；");
      var first = visibleItems().filter(function (it) { return !answer(it); })[0];
      visibleItems().forEach(function (it) { it.classList.toggle("flag", !answer(it)); });
      if (first && first.scrollIntoView) first.scrollIntoView({ block: "center" });
      return false;
    }
    n.textContent = done + (r.warnings.length ? "。提示：" + r.warnings.join("；") : "");
    return true;
  }

  function fileName() {
    var name = val("entity.name").replace(/[\\/:*?"<>|\u0000-\u001f]/g, "_").slice(0, 40);
    return meta.id + "-" + (name || "自查") + "-" + (val("date") || "") + ".yaml";
  }

  $("#export").addEventListener("click", function () {
    var r = collect();
    if (!report(r, "已导出 " + fileName() + "；若没有出现下载，请用“复制结果”粘贴到微信或邮件，或在系统浏览器中打开本页")) return;
    var out = $("#out");
    out.value = r.text; out.hidden = false;
    try {
      var a = document.createElement("a");
      a.href = URL.createObjectURL(new Blob([r.text], { type: "application/x-yaml;charset=utf-8" }));
      a.download = fileName();
      document.body.appendChild(a); a.click(); a.remove();
    } catch (e) {
      $("#notice").textContent = "此浏览器不能下载文件：请用“复制结果”，或在系统浏览器中打开本页。";
    }
  });

  $("#copy").addEventListener("click", function () {
    var r = collect();
    if (!report(r, "已复制，可粘贴到微信、短信或邮件中发送")) return;
    var out = $("#out");
    out.value = r.text; out.hidden = false;
    out.select();
    var ok = false;
    try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
    if (!ok && navigator.clipboard) {
      navigator.clipboard.writeText(r.text).catch(function () {
        $("#notice").textContent = "无法自动复制：请长按下面的文字，全选后复制。";
      });
    }
  });

  var share = $("#share");
  if (navigator.share && navigator.canShare) {
    share.hidden = false;
    share.addEventListener("click", function () {
      var r = collect();
      if (!report(r, "请选择发送方式")) return;
      var file = new File([r.text], fileName(), { type: "text/plain" });
      var data = navigator.canShare({ files: [file] }) ? { files: [file], title: fileName() } : { text: r.text, title: fileName() };
      navigator.share(data).catch(function () { /* cancelled */ });
    });
  }

  document.addEventListener("input", function (e) {
    if (e.target.name === "entity.uscc") e.target.value = e.target.value.toUpperCase();
    refresh(); save();
  });
  document.addEventListener("change", function () { refresh(); save(); });
  $("#next").addEventListener("click", function () {
    var first = visibleItems().filter(function (it) { return !answer(it); })[0];
    if (first) { first.classList.add("flag"); first.scrollIntoView({ block: "center" }); }
  });

  var saved = null;
  try { saved = JSON.parse(localStorage.getItem(KEY) || "null"); } catch (e) { saved = null; }
  if (saved) restore(saved); else refresh();
  window.qingdanCollect = collect;
})();
