/* /auth/invite: the password form is a plain form; a provider button first hands the invitation to the server. */
(function () {

    'use strict';

    const { ThirdParty, describeError, showError, setBusy } = window.Staffgate;

    const providers = document.getElementById('invite-providers');
    if (!providers) {
        return;
    }

    const afterProviderKey = 'staffgate-after-sign-in';

    for (const button of providers.querySelectorAll('[data-provider]')) {
        button.disabled = false;
        button.addEventListener('click', async () => {

            const thirdPartyId = button.dataset.provider;
            showError('invite-provider', '');
            setBusy(button, true);
            try {
                // The server keeps the token in an HttpOnly cookie for the provider's callback (nothing in the URL).
                const kept = await fetch('/auth/invite/provider', {
                    method: 'POST',
                    credentials: 'same-origin',
                    headers: { 'content-type': 'application/x-www-form-urlencoded' },
                    body: new URLSearchParams({ token: providers.dataset.token, crumb: providers.dataset.crumb }).toString()
                });

                if (!kept.ok) {
                    window.location.reload();               // the page then says why the invitation cannot be used
                    return;
                }

                window.sessionStorage.setItem(afterProviderKey, '/dashboard');
                const url = await ThirdParty.getAuthorisationURLWithQueryParamsAndSetState({
                    thirdPartyId,
                    frontendRedirectURI: window.location.origin + '/auth/callback/' + thirdPartyId
                });
                window.location.assign(url);
            }
            catch (err) {
                showError('invite-provider', describeError(err));
                setBusy(button, false);
            }
        });
    }
})();
