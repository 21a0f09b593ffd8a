/*
 * PUT /recipe/user is one CDI path for two recipes: the `rid` header says whether an email-password user changes
 * their email or password (Users) or a passwordless user their email or phone number (Passwordless).
 */

import type { Caller } from './caller';
import type { Passwordless } from './passwordless';
import type { Users } from './users';


export type UserChange =
    | { readonly recipe: 'emailpassword'; readonly email?: string; readonly password?: string }
    | { readonly recipe: 'passwordless'; readonly email?: string | null; readonly phoneNumber?: string | null };

export class UserUpdates {

    readonly #users: Users;
    readonly #passwordless: Passwordless;

    constructor(users: Users, passwordless: Passwordless) {

        this.#users = users;
        this.#passwordless = passwordless;
    }

    update(caller: Caller, recipeUserId: string, change: UserChange) {

        if (change.recipe === 'passwordless') {
            return this.#passwordless.updateUser(caller, recipeUserId, change);
        }

        return this.#users.update(caller, recipeUserId, change);
    }
}
