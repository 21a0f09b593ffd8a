import * as Code from '@hapi/code';
import * as Lab from '@hapi/lab';
import { BooleanClaim } from 'supertokens-node/recipe/session/claims';
import type { RecipeInterface as SessionFunctions } from 'supertokens-node/recipe/session/types';
// The SDK's own loop, to compare verdicts with (internal, read only here).
import { validateClaimsInPayload } from 'supertokens-node/lib/build/recipe/session/utils';

import { withQuickClaimValidation } from '../../../server/web/auth/claim-validation';


const { expect } = Code;
export const lab = Lab.script();
const { describe, it } = lab;


const verified = new BooleanClaim({ key: 'st-ev', fetchValue: () => true });
const admin = new BooleanClaim({ key: 'admin', fetchValue: () => false, defaultMaxAgeInSeconds: 300 });

const withOriginal = () => {

    const calls: unknown[] = [];
    const original = { validateClaims: async (input: unknown) => {

        calls.push(input);
        return { invalidClaims: [], accessTokenPayloadUpdate: { from: 'sdk' } };
    } } as unknown as SessionFunctions;
    return { calls, functions: withQuickClaimValidation(original) };
};

const input = (accessTokenPayload: object, claimValidators: any[]) => ({ userId: 'u', recipeUserId: {} as any, accessTokenPayload, claimValidators, userContext: {} as any });


describe('withQuickClaimValidation()', () => {

    it('gives the validators\' verdicts, as the SDK would, when no claim needs a refetch', async () => {

        const { calls, functions } = withOriginal();
        const now = Date.now();
        const payload = { 'st-ev': { v: false, t: now }, admin: { v: true, t: now } };
        const validators = [verified.validators.isTrue(), admin.validators.isTrue(), { id: 'custom', shouldRefetch: () => false, validate: async () => ({ isValid: false, reason: 'nope' }) }];

        const result = await functions.validateClaims(input(payload, validators));
        const sdkVerdicts: object[] = await validateClaimsInPayload(validators, payload, {} as any);
        expect(result.invalidClaims as object[]).to.equal(sdkVerdicts);
        expect(Object.keys(result)).to.equal(['invalidClaims']);
        expect(result.invalidClaims.map(({ id }) => id)).to.equal(['st-ev', 'custom']);
        expect(calls).to.have.length(0);

        expect(await functions.validateClaims(input({ 'st-ev': { v: true, t: now } }, [verified.validators.isTrue()]))).to.equal({ invalidClaims: [] });
        expect(calls).to.have.length(0);
    });

    it('leaves a refetch to the SDK', async () => {

        const { calls, functions } = withOriginal();
        const stale = input({ 'st-ev': { v: true, t: Date.now() } }, [verified.validators.isTrue(), admin.validators.isTrue()]);   // no admin value yet
        expect(await functions.validateClaims(stale)).to.equal({ invalidClaims: [], accessTokenPayloadUpdate: { from: 'sdk' } });
        expect(calls).to.equal([stale]);
    });
});
