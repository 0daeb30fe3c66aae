// The picker of a citation's source (alliances/admin/citations.py):
// - it tells the server which alliance and member the citation is for, so the sources that already
//   support that alliance or name that member come first;
// - Enter takes a row only once the curator has chosen one (with the arrow keys, or the mouse):
//   select2 highlights the first row by itself, and a quick Enter used to cite whatever came first.
'use strict';
window.addEventListener('load', function() {
    const $ = window.django && window.django.jQuery;
    if (!$) {
        return;
    }
    const PICKER = 'select[data-model-name="membershipsource"][data-field-name="announcement"]';

    $.ajaxPrefilter(function(options) {
        if (typeof options.data !== 'string' || options.data.indexOf('model_name=membershipsource') === -1 ||
            options.data.indexOf('field_name=announcement') === -1) {
            return;
        }
        const context = new URLSearchParams({
            alliance: $('#id_alliance').val() || '',
            organization: $('#id_organization').val() || '',
            country: $('#id_country').val() || '',
            membership: $('#id_membership').val() || ''
        });
        options.data += '&' + context.toString();
    });

    let moved = false;
    $(document).on('select2:open', PICKER, function() {
        moved = false;
    });
    document.addEventListener('keydown', function(event) {
        if (['ArrowDown', 'ArrowUp', 'PageDown', 'PageUp', 'Home', 'End'].indexOf(event.key) !== -1) {
            moved = true;
        }
    }, true);
    $(document).on('select2:selecting', PICKER, function(event) {
        const args = event.params && event.params.args;
        // A click carries its mouse event; Enter carries none, and counts only after the arrows chose a row.
        if (!(args && args.originalEvent) && !moved) {
            event.preventDefault();
        }
    });
});
