/*
 * /auth/refresh: the page guard found an expired access token. Refresh the session here (the refresh token's
 * cookie is only sent to /auth/session/refresh), then go back to the page; if that fails, sign in again. Never
 * back to this page, and after three refreshes for the same page within a few seconds, sign in instead of looping.
 *
 * When a form's POST met the expired token, this page holds its fields (#replay-form, server/web/pre/form-replay.ts):
 * its history entry becomes a GET of this step at once (so Back or a reload never posts the form again), and once
 * the session is refreshed the form is sent again, once.
 */
(function () {

    'use strict';

    const { Session, safePath } = window.Staffgate;

    const element = document.getElementById('refresh');
    const chosen = safePath(element.dataset.redirectToPath);
    const target = /^\/auth\/refresh(?:[/?#]|$)/.test(chosen) ? '/dashboard' : chosen;
    const attemptsKey = 'staffgate-refresh';
    const replay = document.getElementById('replay-form');
    if (replay) {
        window.history.replaceState(null, '', safePath(replay.dataset.historyPath));
    }

    // `ended`: the refresh was refused (the session is gone), and the sign-in page says so.
    const signIn = function (ended) {

        window.sessionStorage.removeItem(attemptsKey);
        window.location.replace('/auth?redirectToPath=' + encodeURIComponent(target) + (ended ? '&signedOut=ended' : ''));
    };

    const tooManyAttempts = function () {

        let last = null;
        try {
            last = JSON.parse(window.sessionStorage.getItem(attemptsKey));
        }
        catch {
            last = null;
        }

        const now = Date.now();
        const count = last && last.path === target && now - last.at < 10000 ? last.count + 1 : 1;
        window.sessionStorage.setItem(attemptsKey, JSON.stringify({ path: target, at: now, count }));
        return count > 3;
    };

    const refresh = async function () {

        if (tooManyAttempts()) {
            signIn();
            return;
        }

        try {
            if (await Session.attemptRefreshingSession()) {
                if (replay) {
                    replay.submit();
                }
                else {
                    window.location.replace(target);
                }

                return;
            }

            signIn(true);
            return;
        }
        catch {
            // A failed refresh (network, server) is treated as no session.
        }

        signIn(false);
    };

    refresh();
})();
