import type { ServerRoute } from '@hapi/hapi';

import type { SocialProvider } from '../../../pages/providers';
import { accountPre, type AccountPres } from '../../../pre/account';
import { pageSession } from '../../../pre/session';
import { passwordView } from './view';


// GET /dashboard/password: the change-password form.
export const showPassword = (providers: readonly SocialProvider[]): ServerRoute<AccountPres> => ({
    method: 'GET',
    path: '/dashboard/password',
    options: {
        pre: [{ method: pageSession({ checkDatabase: true }) }, accountPre(providers, '/dashboard/password')],
        plugins: { crumb: true },
        handler: (request, h) => passwordView(h, request.pre.account)
    }
});
