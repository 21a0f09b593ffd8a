/*
 * The two-factor pages (/auth/mfa, /auth/mfa/setup, /dashboard/security). Their forms post to the server without any
 * script; this only loads with the SDK (so the nav's sign-out works, init.js) and drops the spaces some
 * authenticator apps show inside a code before it is sent (the server drops them too).
 */
(function () {

    'use strict';

    for (const input of document.querySelectorAll('input[autocomplete="one-time-code"]')) {
        input.form.addEventListener('submit', () => {

            input.value = input.value.replace(/\s+/g, '');
        });
    }
})();
