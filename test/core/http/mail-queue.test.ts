import * as Code from '@hapi/code';
import * as Lab from '@hapi/lab';

import { appId } from '../../../server/core/services';
import { startTestCore, testAdapters, testClock, type TestCore } from '../../helpers/core';
import { get, post } from './client';


const { expect } = Code;
export const lab = Lab.script();
const { describe, it, before, after, beforeEach } = lab;

const second = 1000;
const minute = 60_000;
const hour = 3_600_000;
const day = 24 * hour;


describe('Staffgate mail queue (/staffgate/mail)', () => {

    for (const adapter of testAdapters()) {
        describe(adapter, () => {

            let core: TestCore;
            const clock = testClock();

            before(async () => {

                core = await startTestCore({ adapter, clock: clock.now });
            });

            after(async () => {

                await core.destroy();
            });

            // Each test starts with an empty queue: what an earlier test left is sent.
            beforeEach(async () => {

                clock.advance(2 * day);
                for (const message of (await post(core.uri, '/staffgate/mail/claim', { limit: 100, leaseMs: minute })).json.messages) {
                    await post(core.uri, '/staffgate/mail/sent', { id: message.id });
                }

                clock.advance(8 * day);
                await core.services.maintenance.cleanUp();
            });

            const enqueue = (to: string, extra: object = {}) => post(core.uri, '/staffgate/mail', { to, subject: `Hello ${to}`, text: `Body for ${to}\nhttps://example.com/secret`, ...extra });
            const claim = async (limit = 10, leaseMs = minute) => (await post(core.uri, '/staffgate/mail/claim', { limit, leaseMs })).json.messages as { id: string; to: string; text: string; attempts: number; leaseToken: string; claimedUntil: number }[];
            const fail = async (id: string, leaseToken: string, error = 'connect ECONNREFUSED') => (await post(core.uri, '/staffgate/mail/failed', { id, leaseToken, error })).json;
            const stats = async (query = '') => (await get(core.uri, `/staffgate/mail/stats${query}`)).json;

            it('stores a message durably, lets one claim take it, and marks it sent idempotently with its body emptied', async () => {

                const res = await enqueue('ada@example.com');
                expect(res.status).to.equal(200);
                expect(res.json).to.equal({ status: 'OK', id: res.json.id });
                expect(await stats()).to.include({ pending: 1, failed: 0 });

                const claimedAt = clock.now();
                const [message, ...others] = await claim();
                expect(others).to.equal([]);
                expect(message).to.include({ id: res.json.id, to: 'ada@example.com', subject: 'Hello ada@example.com', attempts: 1 });
                expect(message!.text).to.contain('https://example.com/secret');
                expect(message!.claimedUntil).to.be.within(claimedAt + minute, clock.now() + minute);
                expect(await claim()).to.equal([]);                                 // leased

                expect((await post(core.uri, '/staffgate/mail/sent', { id: message!.id })).json).to.equal({ status: 'OK' });
                expect((await post(core.uri, '/staffgate/mail/sent', { id: message!.id })).json).to.equal({ status: 'OK' });
                const stored = await core.storage.mailQueue.get(appId, message!.id);
                expect(stored).to.include({ state: 'sent', text: '' });
                expect(stored!.finishedAt!).to.be.within(claimedAt, clock.now());
                expect(stored!.leaseToken).to.not.exist();
                expect(await stats()).to.include({ pending: 0, failed: 0 });
                expect((await post(core.uri, '/staffgate/mail/sent', { id: 'no-such-id' })).json).to.equal({ status: 'UNKNOWN_MESSAGE_ERROR' });
            });

            it('hands back a message already claimed when asked (delivery at once), and claims it again when the lease runs out', async () => {

                const { json } = await enqueue('bo@example.com', { leaseMs: 30 * second });
                expect(json.message).to.include({ id: json.id, to: 'bo@example.com', attempts: 1 });
                expect(json.message.leaseToken).to.be.a.string();
                expect(await claim()).to.equal([]);

                clock.advance(30 * second);
                const [again] = await claim();
                expect(again).to.include({ id: json.id, attempts: 2 });
                expect(again!.leaseToken).to.not.equal(json.message.leaseToken);

                // The first holder's lease is gone: its failure report changes nothing; its success still counts.
                expect(await fail(json.id, json.message.leaseToken)).to.equal({ status: 'LEASE_EXPIRED_ERROR' });
                expect((await post(core.uri, '/staffgate/mail/sent', { id: json.id })).json.status).to.equal('OK');
                expect(await fail(json.id, again!.leaseToken)).to.equal({ status: 'LEASE_EXPIRED_ERROR' });
                for (const retryAt of [undefined, clock.now()]) {
                    expect(await core.storage.mailQueue.markFailed(appId, json.id, again!.leaseToken, { error: 'late', now: clock.now(), retryAt })).to.not.exist();
                }
            });

            it('retries with exponential backoff for 24 hours, then fails the message and empties it', async () => {

                const { json } = await enqueue('cy@example.com');
                const waits: number[] = [];
                for (;;) {
                    const [message] = await claim();
                    const result = await fail(message!.id, message!.leaseToken, `attempt ${message!.attempts} refused`);
                    if (result.state === 'failed') {
                        expect(result).to.equal({ status: 'OK', state: 'failed' });
                        break;
                    }

                    expect(result.state).to.equal('pending');
                    waits.push(result.nextAttemptAt - clock.now());
                    clock.advance(second);
                    expect(await claim()).to.equal([]);                             // not due yet
                    clock.advance(result.nextAttemptAt - clock.now());
                }

                expect(waits.slice(0, 8).map((wait) => Math.round(wait / second) * second)).to.equal([30, 60, 120, 240, 480, 960, 1920, 3600].map((s) => s * second));
                expect(waits.slice(8).every((wait) => Math.round(wait / second) * second === hour)).to.be.true();
                const stored = await core.storage.mailQueue.get(appId, json.id);
                expect(stored).to.include({ state: 'failed', text: '' });
                expect(stored!.lastError).to.match(/^attempt \d+ refused$/);
                expect(stored!.finishedAt! - stored!.createdAt).to.be.at.least(day);
                expect(stored!.finishedAt! - stored!.createdAt).to.be.below(day + 2 * hour);

                const summary = await stats();
                expect(summary).to.include({ pending: 0, failed: 1 });
                expect(summary.recentErrors).to.have.length(1);
                expect(summary.recentErrors[0]).to.include({ id: json.id, to: 'cy@example.com', subject: 'Hello cy@example.com', state: 'failed', attempts: stored!.attempts });
                expect(summary.recentErrors[0].nextAttemptAt).to.not.exist();
                expect(JSON.stringify(summary)).to.not.contain('secret');
            });

            it('lists pending messages with errors for the overview, most recent first, and honours the limit', async () => {

                const first = (await enqueue('di@example.com')).json.id;
                const second_ = (await enqueue('ed@example.com')).json.id;
                // Both were queued in the same millisecond, and a claim's rows come back in no set order: fail them in ours.
                const claimed = await claim();
                for (const id of [first, second_]) {
                    const message = claimed.find((one) => one.id === id)!;
                    clock.advance(second);
                    await fail(message.id, message.leaseToken, `down for ${message.to}`);
                }

                const summary = await stats('?limit=10');
                expect(summary.pending).to.equal(2);
                expect(summary.recentErrors.map((item: { id: string }) => item.id)).to.equal([second_, first]);
                expect(summary.recentErrors[0]).to.include({ state: 'pending', lastError: 'down for ed@example.com', attempts: 1 });
                expect(summary.recentErrors[0].nextAttemptAt as number).to.be.within(clock.now() + 29 * second, clock.now() + 30 * second);
                expect((await stats('?limit=1')).recentErrors).to.have.length(1);
                expect((await stats('?limit=0')).recentErrors).to.equal([]);
            });

            it('never gives one message to two concurrent claims', async () => {

                for (let i = 0; i < 20; ++i) {
                    await enqueue(`many-${i}@example.com`);
                }

                const batches = await Promise.all(Array.from({ length: 6 }, () => claim(5)));
                const ids = batches.flat().map((message) => message.id);
                expect(new Set(ids).size).to.equal(ids.length);

                // Under contention a claim may take fewer than its limit (PostgreSQL applies LIMIT before the lock's
                // re-check), never a message already taken: the worker's next claim picks up the rest.
                const rest = (await claim(20)).map((message) => message.id);
                expect(rest.filter((id) => ids.includes(id))).to.equal([]);
                expect(new Set([...ids, ...rest]).size).to.equal(20);
            });

            it('stores and deletes a discarded message in one step: the same work, nothing left', async () => {

                const res = await enqueue('ghost@example.com', { discard: true });
                expect(res.json).to.equal({ status: 'OK' });
                expect(await stats()).to.include({ pending: 0, failed: 0 });
                expect(await claim()).to.equal([]);
            });

            it('deletes sent and failed messages a week after they finished, and keeps pending ones', async () => {

                const sent = (await enqueue('fi@example.com')).json.id;
                const failed = (await enqueue('gu@example.com')).json.id;
                const pending = (await enqueue('ha@example.com')).json.id;
                clock.advance(day);
                for (const message of await claim()) {
                    if (message.id === sent) {
                        await post(core.uri, '/staffgate/mail/sent', { id: sent });
                    }
                    else if (message.id === failed) {
                        expect(await fail(failed, message.leaseToken)).to.equal({ status: 'OK', state: 'failed' });
                    }
                }

                clock.advance(7 * day - minute);
                await core.services.maintenance.cleanUp();
                expect(await core.storage.mailQueue.get(appId, sent)).to.exist();
                expect(await core.storage.mailQueue.get(appId, failed)).to.exist();
                clock.advance(2 * minute);
                await core.services.maintenance.cleanUp();
                expect(await core.storage.mailQueue.get(appId, sent)).to.not.exist();
                expect(await core.storage.mailQueue.get(appId, failed)).to.not.exist();
                expect(await core.storage.mailQueue.get(appId, pending)).to.include({ state: 'pending' });
            });

            it('answers 400 for bad input', async () => {

                const bad = [
                    ['/staffgate/mail', { subject: 's', text: 't' }, 'Field name \'to\' is invalid in JSON input'],
                    ['/staffgate/mail', { to: 'a@example.com\r\nBcc: x@example.com', subject: 's', text: 't' }, 'Field name \'to\' is invalid in JSON input'],
                    ['/staffgate/mail', { to: 'nobody', subject: 's', text: 't' }, 'Field name \'to\' is invalid in JSON input'],
                    ['/staffgate/mail', { to: 'a@example.com', subject: '', text: 't' }, 'Field name \'subject\' is invalid in JSON input'],
                    ['/staffgate/mail', { to: 'a@example.com', subject: 's', text: 'x'.repeat(100_001) }, 'Field name \'text\' is invalid in JSON input'],
                    ['/staffgate/mail', { to: 'a@example.com', subject: 's', text: 't', leaseMs: 10 }, 'Field name \'leaseMs\' is invalid in JSON input'],
                    ['/staffgate/mail', { to: 'a@example.com', subject: 's', text: 't', leaseMs: 'soon' }, 'Field name \'leaseMs\' is invalid in JSON input'],
                    ['/staffgate/mail', { to: 'a@example.com', subject: 's', text: 't', discard: 'yes' }, 'Field name \'discard\' is invalid in JSON input'],
                    ['/staffgate/mail/claim', { limit: 0, leaseMs: minute }, 'Field name \'limit\' is invalid in JSON input'],
                    ['/staffgate/mail/claim', { limit: 101, leaseMs: minute }, 'Field name \'limit\' is invalid in JSON input'],
                    ['/staffgate/mail/claim', { limit: 1, leaseMs: 2 * hour }, 'Field name \'leaseMs\' is invalid in JSON input'],
                    ['/staffgate/mail/sent', {}, 'Field name \'id\' is invalid in JSON input'],
                    ['/staffgate/mail/failed', { id: 'x', leaseToken: 'y' }, 'Field name \'error\' is invalid in JSON input']
                ] as const;

                for (const [path, payload, message] of bad) {
                    const res = await post(core.uri, path, payload);
                    expect(res.status, `${path} ${JSON.stringify(payload).slice(0, 80)}`).to.equal(400);
                    expect(res.text.trim()).to.equal(message);
                }

                for (const query of ['?limit=51', '?limit=-1', '?limit=many']) {
                    const res = await get(core.uri, `/staffgate/mail/stats${query}`);
                    expect(res.status).to.equal(400);
                    expect(res.text.trim()).to.equal('Field name \'limit\' is invalid in GET request');
                }

                expect(await fail('no-such-id', 'token')).to.equal({ status: 'LEASE_EXPIRED_ERROR' });
            });
        });
    }
});
