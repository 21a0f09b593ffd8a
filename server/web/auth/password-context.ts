/*
 * The password policy with the user's own email (password-policy.ts): the SDK's validator gets only the password,
 * so a password built on the email is refused here.
 *
 * - sign-up: before the SDK runs, with the email of the form (a field error on the password);
 * - any password update through updateEmailOrPassword (the dashboard's change, a reset link): with the account's
 *   email, as PASSWORD_POLICY_VIOLATED_ERROR, which the SDK shows as a field error. For a reset the link has been
 *   used by then: the page offers a new one.
 */

import SuperTokens from 'supertokens-node';
import EmailPassword from 'supertokens-node/recipe/emailpassword';
import type { APIInterface, RecipeInterface } from 'supertokens-node/recipe/emailpassword/types';

import { extend } from './override';
import { passwordProblem } from './password-policy';


const field = (formFields: { id: string; value: unknown }[], id: string): unknown => formFields.find((candidate) => candidate.id === id)?.value;

export const withPasswordContextAtSignUp = (original: APIInterface): APIInterface => {

    return extend(original, {
        signUpPOST: async (input) => {

            const email = field(input.formFields, 'email');
            const problem = passwordProblem(field(input.formFields, 'password'), typeof email === 'string' ? email : undefined);
            if (problem) {
                throw new EmailPassword.Error({ type: 'FIELD_ERROR', payload: [{ id: 'password', error: problem }], message: 'Error in input formFields' });
            }

            return original.signUpPOST!(input);
        }
    });
};

export const withPasswordContextAtUpdate = (original: RecipeInterface): RecipeInterface => {

    return extend(original, {
        updateEmailOrPassword: async (input) => {

            if (input.password !== undefined) {
                const recipeUserId = input.recipeUserId.getAsString();
                const user = input.email === undefined ? await SuperTokens.getUser(recipeUserId, input.userContext) : undefined;
                const email = input.email ?? user?.loginMethods.find((method) => method.recipeUserId.getAsString() === recipeUserId)?.email;
                const problem = passwordProblem(input.password, email);
                if (problem) {
                    return { status: 'PASSWORD_POLICY_VIOLATED_ERROR', failureReason: problem };
                }
            }

            return original.updateEmailOrPassword(input);
        }
    });
};
