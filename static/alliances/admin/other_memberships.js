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
    function refresh() {
        const params = new URLSearchParams({
            alliance: $('#id_alliance').val() || '',
            organization: $('#id_organization').val() || '',
            country: $('#id_country').val() || '',
            exclude: exclude
        });
        fetch(url + '?' + params, {credentials: 'same-origin'})
            .then(function(response) { return response.ok ? response.text() : null; })
            .then(function(html) { if (html !== null) { panel.innerHTML = html; } });
    }
    $('#id_alliance, #id_organization, #id_country').on('change', refresh);
});
