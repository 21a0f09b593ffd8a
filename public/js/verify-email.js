/* /auth/verify-email: with ?token=, verify the email; signed in and not verified yet, send a new link. */
(function () {

    'use strict';

    const { EmailVerification, describeError, showError, setBusy, show } = window.Staffgate;

    const verify = async function () {

        const fail = function (message) {

            document.getElementById('verify-error').textContent = message;
            show('verify-status', false);
            show('verify-failed', true);
        };

        try {
            const response = await EmailVerification.verifyEmail();
            if (response.status === 'OK') {
                show('verify-status', false);
                show('verify-done', true);
            }
            else {
                fail('This link has expired or was already used.');
            }
        }
        catch (err) {
            fail(describeError(err));
        }
    };

    if (document.getElementById('verify-status')) {
        verify();
    }

    const send = document.getElementById('verify-send');
    if (send) {
        send.disabled = false;
        send.addEventListener('click', async () => {

            showError('verify-send', '');
            setBusy(send, true);
            try {
                const response = await EmailVerification.sendVerificationEmail();
                const sent = document.getElementById('verify-sent');
                if (response.status === 'EMAIL_ALREADY_VERIFIED_ERROR') {
                    sent.textContent = 'Your email is already verified.';
                }

                sent.hidden = false;
                send.hidden = true;
            }
            catch (err) {
                showError('verify-send', describeError(err));
                setBusy(send, false);
            }
        });
    }
})();
