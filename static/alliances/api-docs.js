// The API docs page: what Swagger UI's markup lacks for a screen reader, set as it renders.
// - each group of operations is an <h3>, and the list of schemas an <h4>, right under the page's <h1>:
//   both are told they are second-level headings, and an operation's own <h4>/<h5> the third and fourth,
//   so the outline skips no level;
// - the API's title and description sit outside any landmark: they become the page's banner;
// - each operation's table of responses is a region named by nothing: it is named after its operation;
// - a scrolling example can be reached from the keyboard.
'use strict';
new MutationObserver(function() {
    document.querySelectorAll('h3.opblock-tag:not([aria-level]), .models > h4:not([aria-level])').forEach(function(heading) {
        heading.setAttribute('aria-level', '2');
    });
    document.querySelectorAll('.opblock h4:not([aria-level])').forEach(function(heading) {
        heading.setAttribute('aria-level', '3');
    });
    document.querySelectorAll('.opblock h5:not([aria-level])').forEach(function(heading) {
        heading.setAttribute('aria-level', '4');
    });
    document.querySelectorAll('table.responses-table[role="region"]:not([aria-label])').forEach(function(table) {
        const operation = table.closest('.opblock');
        const path = operation && operation.querySelector('.opblock-summary-path');
        const method = operation && operation.querySelector('.opblock-summary-method');
        const name = [method && method.textContent, path && path.textContent].filter(Boolean).join(' ');
        table.setAttribute('aria-label', 'Responses of ' + (name || table.id));
    });
    document.querySelectorAll('.highlight-code > pre:not([tabindex])').forEach(function(example) {
        example.setAttribute('tabindex', '0');
    });
    document.querySelectorAll('.information-container:not([role])').forEach(function(info) {
        info.setAttribute('role', 'banner');
    });
}).observe(document.body, {childList: true, subtree: true});
