/* /auth/reset-password: ask for a link (always the same answer), or, with ?token=, choose the new password. */
(function () {

    'use strict';

    const { EmailPassword, describeError, showError, clearErrors, setBusy, show } = window.Staffgate;

    const requestForm = document.getElementById('reset-request-form');
    if (requestForm) {
        const button = document.getElementById('reset-request-submit');
        button.disabled = false;
        requestForm.addEventListener('submit', async (event) => {

            event.preventDefault();
            clearErrors(requestForm);
            setBusy(button, true);
            try {
                const response = await EmailPassword.sendPasswordResetEmail({ formFields: [{ id: 'email', value: requestForm.elements.email.value }] });
                if (response.status === 'FIELD_ERROR') {
                    for (const field of response.formFields) {
                        showError('reset-' + field.id, field.error);
                    }

                    setBusy(button, false);
                    return;
                }

                // Whatever the account's state, the same answer: the page does not tell who has an account.
                requestForm.hidden = true;
                show('reset-request-sent', true);
            }
            catch (err) {
                showError('reset-request', describeError(err));
                setBusy(button, false);
            }
        });
    }

    const resetForm = document.getElementById('reset-form');
    if (resetForm) {
        const button = document.getElementById('reset-submit');
        button.disabled = false;
        resetForm.addEventListener('submit', async (event) => {

            event.preventDefault();
            clearErrors(resetForm);
            const password = resetForm.elements.password.value;
            if (password !== resetForm.elements.confirmPassword.value) {
                showError('confirm-password', 'The two passwords are not the same.');
                return;
            }

            setBusy(button, true);
            try {
                const response = await EmailPassword.submitNewPassword({ formFields: [{ id: 'password', value: password }] });
                if (response.status === 'OK') {
                    resetForm.hidden = true;
                    show('reset-done', true);
                    return;
                }

                if (response.status === 'FIELD_ERROR') {
                    for (const field of response.formFields) {
                        showError(field.id === 'password' ? 'new-password' : 'reset', field.error);
                    }
                }
                else if (response.status === 'RESET_PASSWORD_INVALID_TOKEN_ERROR') {
                    showError('reset', 'This link has expired or was already used.');
                    show('reset-invalid', true);
                }
                else {
                    showError('reset', 'That did not work. Try again.');
                }
            }
            catch (err) {
                showError('reset', describeError(err));
            }

            setBusy(button, false);
        });
    }
})();
