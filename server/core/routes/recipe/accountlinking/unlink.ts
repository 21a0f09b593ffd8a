import { body, requiredString } from '../../../transport/input';
import type { RouteFactory } from '../../route';


export const unlinkAccount: RouteFactory = ({ users }) => ({
    method: 'POST',
    path: '/recipe/accountlinking/user/unlink',
    handler: (request) => users.unlink(requiredString(body(request), 'recipeUserId'))
});
