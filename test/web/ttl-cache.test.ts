import * as Code from '@hapi/code';
import * as Lab from '@hapi/lab';

import { TtlCache } from '../../server/web/ttl-cache';


const { expect } = Code;
export const lab = Lab.script();
const { describe, it } = lab;


describe('TtlCache', () => {

    it('keeps a value for its max age, by the injected clock', async () => {

        let now = 1_000;
        let value = 0;
        const cache = new TtlCache(async () => ++value, { maxAgeMs: 5_000, now: () => now });

        expect(await cache.get()).to.equal({ value: 1, at: 1_000 });
        now = 5_999;
        expect(await cache.get()).to.equal({ value: 1, at: 1_000 });
        now = 6_000;
        expect(await cache.get()).to.equal({ value: 2, at: 6_000 });
        expect(cache.fetches).to.equal(2);
    });

    it('shares one fetch between callers that arrive while it runs', async () => {

        let release!: (value: string) => void;
        const pending = () => {

            return new Promise<string>((resolve) => {

                release = resolve;
            });
        };

        const cache = new TtlCache(pending, { maxAgeMs: 0, now: () => 0 });

        const callers = [cache.get(), cache.get(), cache.get()];
        release('counted');
        const answers = await Promise.all(callers);
        expect(answers.map((answer) => answer.value)).to.equal(['counted', 'counted', 'counted']);
        expect(cache.fetches).to.equal(1);

        // Max age 0: the next call fetches again.
        const next = cache.get();
        release('again');
        expect((await next).value).to.equal('again');
        expect(cache.fetches).to.equal(2);
    });

    it('does not keep a failed fetch', async () => {

        let fail = true;
        const cache = new TtlCache(async () => {

            if (fail) {
                throw new Error('core down');
            }

            return 'ok';
        }, { maxAgeMs: 60_000 });

        await expect(cache.get()).to.reject('core down');
        fail = false;
        expect((await cache.get()).value).to.equal('ok');
        expect(cache.fetches).to.equal(2);
    });
});
