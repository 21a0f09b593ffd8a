/* /dashboard/password: check that the two new passwords match before the form goes to the server (which checks again). */
(function () {

    'use strict';

    const { showError } = window.Staffgate;

    const form = document.getElementById('password-form');
    if (form) {
        form.addEventListener('submit', (event) => {

            const same = form.elements.newPassword.value === form.elements.confirmPassword.value;
            showError('confirm-password', same ? '' : 'The two new passwords are not the same.');
            if (!same) {
                event.preventDefault();
                document.getElementById('confirm-password').focus();
            }
        });
    }
})();
