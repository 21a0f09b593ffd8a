import type { ResponseToolkit } from '@hapi/hapi';

import type { Account } from '../../../pages/account';
import type { FieldErrors } from '../../../pages/forms';


/** The change-password page, with the form's errors or a flash message. */
export const passwordView = (h: Pick<ResponseToolkit, 'view'>, account: Account, context: { errors?: FieldErrors; flash?: { type: string; message: string } } = {}) => {

    return h.view('dashboard/password', {
        title: 'Change password',
        script: 'password',
        signedIn: true,
        email: account.email,
        method: account.method,
        hasPassword: account.passwordEmail !== undefined,
        errors: context.errors ?? {},
        flash: context.flash
    });
};
