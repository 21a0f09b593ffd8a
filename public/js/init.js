/*
 * Loaded by every page that has a script, after the supertokens-web-js bundles (served from /vendor/supertokens/;
 * each defines a global: supertokens, supertokensSession, supertokensEmailPassword, supertokensThirdParty,
 * supertokensEmailVerification, supertokensPasswordless). Sets the frontend SDK up for this origin and gives the page scripts a few
 * helpers through `window.Staffgate`. Also wires the nav's "Sign out" button, present on signed-in pages.
 */
(function () {

    'use strict';

    const SuperTokens = window.supertokens;
    const Session = window.supertokensSession;
    const EmailPassword = window.supertokensEmailPassword;
    const ThirdParty = window.supertokensThirdParty;
    const EmailVerification = window.supertokensEmailVerification;
    const Passwordless = window.supertokensPasswordless;

    /*
     * The server makes the OAuth state and binds it to this browser with a cookie (server/web/auth/oauth-state.ts):
     * send the provider the state in the URL the server returned, instead of one made here. Both calls get the same
     * userContext, which carries it from the first to the second.
     */
    const serverState = function (original) {

        return Object.assign({}, original, {
            getAuthorisationURLFromBackend: async function (input) {

                const response = await original.getAuthorisationURLFromBackend(input);
                input.userContext.staffgateState = new URL(response.urlWithQueryParams).searchParams.get('state');
                return response;
            },
            generateStateToSendToOAuthProvider: function (input) {

                return input.userContext.staffgateState || original.generateStateToSendToOAuthProvider(input);
            }
        });
    };

    SuperTokens.init({
        appInfo: { appName: 'Staffgate', apiDomain: window.location.origin, apiBasePath: '/auth' },
        recipeList: [
            Session.init(),
            EmailPassword.init(),
            ThirdParty.init({ override: { functions: serverState } }),
            EmailVerification.init(),
            Passwordless.init()
        ]
    });

    // The server's safeRedirectPath, again: a same-origin path, or the fallback.
    const safePath = function (value, fallback) {

        const otherwise = fallback || '/dashboard';
        if (typeof value !== 'string' || value.length > 2048 || !/^\/(?![/\\])/.test(value) || /[\u0000-\u001f\u007f]/.test(value)) {
            return otherwise;
        }

        try {
            return new URL(value, window.location.origin).origin === window.location.origin ? value : otherwise;
        }
        catch {
            return otherwise;
        }
    };

    // The SDK throws an STGeneralError (its message is meant for people) or, for an HTTP status of 300 or more, the
    // fetch Response itself; anything else is a network failure.
    const describeError = function (err) {

        if (err && err.isSuperTokensGeneralError === true) {
            return err.message;
        }

        if (err && typeof err.status === 'number') {
            if (err.status === 429) {
                return 'Too many attempts. Wait a minute, then try again.';
            }

            // The server sheds load, or cannot count sign-in attempts (its rate-limit store is down): it says so
            // with Retry-After, and a person should simply try again soon.
            if (err.status === 503) {
                return 'Signing in is unavailable for a moment. Try again in a few seconds.';
            }

            return 'The server could not answer (' + err.status + '). Try again in a moment.';
        }

        return 'Could not reach the server. Check your connection and try again.';
    };

    // Shows (or, with no message, hides) the error element `<id>-error`, and marks the input `<id>` as invalid.
    const showError = function (id, message) {

        const element = document.getElementById(id + '-error');
        if (element) {
            element.textContent = message || '';
            element.hidden = !message;
        }

        const input = document.getElementById(id);
        if (input && input.tagName === 'INPUT') {
            if (message) {
                input.setAttribute('aria-invalid', 'true');
            }
            else {
                input.removeAttribute('aria-invalid');
            }
        }
    };

    const clearErrors = function (container) {

        for (const element of container.querySelectorAll('.field-error')) {
            element.textContent = '';
            element.hidden = true;
        }

        for (const input of container.querySelectorAll('[aria-invalid]')) {
            input.removeAttribute('aria-invalid');
        }
    };

    const setBusy = function (button, busy) {

        button.disabled = busy;
        button.setAttribute('aria-busy', String(busy));
    };

    const show = function (id, visible) {

        const element = document.getElementById(id);
        if (element) {
            element.hidden = !visible;
        }
    };

    // "Keep me signed in on this device": SDK call options that tell the server (server/web/auth/remember-me.ts).
    const rememberOptions = function (remember) {

        return {
            preAPIHook: function (context) {

                if (remember) {
                    context.requestInit.headers = Object.assign({}, context.requestInit.headers, { 'x-staffgate-remember-me': '1' });
                }

                return Promise.resolve(context);
            }
        };
    };

    const signOut = document.getElementById('sign-out');
    if (signOut) {
        // A signed-in page is sent with `no-store`, which keeps it out of the back/forward cache in Chromium; in a
        // browser that kept it anyway, a page shown again from that cache asks the server again (after a sign-out,
        // the sign-in page), rather than showing who was signed in.
        window.addEventListener('pageshow', (event) => {

            if (event.persisted) {
                window.location.reload();
            }
        });

        signOut.disabled = false;
        signOut.addEventListener('click', async () => {

            showError('sign-out', '');
            setBusy(signOut, true);
            try {
                await Session.signOut();
                window.location.assign('/auth');
            }
            catch (err) {
                showError('sign-out', describeError(err));
                setBusy(signOut, false);
            }
        });
    }

    window.Staffgate = Object.freeze({ Session, EmailPassword, ThirdParty, EmailVerification, Passwordless, safePath, describeError, showError, clearErrors, setBusy, show, rememberOptions });
})();
