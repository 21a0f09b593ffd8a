/* /auth: sign in, create an account, or continue with a provider; then go to the page the visitor came for. */
(function () {

    'use strict';

    const { EmailPassword, ThirdParty, safePath, describeError, showError, clearErrors, setBusy, rememberOptions } = window.Staffgate;

    const page = document.getElementById('auth-page');
    const target = safePath(page.dataset.redirectToPath);
    const afterProviderKey = 'staffgate-after-sign-in';
    const rememberKey = 'staffgate-remember-me';
    const remember = document.getElementById('remember-me');
    const remembered = () => Boolean(remember && remember.checked);

    // The page has only the forms someone could use (SIGN_IN_METHODS, SIGNUP); tabs only when it has both.
    const modes = ['sign-in', 'sign-up'].filter((name) => document.getElementById(name + '-form'));
    const tabs = modes.length > 1 ? modes : [];
    const select = function (mode) {

        for (const name of tabs) {
            document.getElementById('tab-' + name).setAttribute('aria-selected', String(name === mode));
            document.getElementById(name + '-form').hidden = name !== mode;
        }
    };

    for (const mode of tabs) {
        document.getElementById('tab-' + mode).addEventListener('click', () => {

            select(mode);
            document.getElementById(mode + '-email').focus();
        });
    }

    const messages = {
        WRONG_CREDENTIALS_ERROR: 'That email and password do not match an account.'
    };

    const submitWith = function (mode, call) {

        const form = document.getElementById(mode + '-form');
        const button = document.getElementById(mode + '-submit');
        if (!form) {
            return;
        }

        button.disabled = false;
        form.addEventListener('submit', async (event) => {

            event.preventDefault();
            clearErrors(form);
            const empty = { email: 'Enter your email', password: 'Enter your password' };
            const missing = Object.keys(empty).filter((name) => form.elements[name].value === '');
            for (const name of missing) {
                showError(mode + '-' + name, empty[name]);
            }

            if (missing.length > 0) {
                form.elements[missing[0]].focus();
                return;
            }

            setBusy(button, true);
            try {
                const response = await call({
                    formFields: [
                        { id: 'email', value: form.elements.email.value },
                        { id: 'password', value: form.elements.password.value }
                    ],
                    options: rememberOptions(remembered())
                });

                if (response.status === 'OK') {
                    window.location.replace(target);
                    return;
                }

                if (response.status === 'FIELD_ERROR') {
                    for (const field of response.formFields) {
                        showError(mode + '-' + field.id, field.error);
                    }
                }
                else {
                    showError(mode, messages[response.status] || response.reason || 'That did not work. Try again.');
                }
            }
            catch (err) {
                showError(mode, describeError(err));
            }

            setBusy(button, false);
        });
    };

    submitWith('sign-in', (input) => EmailPassword.signIn(input));
    submitWith('sign-up', (input) => EmailPassword.signUp(input));

    for (const button of document.querySelectorAll('[data-provider]')) {
        button.disabled = false;
        button.addEventListener('click', async () => {

            const thirdPartyId = button.dataset.provider;
            showError('provider', '');
            setBusy(button, true);
            try {
                window.sessionStorage.setItem(afterProviderKey, target);
                window.sessionStorage.setItem(rememberKey, remembered() ? '1' : '0');
                const url = await ThirdParty.getAuthorisationURLWithQueryParamsAndSetState({
                    thirdPartyId,
                    frontendRedirectURI: window.location.origin + '/auth/callback/' + thirdPartyId
                });
                window.location.assign(url);
            }
            catch (err) {
                showError('provider', describeError(err));
                setBusy(button, false);
            }
        });
    }
})();
