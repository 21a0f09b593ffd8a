/* /auth/verify?preAuthSessionId=…#linkCode: sign in with the link from the email, then go where the visitor was heading. */
(function () {

    'use strict';

    const { Passwordless, safePath, describeError, show } = window.Staffgate;

    const targetKey = 'staffgate-after-link';
    const status = document.getElementById('link-status');
    if (!status) {
        return;
    }

    const fail = function (message) {

        status.hidden = true;
        document.getElementById('link-error').textContent = message;
        show('link-failed', true);
    };

    (async () => {

        try {
            // Without a code: the SDK reads preAuthSessionId from the query and the link code from the fragment.
            const response = await Passwordless.consumeCode();
            if (response.status === 'OK') {
                const target = safePath(window.localStorage.getItem(targetKey));
                window.localStorage.removeItem(targetKey);
                await Passwordless.clearLoginAttemptInfo();
                window.location.replace(target);
                return;
            }

            fail('This sign-in link has expired or was already used. Ask for a new one.');
        }
        catch (err) {
            fail(describeError(err));
        }
    })();
})();
