// Refresh the "other memberships" panel of the membership form as the alliance or member changes,
// so an overlap or a rejoin is visible before saving.
'use strict';
window.addEventListener('load', function() {
    const $ = window.django && window.django.jQuery;
    const initial = document.querySelector('.other-memberships[data-url]');
    if (!$ || !initial) {
        return;
    }
    const panel = initial.parentNode;
    const url = initial.dataset.url;
    const exclude = initial.dataset.exclude;
    let latest = 0;
    function refresh() {
        const request = ++latest;
        const params = new URLSearchParams({
            alliance: $('#id_alliance').val() || '',
            organization: $('#id_organization').val() || '',
            country: $('#id_country').val() || '',
            exclude: exclude
        });
        fetch(url + '?' + params, {credentials: 'same-origin'})
            .then(function(response) { return response.ok ? response.text() : null; })
            .then(function(html) {
                // Only the answer to the latest choice counts; an earlier one may arrive after it.
                if (html !== null && request === latest) {
                    panel.innerHTML = html;
                }
            });
    }
    $('#id_alliance, #id_organization, #id_country').on('change', refresh);
    // A new membership's form shown again after an error keeps its choices: show their panel too.
    if (!exclude && $('#id_alliance').val() && ($('#id_organization').val() || $('#id_country').val())) {
        refresh();
    }
});
