/*
 * /auth, "Email me a sign-in link": ask for a link (the same answer for any email), then sign in with the 6-digit
 * code from the email here, or with the link (public/js/sign-in-link.js). Where to go afterwards is kept in
 * localStorage, as the link usually opens in a new tab.
 */
(function () {

    'use strict';

    const { Passwordless, safePath, describeError, showError, clearErrors, setBusy, show } = window.Staffgate;

    const targetKey = 'staffgate-after-link';
    const target = safePath(document.getElementById('auth-page').dataset.redirectToPath);
    const start = document.getElementById('link-start');
    const requestForm = document.getElementById('link-request-form');
    const requestButton = document.getElementById('link-request-submit');
    const codeForm = document.getElementById('link-code-form');
    const codeButton = document.getElementById('link-code-submit');
    const resend = document.getElementById('link-resend');

    const showStep = function (step) {

        start.hidden = step !== 'start';
        requestForm.hidden = step !== 'request';
        show('link-sent', step === 'sent');
    };

    start.disabled = false;
    start.addEventListener('click', () => {

        showStep('request');
        document.getElementById('link-email').focus();
    });

    const restart = function (message) {

        showStep('request');
        showError('link-request', message);
    };

    requestButton.disabled = false;
    requestForm.addEventListener('submit', async (event) => {

        event.preventDefault();
        clearErrors(requestForm);
        const email = requestForm.elements.email.value.trim();
        if (email === '') {
            showError('link-email', 'Enter your email');
            requestForm.elements.email.focus();
            return;
        }

        setBusy(requestButton, true);
        try {
            const response = await Passwordless.createCode({ email });
            if (response.status === 'OK') {
                window.localStorage.setItem(targetKey, target);
                showStep('sent');
                document.getElementById('link-code').focus();
            }
            else {
                showError('link-email', response.message || response.reason || 'That did not work. Try again.');
            }
        }
        catch (err) {
            showError('link-request', describeError(err));
        }

        setBusy(requestButton, false);
    });

    codeButton.disabled = false;
    codeForm.addEventListener('submit', async (event) => {

        event.preventDefault();
        clearErrors(codeForm);
        const userInputCode = codeForm.elements.code.value.trim();
        if (userInputCode === '') {
            showError('link-code', 'Enter the code from the email');
            return;
        }

        setBusy(codeButton, true);
        try {
            const response = await Passwordless.consumeCode({ userInputCode });
            if (response.status === 'OK') {
                window.localStorage.removeItem(targetKey);
                await Passwordless.clearLoginAttemptInfo();
                window.location.replace(target);
                return;
            }

            if (response.status === 'INCORRECT_USER_INPUT_CODE_ERROR') {
                const left = response.maximumCodeInputAttempts - response.failedCodeInputAttemptCount;
                showError('link-code', 'That code is not right. ' + left + (left === 1 ? ' attempt' : ' attempts') + ' left.');
            }
            else if (response.status === 'EXPIRED_USER_INPUT_CODE_ERROR') {
                showError('link-code', 'That code has expired. Send a new code.');
            }
            else if (response.status === 'RESTART_FLOW_ERROR') {
                codeForm.reset();
                restart('That sign-in attempt has ended (too many wrong codes, or it expired). Ask for a new link.');
            }
            else {
                showError('link-code', response.reason || 'That did not work. Try again.');
            }
        }
        catch (err) {
            showError('link-code', describeError(err));
        }

        setBusy(codeButton, false);
    });

    resend.disabled = false;
    resend.addEventListener('click', async () => {

        showError('link-resend', '');
        setBusy(resend, true);
        try {
            const response = await Passwordless.resendCode();
            if (response.status === 'RESTART_FLOW_ERROR') {
                restart('That sign-in attempt has ended. Ask for a new link.');
            }
            else {
                document.getElementById('link-sent-status').textContent = 'We sent a new link and code, if this address can sign in here. The earlier ones still work until they expire.';
            }
        }
        catch (err) {
            showError('link-resend', describeError(err));
        }

        setBusy(resend, false);
    });
})();
