/*
 * The display name people choose on their dashboard: kept in the user's metadata (`displayName`), shown in the nav
 * of every signed-in page and on the admin's page about the user.
 *
 * The nav reads it from the access token's payload, where sign-in puts it (one metadata read per session, not one per
 * page): a page render costs no core call. Whatever writes the name into the metadata (the dashboard, an admin's
 * metadata edit), the metadata recipe's override merges it into the payload of every session of the user, and each
 * device gets it with its next database-checked request (the core then answers with a token of the new payload; the
 * dashboard, where the name is saved, is one) or refresh. `''` in the payload is "no name" (a
 * merged `null` would delete the key). A token without the key (from before it was carried) reads the metadata, as
 * every page did before.
 */

import type { Plugin } from '@hapi/hapi';
import Joi from 'joi';
import Session from 'supertokens-node/recipe/session';
import type { RecipeInterface as SessionFunctions } from 'supertokens-node/recipe/session/types';
import type { RecipeInterface as MetadataFunctions } from 'supertokens-node/recipe/usermetadata/types';
import UserMetadata from 'supertokens-node/recipe/usermetadata';

import { extend } from '../auth/override';


export const displayNameKey = 'displayName';

/** Up to 80 printable characters, spaces trimmed; empty removes it. */
export const displayNameSchema = Joi.string().trim().allow('').max(80).pattern(/^[^\u0000-\u001f\u007f]*$/);

/** The display name kept in a metadata object or an access token's payload, if any. */
export const displayNameOf = (metadata: unknown): string | undefined => {

    const value: unknown = (metadata as Record<string, unknown> | null | undefined)?.[displayNameKey];
    return typeof value === 'string' && value !== '' ? value : undefined;
};

export const readDisplayName = async (userId: string): Promise<string | undefined> => displayNameOf((await UserMetadata.getUserMetadata(userId)).metadata);

/** Sets (or, when empty, removes) the display name; other metadata stays. The sessions follow (withDisplayNameSpread). */
export const saveDisplayName = async (userId: string, name: string): Promise<void> => {

    await UserMetadata.updateUserMetadata(userId, { [displayNameKey]: name === '' ? null : name });
};

/** Metadata override: an update that names the display name puts the result into every session's payload (`''`: none). */
export const withDisplayNameSpread = (original: MetadataFunctions): MetadataFunctions => {

    return extend(original, {
        updateUserMetadata: async (input) => {

            const result = await original.updateUserMetadata(input);
            if (Object.hasOwn(input.metadataUpdate, displayNameKey)) {
                const claim = { [displayNameKey]: displayNameOf(result.metadata) ?? '' };
                const handles = await Session.getAllSessionHandlesForUser(input.userId, undefined, undefined, input.userContext);
                await Promise.all(handles.map((handle) => Session.mergeIntoAccessTokenPayload(handle, claim, input.userContext)));
            }

            return result;
        }
    });
};

/** Session override: a new session's access token carries the user's display name (`''` when there is none). */
export const withDisplayNameInToken = (original: SessionFunctions): SessionFunctions => {

    return extend(original, {
        createNewSession: async (input) => {

            const name = await readDisplayName(input.userId);
            return await original.createNewSession({ ...input, accessTokenPayload: { ...input.accessTokenPayload, [displayNameKey]: name ?? '' } });
        }
    });
};

/** Adds `displayName` to the context of every signed-in page's view, for the nav. */
export const displayNameInNav: Plugin<void> = {
    name: 'staffgate/display-name',
    dependencies: ['@hapi/vision'],
    register: (server) => {

        server.ext('onPreResponse', async (request, h) => {

            const response = request.response;
            if ('isBoom' in response || (response.variety as string) !== 'view' || !request.session) {
                return h.continue;
            }

            const source = response.source as { context?: Record<string, unknown> };
            if (source.context?.signedIn && source.context.displayName === undefined) {
                const payload = request.session.getAccessTokenPayload();
                source.context.displayName = Object.hasOwn(payload, displayNameKey) ? displayNameOf(payload) : await readDisplayName(request.session.getUserId());
            }

            return h.continue;
        });
    }
};
