/*
 * Every page with the SDK: before one of our forms is posted, make sure the access token is still good. The front
 * token (cookie sFrontToken, set by the frontend SDK) carries the access token's expiry (`ate`, ms); when it has
 * passed or is about to, refresh the session first, then send the form. Without this, a form sent from a tab left
 * open past the token's life would meet the server's refresh step (which keeps the fields too, as a fallback:
 * server/web/pre/form-replay.ts). Forms whose own script sends them (sign-in, reset) prevent the default and are
 * left alone; so are pages without a session (no front token).
 */
(function () {

    'use strict';

    const { Session } = window.Staffgate;

    // Refresh a little before the expiry: the form still has to travel, and the device's clock may be behind.
    const marginMs = 15000;

    const accessTokenExpiry = function () {

        const pair = document.cookie.split('; ').find((cookie) => cookie.startsWith('sFrontToken='));
        if (!pair) {
            return undefined;
        }

        try {
            const token = JSON.parse(decodeURIComponent(escape(window.atob(decodeURIComponent(pair.slice('sFrontToken='.length))))));
            return typeof token.ate === 'number' ? token.ate : undefined;
        }
        catch {
            return undefined;
        }
    };

    const refreshing = new WeakSet();                   // forms waiting for the refresh: a double click sends nothing
    let resending = null;                               // the form this script is sending again

    document.addEventListener('submit', async (event) => {

        const form = event.target;
        if (event.defaultPrevented || !(form instanceof HTMLFormElement) || form.method !== 'post' || form === resending) {
            return;
        }

        if (refreshing.has(form)) {
            event.preventDefault();
            return;
        }

        const expiry = accessTokenExpiry();
        if (expiry === undefined || expiry - marginMs > Date.now()) {
            return;
        }

        event.preventDefault();
        refreshing.add(form);
        const submitter = event.submitter;
        try {
            await Session.attemptRefreshingSession();
        }
        catch {
            // Sent anyway: the server answers a session that is gone with the sign-in page.
        }

        refreshing.delete(form);
        resending = form;
        try {
            form.requestSubmit(submitter && submitter.form === form ? submitter : undefined);
        }
        finally {
            resending = null;
        }
    });
})();
