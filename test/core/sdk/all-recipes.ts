/*
 * For the part 2 SDK tests: the SDK with every recipe Staffgate uses, and a few small helpers over it.
 */

import * as Crypto from 'crypto';

import type * as Lab from '@hapi/lab';

import EmailPassword from 'supertokens-node/recipe/emailpassword';
import EmailVerification from 'supertokens-node/recipe/emailverification';
import Session from 'supertokens-node/recipe/session';
import ThirdParty from 'supertokens-node/recipe/thirdparty';
import UserMetadata from 'supertokens-node/recipe/usermetadata';
import UserRoles from 'supertokens-node/recipe/userroles';

import { startTestCore, type TestCore, type TestCoreOptions } from '../../helpers/core';
import { initSdk } from '../../helpers/sdk';
import { lateBound } from '../../helpers/late-bound';


/** EmailPassword, Session, ThirdParty (no providers), EmailVerification (OPTIONAL), UserRoles, UserMetadata. */
export const initAllRecipes = (connectionURI: string, options: { apiKey?: string } = {}): void => {

    initSdk(connectionURI, {
        apiKey: options.apiKey,
        recipeList: [
            EmailPassword.init(),
            Session.init(),
            ThirdParty.init(),
            EmailVerification.init({ mode: 'OPTIONAL' }),
            UserRoles.init(),
            UserMetadata.init()
        ]
    });
};

/** A unique, already normalised email. */
export const newEmail = (name: string): string => `${name}-${Crypto.randomUUID()}@example.com`;

/** A unique name (role, permission, provider user id, …). */
export const unique = (name: string): string => `${name}-${Crypto.randomBytes(6).toString('hex')}`;

export const password = 'Password123';

/** Signs up through the SDK; returns the user. */
export const signUp = async (email: string, pass = password) => {

    const result = await EmailPassword.signUp('public', email, pass);
    if (result.status !== 'OK') {
        throw new Error(`sign up of ${email} failed: ${result.status}`);
    }

    return result.user;
};

/** A value as JSON text would carry it (the SDK's toJson keeps absent fields as undefined). */
export const plain = (value: unknown) => JSON.parse(JSON.stringify(value));


/**
 * The hooks of an SDK test block, registered in the calling describe: a core on `adapter` (with `env` settings)
 * and the SDK pointed at it with every recipe, destroyed at the end. Returns the core (usable inside tests).
 */
export const useCoreWithAllRecipes = (lab: Lab.script.Script, options: TestCoreOptions): TestCore => {

    let current: TestCore | undefined;
    lab.before(async () => {

        current = await startTestCore(options);
        initAllRecipes(current.uri);
    });

    lab.after(async () => {

        await current?.destroy();
    });

    return lateBound<TestCore>(() => current);
};
