/* /auth/callback/<provider>: the provider sent the visitor back; finish signing in, or say why it failed. */
(function () {

    'use strict';

    const { ThirdParty, safePath, describeError, show, rememberOptions } = window.Staffgate;

    const afterProviderKey = 'staffgate-after-sign-in';
    const rememberKey = 'staffgate-remember-me';

    const fail = function (message) {

        document.getElementById('callback-error').textContent = message;
        show('callback-status', false);
        show('callback-failed', true);
    };

    const finish = async function () {

        try {
            // The "keep me signed in" choice made on the sign-in page before leaving for the provider.
            const remember = window.sessionStorage.getItem(rememberKey) === '1';
            window.sessionStorage.removeItem(rememberKey);
            const response = await ThirdParty.signInAndUp({ options: rememberOptions(remember) });
            if (response.status === 'OK') {
                const target = safePath(window.sessionStorage.getItem(afterProviderKey));
                window.sessionStorage.removeItem(afterProviderKey);
                window.location.replace(target);
                return;
            }

            if (response.status === 'NO_EMAIL_GIVEN_BY_PROVIDER') {
                fail('The provider did not share an email address. Allow it there, or sign in another way.');
            }
            else {
                fail(response.reason || 'Sign-in did not complete. Try again.');
            }
        }
        catch (err) {
            // The SDK throws a plain Error for a cancelled sign-in, a provider error or a missing or stale state.
            if (err instanceof Error && err.isSuperTokensGeneralError !== true) {
                fail('Sign-in was cancelled or took too long. Start again from the sign-in page.');
            }
            else {
                fail(describeError(err));
            }
        }
    };

    finish();
})();
