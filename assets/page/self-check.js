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

  // SHA-256 of a string's UTF-8 bytes, as hex (crypto.subtle is missing
  // outside secure contexts, e.g. pages opened in some in-app browsers).
  function sha256(text) {
    var K = [0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
      0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
      0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
      0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
      0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
      0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
      0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
      0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2];
    var bytes = new TextEncoder().encode(text);
    var len = bytes.length, total = ((len + 9 + 63) >> 6) << 6;
    var m = new Uint8Array(total);
    m.set(bytes); m[len] = 0x80;
    var bits = len * 8, dv = new DataView(m.buffer);
    dv.setUint32(total - 8, Math.floor(bits / 0x100000000)); dv.setUint32(total - 4, bits >>> 0);
    var H = [0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19];
    var w = new Array(64);
    var rotr = function (x, n) { return (x >>> n) | (x << (32 - n)); };
    for (var off = 0; off < total; off += 64) {
      for (var i = 0; i < 16; i++) w[i] = dv.getUint32(off + i * 4);
      for (i = 16; i < 64; i++) {
        var s0 = rotr(w[i - 15], 7) ^ rotr(w[i - 15], 18) ^ (w[i - 15] >>> 3);
        var s1 = rotr(w[i - 2], 17) ^ rotr(w[i - 2], 19) ^ (w[i - 2] >>> 10);
        w[i] = (w[i - 16] + s0 + w[i - 7] + s1) | 0;
      }
      var a = H[0], b = H[1], c = H[2], d = H[3], e = H[4], f = H[5], g = H[6], h = H[7];
      for (i = 0; i < 64; i++) {
        var t1 = (h + (rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)) + ((e & f) ^ (~e & g)) + K[i] + w[i]) | 0;
        var t2 = ((rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)) + ((a & b) ^ (a & c) ^ (b & c))) | 0;
        h = g; g = f; f = e; e = (d + t1) | 0; d = c; c = b; b = a; a = (t1 + t2) | 0;
      }
      H[0] = (H[0] + a) | 0; H[1] = (H[1] + b) | 0; H[2] = (H[2] + c) | 0; H[3] = (H[3] + d) | 0;
      H[4] = (H[4] + e) | 0; H[5] = (H[5] + f) | 0; H[6] = (H[6] + g) | 0; H[7] = (H[7] + h) | 0;
    }
    return H.map(function (x) { return ("0000000" + (x >>> 0).toString(16)).slice(-8); }).join("");
  }

  // The checksum `qingdan validate`/`report` check (src/model/results.rs,
  // checksum_body): lines without trailing blanks, each ended by LF.
  var CHECKSUM = "# qingdan-checksum: sha256:";
  function withChecksum(text) {
    var body = text.split("\n");
    if (body[body.length - 1] === "") body.pop();
    body = body.map(function (l) { return l.replace(/[ \t]+$/, ""); }).join("\n") + "\n";
    return body + CHECKSUM + sha256(body) + "\n";
  }

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
    return { problems: problems, warnings: warnings, text: withChecksum(out.concat(lines).join("\n") + "\n") };
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

  // Import: the results YAML this page exports, and hand-written ones of the
  // same plain shape (mappings, `- ` and `[a, b]` lists, quoted or plain values).
  function importError(n, what) { return new Error("第 " + (n + 1) + " 行：" + what); }
  function splitFlow(s, n) {
    var out = [], cur = "", quote = "";
    for (var i = 0; i < s.length; i++) {
      var c = s[i];
      if (quote) { cur += c; if (c === quote && s[i - 1] !== "\\") quote = ""; continue; }
      if (c === '"' || c === "'") { quote = c; cur += c; continue; }
      if (c === ",") { out.push(cur); cur = ""; continue; }
      cur += c;
    }
    if (quote) throw importError(n, "引号没有闭合");
    if (cur.trim()) out.push(cur);
    return out;
  }
  function scalar(v, n) {
    v = v.trim();
    if (v === "" || v === "~" || v === "null") return "";
    if (v[0] === '"') {
      var end = 1;
      while (end < v.length && (v[end] !== '"' || v[end - 1] === "\\")) end++;
      if (end >= v.length) throw importError(n, "引号没有闭合");
      try { return JSON.parse(v.slice(0, end + 1)); } catch (e) { throw importError(n, "无法读取带引号的文字"); }
    }
    if (v[0] === "'") {
      var m = /^'((?:[^']|'')*)'/.exec(v);
      if (!m) throw importError(n, "引号没有闭合");
      return m[1].replace(/''/g, "'");
    }
    if (v[0] === "[") {
      if (v[v.length - 1] !== "]") throw importError(n, "列表没有闭合");
      return splitFlow(v.slice(1, -1), n).map(function (x) { return scalar(x, n); });
    }
    if (v[0] === "{") {
      if (v[v.length - 1] !== "}") throw importError(n, "映射没有闭合");
      var o = {};
      splitFlow(v.slice(1, -1), n).forEach(function (pair) {
        var k = pair.indexOf(":");
        if (k < 0) throw importError(n, "“" + pair.trim() + "”缺少冒号");
        o[pair.slice(0, k).trim()] = scalar(pair.slice(k + 1), n);
      });
      return o;
    }
    if (v[0] === "|" || v[0] === ">") throw importError(n, "不支持多行文本块（| 或 >），请写成一行");
    return v.replace(/\s+#.*$/, "");
  }
  function parseYaml(text) {
    var lines = text.replace(/\r\n?/g, "\n").split("\n");
    var root = {}, stack = [{ indent: -1, obj: root }];
    var nextIndent = function (i) {
      for (; i < lines.length; i++) {
        var t = lines[i].trim();
        if (t && t[0] !== "#") return { indent: lines[i].length - lines[i].replace(/^ +/, "").length, list: t[0] === "-" };
      }
      return null;
    };
    for (var i = 0; i < lines.length; i++) {
      var raw = lines[i], t = raw.trim();
      if (!t || t[0] === "#") continue;
      if (/^\t/.test(raw)) throw importError(i, "缩进不能用制表符");
      var indent = raw.length - raw.replace(/^ +/, "").length;
      while (stack.length > 1 && indent <= stack[stack.length - 1].indent) stack.pop();
      var top = stack[stack.length - 1];
      if (t === "-" || t.slice(0, 2) === "- ") {
        if (!Array.isArray(top.obj)) throw importError(i, "这里不应有列表项");
        top.obj.push(scalar(t.slice(1), i));
        continue;
      }
      var m = /^("[^"]*"|'[^']*'|[^:"']+?):(?:\s+(.*))?$/.exec(t);
      if (!m || Array.isArray(top.obj)) throw importError(i, "无法读取“" + t.slice(0, 20) + "”");
      var key = m[1].replace(/^["']|["']$/g, "").trim();
      var rest = (m[2] || "").trim();
      if (rest === "" || rest[0] === "#") {
        var next = nextIndent(i + 1);
        var child = next && next.list ? [] : {};
        top.obj[key] = child;
        stack.push({ indent: next ? Math.min(next.indent, indent + 1) - 1 : indent, obj: child });
      } else {
        top.obj[key] = scalar(rest, i);
      }
    }
    return root;
  }

  function setField(name, value) {
    var f = field(name);
    if (f) f.value = value === undefined || value === null ? "" : String(value);
  }
  function importText(text) {
    var r = parseYaml(text);
    var sel = String(r.checklist || ""), cut = sel.indexOf(":");
    var id = cut < 0 ? sel : sel.slice(0, cut);
    if (id !== meta.id.split(":")[0]) {
      throw new Error("这是“" + (id || "未知") + "”清单的结果，本页是“" + meta.id.split(":")[0] + "”");
    }
    if (meta.parts) {
      var names = cut < 0 ? [] : sel.slice(cut + 1).split(/[,，、]/).map(function (x) { return x.trim(); });
      $$("#parts input[name=part]").forEach(function (c) {
        c.checked = names.indexOf(c.getAttribute("data-name")) >= 0 || names.indexOf(c.value) >= 0 ||
          names.indexOf(c.parentNode.textContent.trim()) >= 0;
      });
    }
    var e = r.entity || {};
    ["name", "uscc", "address", "principal", "contact", "phone"].forEach(function (k) { setField("entity." + k, e[k]); });
    setField("date", r.date);
    setField("inspectors", Array.isArray(r.inspectors) ? r.inspectors.join("、") : r.inspectors);
    var answers = r.answers || {}, unknown = [], n = 0;
    Object.keys(answers).forEach(function (id) {
      var a = answers[id], status = typeof a === "object" && a !== null ? a.status : a;
      var radios = document.getElementsByName(id);
      if (!radios.length) { unknown.push(id); return; }
      for (var i = 0; i < radios.length; i++) radios[i].checked = radios[i].value === status;
      ["finding", "measure", "owner", "funds", "deadline", "plan", "rectified_on"].forEach(function (k) {
        setField(id + "." + k, typeof a === "object" && a !== null ? a[k] : "");
      });
      n++;
    });
    refresh(); save();
    return "已导入 " + n + " 项" + (unknown.length ? "；本页没有这些项，未导入：" + unknown.join("、") : "");
  }
  $("#import").addEventListener("change", function (ev) {
    var file = ev.target.files && ev.target.files[0];
    if (!file) return;
    var reader = new FileReader();
    reader.onload = function () {
      $("#problems").textContent = ""; $("#notice").textContent = "";
      try { $("#notice").textContent = importText(String(reader.result)); }
      catch (e) { $("#problems").textContent = "未导入：" + e.message; }
      ev.target.value = "";
    };
    reader.readAsText(file, "utf-8");
  });

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
  window.qingdanSha256 = sha256;
  window.qingdanImport = importText;
})();
