import * as Crypto from 'crypto';

import * as Code from '@hapi/code';
import * as Lab from '@hapi/lab';
import UserMetadata from 'supertokens-node/recipe/usermetadata';

import { testAdapters } from '../../helpers/core';
import { useCoreWithAllRecipes } from './all-recipes';


const { expect } = Code;
export const lab = Lab.script();
const { describe, it } = lab;


/** updateUserMetadata with a plain result type (Code's assertions choke on the SDK's recursive JSONObject). */
const update = async (userId: string, metadataUpdate: Record<string, any>): Promise<{ status: string; metadata: Record<string, unknown> }> => {

    return await UserMetadata.updateUserMetadata(userId, metadataUpdate);
};

const metadataOf = async (userId: string) => {

    const result = await UserMetadata.getUserMetadata(userId);
    expect(result.status).to.equal('OK');
    return result.metadata;
};


describe('SDK user metadata against the core', () => {

    for (const adapter of testAdapters()) {
        describe(adapter, () => {

            useCoreWithAllRecipes(lab, { adapter });

            it('answers {} for a user without metadata', async () => {

                expect(await UserMetadata.getUserMetadata(Crypto.randomUUID())).to.equal({ status: 'OK', metadata: {} });
            });

            it('stores the first update as is and returns it', async () => {

                const userId = Crypto.randomUUID();
                const metadata = { first_name: 'Ada', tags: ['a', 'b'], level: 3, admin: false, nested: { x: 1 } };

                expect(await update(userId, metadata)).to.equal({ status: 'OK', metadata });
                expect(await metadataOf(userId)).to.equal(metadata);
            });

            it('merges updates shallowly: new keys are added, given keys replaced, others kept', async () => {

                const userId = Crypto.randomUUID();
                await update(userId, { first_name: 'Ada', last_name: 'Lovelace', level: 1 });

                const result = await update(userId, { level: 2, team: 'analytical' });
                const expected = { first_name: 'Ada', last_name: 'Lovelace', level: 2, team: 'analytical' };
                expect(result).to.equal({ status: 'OK', metadata: expected });
                expect(await metadataOf(userId)).to.equal(expected);
            });

            it('deletes a top-level key given as null', async () => {

                const userId = Crypto.randomUUID();
                await update(userId, { keep: 1, drop: 2, nested: { inner: null } });

                const result = await update(userId, { drop: null, absent: null });
                expect(result.metadata).to.equal({ keep: 1, nested: { inner: null } });
                expect(await metadataOf(userId)).to.equal({ keep: 1, nested: { inner: null } });
                expect(Object.keys(await metadataOf(userId))).to.not.include(['drop', 'absent']);
            });

            it('replaces a nested object instead of merging into it', async () => {

                const userId = Crypto.randomUUID();
                await update(userId, { prefs: { theme: 'dark', lang: 'en', sub: { a: 1 } } });

                await update(userId, { prefs: { theme: 'light' } });
                expect(await metadataOf(userId)).to.equal({ prefs: { theme: 'light' } });

                await update(userId, { prefs: ['now', 'a', 'list'] });
                expect(await metadataOf(userId)).to.equal({ prefs: ['now', 'a', 'list'] });
            });

            it('keeps metadata per user', async () => {

                const alice = Crypto.randomUUID();
                const bob = Crypto.randomUUID();
                await update(alice, { name: 'alice' });
                await update(bob, { name: 'bob' });

                expect(await metadataOf(alice)).to.equal({ name: 'alice' });
                expect(await metadataOf(bob)).to.equal({ name: 'bob' });
            });

            it('keeps unicode and large values intact', async () => {

                const userId = Crypto.randomUUID();
                const metadata = { name: 'Zoë 🚀 \u0000 "quoted"', bio: 'x'.repeat(100_000), n: 1.5e300 };

                await update(userId, metadata);
                expect(await metadataOf(userId)).to.equal(metadata);
            });

            it('clears a user\'s metadata, and clearing again or an unknown user is fine', async () => {

                const userId = Crypto.randomUUID();
                const other = Crypto.randomUUID();
                await update(userId, { a: 1 });
                await update(other, { b: 2 });

                expect(await UserMetadata.clearUserMetadata(userId)).to.equal({ status: 'OK' });
                expect(await metadataOf(userId)).to.equal({});
                expect(await metadataOf(other)).to.equal({ b: 2 });

                expect(await UserMetadata.clearUserMetadata(userId)).to.equal({ status: 'OK' });
                expect(await UserMetadata.clearUserMetadata(Crypto.randomUUID())).to.equal({ status: 'OK' });

                // A cleared user starts again from {}.
                expect(await update(userId, { c: 3 })).to.equal({ status: 'OK', metadata: { c: 3 } });
            });

            it('leaves {} after every key was set to null', async () => {

                const userId = Crypto.randomUUID();
                await update(userId, { a: 1, b: 2 });

                expect(await update(userId, { a: null, b: null })).to.equal({ status: 'OK', metadata: {} });
                expect(await metadataOf(userId)).to.equal({});
            });
        });
    }
});
