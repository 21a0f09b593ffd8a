/*
 * The strength meter of new-password fields: an input with `data-strength-output="<id>"` shows, in that element, the
 * server's verdict on the password typed so far (POST /api/password-strength, the same check as on submit).
 * `data-strength-email-input="<id>"` or `data-strength-email="<address>"` names the user's email, which a password
 * must not be built on.
 */
(function () {

    'use strict';

    const labels = ['very weak', 'weak', 'fair', 'strong', 'very strong'];

    const emailOf = (input) => {

        const field = input.dataset.strengthEmailInput && document.getElementById(input.dataset.strengthEmailInput);
        return field ? field.value : (input.dataset.strengthEmail || '');
    };

    for (const input of document.querySelectorAll('input[data-strength-output]')) {
        const output = document.getElementById(input.dataset.strengthOutput);
        let timer;
        let latest = 0;

        input.addEventListener('input', () => {

            clearTimeout(timer);
            if (!input.value) {
                output.textContent = '';
                delete output.dataset.score;
                delete output.dataset.acceptable;
                return;
            }

            timer = setTimeout(async () => {

                const mine = ++latest;
                try {
                    const response = await fetch('/api/password-strength', {
                        method: 'POST',
                        credentials: 'same-origin',
                        headers: { 'content-type': 'application/json' },
                        body: JSON.stringify({ password: input.value, email: emailOf(input) })
                    });

                    const verdict = await response.json();
                    if (mine !== latest || !response.ok) {
                        return;
                    }

                    output.textContent = `Strength: ${labels[verdict.score]}.${verdict.problem ? ` ${verdict.problem}` : ''}`;
                    output.dataset.score = String(verdict.score);
                    output.dataset.acceptable = verdict.problem ? 'false' : 'true';
                }
                catch {
                    output.textContent = '';
                }
            }, 250);
        });
    }
})();
