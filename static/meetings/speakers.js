// Official pickers: a <select data-official-choices> (an agenda row's speaker, the
// outcome's chair, an attendee, a follow-up's owner...) comes from the server holding only
// the blank and the chosen option; the officials on offer, hundreds of them, are asked for
// once, from the form's data-officials-url (/rapat/narasumber.json), and written into
// every such select and into the rows a formset will add. In the meeting editor the
// question names the host and the agencies invited so far and is asked again whenever
// they change, so the agenda follows the invitations before they are saved. A choice
// already made stays chosen even if its agency is dropped (the server then says why it
// cannot be saved), so nothing is lost silently. A select with a data-officials-url of
// its own (the editor's signatory: the officials of the units the user may host for)
// is filled from that list once.
(function () {
  "use strict";

  function optionsOf(groups) {
    var fragment = document.createDocumentFragment();
    groups.forEach(function (group) {
      var optgroup = document.createElement("optgroup");
      optgroup.label = group[0];
      group[1].forEach(function (choice) {
        optgroup.appendChild(new Option(choice[1], String(choice[0])));
      });
      fragment.appendChild(optgroup);
    });
    return fragment;
  }

  function fill(select, options) {
    var current = select.value;
    var kept = current ? select.options[select.selectedIndex] : null;
    var blank = select.querySelector("option[value='']");
    select.textContent = "";
    if (blank) select.appendChild(blank);
    select.appendChild(options.cloneNode(true));
    if (!current) return;
    select.value = current;
    if (select.value !== current && kept) {
      select.appendChild(kept);
      kept.selected = true;
    }
  }

  function load(url) {
    return fetch(url, {
      headers: { Accept: "application/json" },
      credentials: "same-origin",
    }).then(function (response) {
      if (!response.ok) throw new Error(response.status);
      return response.json();
    });
  }

  var FOLLOWING = "select[data-official-choices]:not([data-officials-url])";

  function follow(form) {
    var host = form.querySelector("select[name='host']");
    var agencies = form.querySelector("select[name='invited_agencies']");
    var pending = null;
    var asked = 0;

    function refresh() {
      var url = new URL(form.dataset.officialsUrl, window.location.href);
      if (host && host.value) url.searchParams.append("penyelenggara", host.value);
      if (agencies) {
        Array.prototype.forEach.call(agencies.selectedOptions, function (option) {
          url.searchParams.append("instansi", option.value);
        });
      }
      var mine = ++asked;
      load(url.toString())
        .then(function (data) {
          if (mine !== asked) return; // an answer to an older question
          var options = optionsOf(data.groups);
          form.querySelectorAll(FOLLOWING).forEach(function (select) {
            fill(select, options);
          });
          form.querySelectorAll("template").forEach(function (template) {
            template.content.querySelectorAll(FOLLOWING).forEach(
              function (select) { fill(select, options); }
            );
          });
          form.dataset.officialsFor = url.search;
        })
        .catch(function () { /* the offered officials stay as they were */ });
    }

    function soon() {
      window.clearTimeout(pending);
      pending = window.setTimeout(refresh, 250);
    }

    if (host) host.addEventListener("change", soon);
    if (agencies) agencies.addEventListener("change", soon);
    refresh();
  }

  document.addEventListener("DOMContentLoaded", function () {
    if (!window.fetch) return;
    var own = {};
    document.querySelectorAll("select[data-official-choices][data-officials-url]").forEach(
      function (select) {
        var url = select.dataset.officialsUrl;
        (own[url] = own[url] || []).push(select);
      }
    );
    Object.keys(own).forEach(function (url) {
      load(url)
        .then(function (data) {
          var options = optionsOf(data.groups);
          own[url].forEach(function (select) {
            fill(select, options);
            select.dataset.officialsFilled = "";
          });
        })
        .catch(function () { /* the select keeps its chosen official */ });
    });
    document.querySelectorAll("form[data-officials-url]").forEach(follow);
  });
})();
