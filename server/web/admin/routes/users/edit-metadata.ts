import Joi from 'joi';
import UserMetadata from 'supertokens-node/recipe/usermetadata';
import type { JSONObject } from 'supertokens-node/types';

import { auditContext } from '../../../auth/audit-context';
import { adminErrors } from '../../error-codes';
import { redirectWithFlash } from '../../flash';
import { userPage } from '../../views';
import { userAction } from '../user-action';


/** The textarea's JSON, when it is an object. */
const parseObject = (text: string): { value: JSONObject } | { error: string } => {

    let value: unknown;
    try {
        value = JSON.parse(text);
    }
    catch {
        return { error: adminErrors.METADATA_NOT_JSON };
    }

    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
        return { error: adminErrors.METADATA_NOT_OBJECT };
    }

    if (hasProtoKey(value)) {
        return { error: adminErrors.METADATA_PROTO_KEY };
    }

    return { value: value as JSONObject };
};

/** JSON.parse keeps a `__proto__` key as an own property, but copies and other parsers drop or misread it: refused. */
const hasProtoKey = (value: unknown): boolean => {

    if (typeof value !== 'object' || value === null) {
        return false;
    }

    return Object.entries(value).some(([key, inner]) => key === '__proto__' || hasProtoKey(inner));
};

// POST /admin/users/{id}/metadata {metadata}: replaces the user's metadata with the JSON object typed in.
export const editMetadata = userAction<{ metadata: string }>({
    action: 'metadata',
    payload: Joi.object({ metadata: Joi.string().allow('').max(32 * 1024).required() }),
    rendersFormErrors: true,
    handler: async ({ request, h, user, access, back }) => {

        if (request.app.formErrors) {
            return (await userPage(request, h, user.id, { errors: { metadata: 'Enter a JSON object of at most 32 KiB' } })).code(400);
        }

        const text = request.payload.metadata;
        const parsed = parseObject(text);
        if ('error' in parsed) {
            return (await userPage(request, h, user.id, { errors: { metadata: parsed.error }, values: { metadata: text } })).code(400);
        }

        // The core merges top-level keys and deletes those set to null: null out the keys that were left out.
        // Own-property checks: a key named `constructor` or `toString` is not "in" the update through the prototype.
        const { metadata: current } = await UserMetadata.getUserMetadata(user.id);
        const update: JSONObject = { ...parsed.value };
        for (const key of Object.keys(current)) {
            if (!Object.hasOwn(update, key)) {
                update[key] = null;
            }
        }

        await UserMetadata.updateUserMetadata(user.id, update, auditContext(request, access.userId));
        return redirectWithFlash(h, back, 'metadata-saved');
    }
});
