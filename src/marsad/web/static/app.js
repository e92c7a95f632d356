// marsad: the little JavaScript the pages need (the CSP forbids inline scripts).
// 1) a popover that shows what marsad made of a highlight (all layers under the pointer);
// 2) side-panel links that flash the words they point at, and highlights that flash their
//    side-panel entry when clicked; 3) a toggle for the claim-content background.
(function () {
  "use strict";
  var pop = document.getElementById("popover");

  function layersOf(el) {
    var out = [];
    for (var node = el; node && node.classList; node = node.parentElement) {
      var info = node.classList.contains("hl") && (node.getAttribute("data-info") || node.title);
      if (info) out.push(info);
      if (node.id === "doctext") break;
    }
    return out;
  }

  function showPopover(el) {
    if (!pop) return;
    var layers = layersOf(el);
    if (!layers.length) return;
    pop.textContent = "";
    layers.forEach(function (text) {
      var box = document.createElement("div");
      box.className = "layer";
      text.split("\n").forEach(function (line) {
        var row = document.createElement("div");
        row.textContent = line;
        box.appendChild(row);
      });
      pop.appendChild(box);
    });
    pop.hidden = false;
    var r = el.getBoundingClientRect();
    var top = window.scrollY + r.bottom + 8;
    var left = window.scrollX + r.left + r.width / 2 - pop.offsetWidth / 2;
    left = Math.max(8, Math.min(left, window.scrollX + document.documentElement.clientWidth - pop.offsetWidth - 8));
    if (r.bottom + pop.offsetHeight + 16 > window.innerHeight) top = window.scrollY + r.top - pop.offsetHeight - 8;
    pop.style.top = top + "px";
    pop.style.left = left + "px";
  }

  function hidePopover() { if (pop) pop.hidden = true; }

  function flash(el) {
    if (!el) return;
    el.classList.add("flash");
    window.setTimeout(function () { el.classList.remove("flash"); }, 1600);
  }

  var text = document.getElementById("doctext");
  if (text) {
    // The native title tooltip would double the popover: with JS running, keep the text in
    // data-info instead (without JS the title attribute still shows it).
    text.querySelectorAll(".hl[title]").forEach(function (el) {
      el.setAttribute("data-info", el.title);
      el.removeAttribute("title");
    });
    text.addEventListener("mouseover", function (e) {
      var hl = e.target.closest(".hl");
      if (hl) showPopover(hl); else hidePopover();
    });
    text.addEventListener("mouseleave", hidePopover);
    text.addEventListener("focusin", function (e) {
      var hl = e.target.closest(".hl");
      if (hl) showPopover(hl);
    });
    text.addEventListener("focusout", hidePopover);
    text.addEventListener("click", function (e) {
      var hl = e.target.closest(".hl[data-link]");
      if (!hl) return;
      var item = document.getElementById(hl.getAttribute("data-link"));
      if (item) { item.scrollIntoView({ block: "nearest", behavior: "smooth" }); flash(item); }
    });
  }

  document.querySelectorAll("a.jump[data-target]").forEach(function (a) {
    a.addEventListener("click", function () {
      var target = document.getElementById(a.getAttribute("data-target"));
      if (target) window.setTimeout(function () { flash(target); target.focus({ preventScroll: true }); }, 50);
    });
  });

  var toggle = document.getElementById("toggle-claims");
  if (toggle && text) {
    toggle.addEventListener("change", function () { text.classList.toggle("hide-claims", !toggle.checked); });
  }

  if (window.location.hash) {
    var target = document.getElementById(window.location.hash.slice(1));
    if (target && target.classList.contains("hl")) flash(target);
  }
})();
