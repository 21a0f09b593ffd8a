/* Pages that show times (dashboard, admin): in the reader's time zone (the server writes UTC). Sign-out is wired by init.js. */
(function () {

    'use strict';

    const format = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
    for (const element of document.querySelectorAll('time[datetime]')) {
        const date = new Date(element.getAttribute('datetime'));
        if (!Number.isNaN(date.getTime())) {
            element.title = element.textContent;
            element.textContent = format.format(date);
        }
    }

    // Forms with times to type (the audit log's filter): the server reads them in the zone sent with them (UTC without this script).
    const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    if (zone) {
        for (const field of document.querySelectorAll('input[data-time-zone]')) {
            field.value = zone;
        }

        for (const label of document.querySelectorAll('[data-time-zone-label]')) {
            label.textContent = `(${zone.replace(/_/g, ' ')})`;
        }
    }
})();
