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
})();
