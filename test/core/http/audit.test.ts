import * as Crypto from 'crypto';

import * as Code from '@hapi/code';
import * as Lab from '@hapi/lab';

import { startTestCore, testAdapters, type TestCore } from '../../helpers/core';
import { auditEvents, type AuditEvent, type AuditFilter } from '../../helpers/core-api';
import { sleep } from '../../helpers/session-tools';
import { createSession, get, post, put, signUp } from './client';


const { expect } = Code;
export const lab = Lab.script();
const { describe, it, before, after } = lab;

const textHtml = 'text/html; charset=UTF-8';

const newEmail = (name: string) => `${name}-${Crypto.randomUUID()}@example.com`;

/** An event without its id and time, for exact comparisons. */
const strip = ({ id: _id, time: _time, ...rest }: AuditEvent) => rest;


describe('Staffgate audit trail (GET/POST /staffgate/audit)', () => {

    for (const adapter of testAdapters()) {
        describe(adapter, () => {

            let core: TestCore;
            const context = { 'x-staffgate-ip': '203.0.113.7', 'x-staffgate-user-agent': 'Mozilla/5.0 (audit test)' };

            /** The context fields the core stores from `context` (and an actor). */
            const ctx = (actorId?: string) => ({
                ip: context['x-staffgate-ip'],
                userAgent: context['x-staffgate-user-agent'],
                ...(actorId === undefined ? {} : { actorId })
            });

            before(async () => {

                core = await startTestCore({ adapter });
            });

            after(async () => {

                await core.destroy();
            });

            /** A user's events, newest first. */
            const eventsOf = (userId: string, filter: AuditFilter = {}) => auditEvents(core, userId, filter);

            const countOf = async (query: string) => (await get(core.uri, `/staffgate/audit/count?${query}`)).json.count as number;

            const expect400 = (res: Awaited<ReturnType<typeof get>>, text: string, label?: string) => {

                expect(res.status, label).to.equal(400);
                expect(res.contentType, label).to.equal(textHtml);
                expect(res.text, label).to.equal(text);
            };

            describe('what the core records', () => {

                it('records a sign-up, a sign-in and failed sign-ins, with the caller\'s ip and user agent', async () => {

                    const email = newEmail('signin');
                    const start = Date.now();
                    const user = await signUp(core.uri, email, 'correct horse 1', context);
                    await post(core.uri, '/public/recipe/signin', { email, password: 'correct horse 1' }, context);
                    await post(core.uri, '/public/recipe/signin', { email, password: 'wrong horse 1' }, context);

                    const events = await eventsOf(user.id);
                    expect(events.map(strip)).to.equal([
                        { event: 'sign_in_failed', userId: user.id, ...ctx(), details: { method: 'emailpassword', reason: 'wrong_password' } },
                        { event: 'sign_in', userId: user.id, ...ctx(), details: { method: 'emailpassword' } },
                        { event: 'sign_up', userId: user.id, ...ctx(), details: { method: 'emailpassword' } }
                    ]);

                    for (const event of events) {
                        expect(event.time).to.be.within(start, Date.now());
                        expect(event.id).to.be.a.number();
                    }

                    expect(events[0]!.id).to.be.above(events[1]!.id);
                    expect(events[1]!.id).to.be.above(events[2]!.id);
                });

                it('records a sign-in with an unknown email without a user, keeping the email tried', async () => {

                    const email = newEmail('unknown');
                    await post(core.uri, '/public/recipe/signin', { email, password: 'whatever 1' }, context);

                    const { json } = await get(core.uri, '/staffgate/audit?event=sign_in_failed&limit=500');
                    const event = (json.events as AuditEvent[]).find((candidate) => candidate.details.email === email);
                    expect(strip(event!)).to.equal({ event: 'sign_in_failed', ...ctx(), details: { method: 'emailpassword', reason: 'unknown_email', email } });
                });

                it('records third-party sign-up and sign-in', async () => {

                    const body = { thirdPartyId: 'github', thirdPartyUserId: Crypto.randomUUID(), email: { id: newEmail('tp'), isVerified: false } };
                    const { json } = await post(core.uri, '/public/recipe/signinup', body, context);
                    await post(core.uri, '/public/recipe/signinup', body, context);

                    expect((await eventsOf(json.user.id)).map(strip)).to.equal([
                        { event: 'sign_in', userId: json.user.id, ...ctx(), details: { method: 'thirdparty', thirdPartyId: 'github' } },
                        { event: 'sign_up', userId: json.user.id, ...ctx(), details: { method: 'thirdparty', thirdPartyId: 'github' } }
                    ]);
                });

                it('records refreshes, token theft and revoked sessions', async () => {

                    const user = await signUp(core.uri, newEmail('sessions'));
                    const created = await createSession(core.uri, user.id);
                    const handle = created.session.handle;
                    const refresh = (refreshToken: string) => post(core.uri, '/recipe/session/refresh', { refreshToken, enableAntiCsrf: false, useDynamicSigningKey: true }, context);

                    const child = (await refresh(created.refreshToken.token)).json;
                    expect(child.status).to.equal('OK');
                    expect((await refresh(child.refreshToken.token)).json.status).to.equal('OK');         // promotes the child
                    expect((await refresh(created.refreshToken.token)).json.status).to.equal('TOKEN_THEFT_DETECTED');

                    const removed = await post(core.uri, '/recipe/session/remove', { sessionHandles: [handle] }, context);
                    expect(removed.json.sessionHandlesRevoked).to.equal([handle]);

                    const second = await createSession(core.uri, user.id);
                    await post(core.uri, '/recipe/session/remove', { userId: user.id }, context);

                    expect((await eventsOf(user.id)).map(strip).slice(0, 5)).to.equal([
                        { event: 'session_revoked', userId: user.id, ...ctx(), details: { sessionHandle: second.session.handle } },
                        { event: 'session_revoked', userId: user.id, ...ctx(), details: { sessionHandle: handle } },
                        { event: 'token_theft_detected', userId: user.id, ...ctx(), details: { sessionHandle: handle } },
                        { event: 'refresh', userId: user.id, ...ctx(), details: { sessionHandle: handle } },
                        { event: 'refresh', userId: user.id, ...ctx(), details: { sessionHandle: handle } }
                    ]);
                });

                it('records a password reset request, its use and the password change', async () => {

                    const email = newEmail('reset');
                    const user = await signUp(core.uri, email);
                    const { json: token } = await post(core.uri, '/public/recipe/user/password/reset/token', { userId: user.id, email }, context);
                    await post(core.uri, '/public/recipe/user/password/reset/token/consume', { token: token.token }, context);
                    await put(core.uri, '/recipe/user', { recipeUserId: user.id, password: 'new horse 2' }, context);
                    const changedEmail = newEmail('changed');
                    await put(core.uri, '/recipe/user', { recipeUserId: user.id, email: changedEmail.toUpperCase() }, context);

                    expect((await eventsOf(user.id)).map(strip).slice(0, 4)).to.equal([
                        { event: 'email_changed', userId: user.id, ...ctx(), details: { email: changedEmail } },
                        { event: 'password_changed', userId: user.id, ...ctx(), details: {} },
                        { event: 'password_reset', userId: user.id, ...ctx(), details: {} },
                        { event: 'password_reset_requested', userId: user.id, ...ctx(), details: {} }
                    ]);
                });

                it('records email verification and unverification', async () => {

                    const email = newEmail('verify');
                    const user = await signUp(core.uri, email);
                    const { json: token } = await post(core.uri, '/public/recipe/user/email/verify/token', { userId: user.id, email }, context);
                    await post(core.uri, '/public/recipe/user/email/verify', { method: 'token', token: token.token }, context);
                    await post(core.uri, '/recipe/user/email/verify/remove', { userId: user.id, email: ` ${email.toUpperCase()} ` }, context);

                    // Both events carry the email normalised, whatever the caller sent.
                    expect((await eventsOf(user.id)).map(strip).slice(0, 2)).to.equal([
                        { event: 'email_unverified', userId: user.id, ...ctx(), details: { email } },
                        { event: 'email_verified', userId: user.id, ...ctx(), details: { email } }
                    ]);
                });

                it('records roles created, granted, revoked and deleted, with the acting admin', async () => {

                    const admin = await signUp(core.uri, newEmail('admin'));
                    const user = await signUp(core.uri, newEmail('member'));
                    const role = `role-${Crypto.randomUUID()}`;
                    const asAdmin = { ...context, 'x-staffgate-actor': admin.id };

                    await put(core.uri, '/recipe/role', { role, permissions: ['read'] }, asAdmin);
                    await put(core.uri, '/public/recipe/user/role', { userId: user.id, role }, asAdmin);
                    await put(core.uri, '/public/recipe/user/role', { userId: user.id, role }, asAdmin);           // already had it: no event
                    await post(core.uri, '/public/recipe/user/role/remove', { userId: user.id, role }, asAdmin);
                    await post(core.uri, '/public/recipe/user/role/remove', { userId: user.id, role }, asAdmin);   // no longer had it: no event
                    await post(core.uri, '/recipe/role/remove', { role }, asAdmin);

                    expect((await eventsOf(user.id)).map(strip).slice(0, 2)).to.equal([
                        { event: 'role_revoked', userId: user.id, ...ctx(admin.id), details: { role } },
                        { event: 'role_granted', userId: user.id, ...ctx(admin.id), details: { role } }
                    ]);

                    const roleEvents = async (event: string) => {

                        const { json } = await get(core.uri, `/staffgate/audit?event=${event}&limit=500`);
                        return (json.events as AuditEvent[]).filter((candidate) => candidate.details.role === role).map(strip);
                    };

                    expect(await roleEvents('role_created')).to.equal([{ event: 'role_created', ...ctx(admin.id), details: { role, permissions: ['read'], createdNewRole: true } }]);
                    expect(await roleEvents('role_deleted')).to.equal([{ event: 'role_deleted', ...ctx(admin.id), details: { role } }]);
                });

                it('records metadata updates', async () => {

                    const userId = Crypto.randomUUID();
                    await put(core.uri, '/recipe/user/metadata', { userId, metadataUpdate: { a: 1, b: null } }, context);
                    await post(core.uri, '/recipe/user/metadata/remove', { userId }, context);

                    expect((await eventsOf(userId)).map(strip)).to.equal([
                        { event: 'metadata_updated', userId, ...ctx(), details: { cleared: true } },
                        { event: 'metadata_updated', userId, ...ctx(), details: { keys: ['a', 'b'] } }
                    ]);
                });

                it('records bans, unbans, lockout resets and the deletion, with the acting admin', async () => {

                    const admin = await signUp(core.uri, newEmail('admin'));
                    const user = await signUp(core.uri, newEmail('target'));
                    const asAdmin = { ...context, 'x-staffgate-actor': admin.id };
                    await createSession(core.uri, user.id);

                    await post(core.uri, '/staffgate/ban', { userId: user.id, reason: 'fraud' }, asAdmin);
                    await post(core.uri, '/staffgate/unban', { userId: user.id }, asAdmin);
                    await post(core.uri, '/staffgate/unban', { userId: user.id }, asAdmin);              // not banned: no event
                    await post(core.uri, '/staffgate/lockout/reset', { userId: user.id }, asAdmin);
                    await post(core.uri, '/user/remove', { userId: user.id }, asAdmin);

                    expect((await eventsOf(user.id)).map(strip).slice(0, 4)).to.equal([
                        { event: 'user_deleted', userId: user.id, ...ctx(admin.id), details: {} },
                        { event: 'lockout_cleared', userId: user.id, ...ctx(admin.id), details: {} },
                        { event: 'user_unbanned', userId: user.id, ...ctx(admin.id), details: {} },
                        { event: 'user_banned', userId: user.id, ...ctx(admin.id), details: { reason: 'fraud', sessionsRevoked: 1 } }
                    ]);
                });

                it('records a banned user\'s sign-in attempts with the reason banned', async () => {

                    const email = newEmail('banned');
                    const user = await signUp(core.uri, email);
                    await post(core.uri, '/staffgate/ban', { userId: user.id });
                    await post(core.uri, '/public/recipe/signin', { email, password: 'correct horse 1' });

                    const [latest] = await eventsOf(user.id);
                    expect(strip(latest!)).to.equal({ event: 'sign_in_failed', userId: user.id, details: { method: 'emailpassword', reason: 'banned' } });
                });

                it('leaves out ip, user agent and actor when the caller sends none, and cuts long values to 512 characters', async () => {

                    const user = await signUp(core.uri, newEmail('bare'));
                    expect(strip((await eventsOf(user.id))[0]!)).to.equal({ event: 'sign_up', userId: user.id, details: { method: 'emailpassword' } });

                    const long = await signUp(core.uri, newEmail('long'), 'correct horse 1', { 'x-staffgate-user-agent': 'a'.repeat(2000), 'x-staffgate-ip': '' });
                    const [event] = await eventsOf(long.id);
                    expect(event!.userAgent).to.equal('a'.repeat(512));
                    expect(event!.ip).to.not.exist();
                });
            });

            describe('queries', () => {

                let userId: string;
                let all: AuditEvent[];

                before(async () => {

                    // Seven events of one user, a few ms apart.
                    userId = Crypto.randomUUID();
                    for (let i = 0; i < 7; ++i) {
                        await post(core.uri, '/staffgate/audit', { event: i % 2 ? 'role_permissions_removed' : 'lockout_cleared', userId, details: { i } });
                        await sleep(3);
                    }

                    all = await eventsOf(userId);
                });

                it('filters by user, newest first', async () => {

                    expect(all.map((event) => event.details.i)).to.equal([6, 5, 4, 3, 2, 1, 0]);
                    expect(all.every((event) => event.userId === userId)).to.be.true();
                    expect(await eventsOf(Crypto.randomUUID())).to.equal([]);
                });

                it('filters by event', async () => {

                    const viewed = await eventsOf(userId, { event: 'role_permissions_removed' });
                    expect(viewed.map((event) => event.details.i)).to.equal([5, 3, 1]);

                    const { json } = await get(core.uri, '/staffgate/audit?event=role_permissions_removed&limit=500');
                    expect(json.events.every((event: AuditEvent) => event.event === 'role_permissions_removed')).to.be.true();
                    expect(json.events.length as number).to.be.at.least(3);
                });

                it('filters by email: the events of the user with that email, and those that record the address tried', async () => {

                    const email = newEmail('by-email');
                    const user = await signUp(core.uri, email, 'correct horse 1', context);
                    const stranger = newEmail('never-signed-up');
                    await post(core.uri, '/public/recipe/signin', { email, password: 'wrong horse 1' }, context);
                    await post(core.uri, '/public/recipe/signin', { email: stranger, password: 'wrong horse 1' }, context);

                    const byEmail = async (address: string, extra = '') => ((await get(core.uri, `/staffgate/audit?email=${encodeURIComponent(address)}${extra}`)).json.events as AuditEvent[]).map((event) => [event.event, event.userId]);
                    expect(await byEmail(email)).to.equal([['sign_in_failed', user.id], ['sign_up', user.id]]);
                    expect(await byEmail(email, '&event=sign_up')).to.equal([['sign_up', user.id]]);
                    expect(await byEmail(stranger)).to.equal([['sign_in_failed', undefined]]);
                    expect(await countOf(`email=${encodeURIComponent(email)}`)).to.equal(2);
                    expect(await byEmail(newEmail('nobody'))).to.equal([]);
                });

                it('filters by time: from inclusive, to exclusive', async () => {

                    const from = all[5]!.time;
                    const to = all[1]!.time;
                    const inRange = all.filter((event) => event.time >= from && event.time < to);
                    expect(inRange.length).to.be.at.least(3);

                    expect(await eventsOf(userId, { from, to })).to.equal(inRange);
                    expect(await eventsOf(userId, { from })).to.equal(all.filter((event) => event.time >= from));
                    expect(await eventsOf(userId, { to })).to.equal(all.filter((event) => event.time < to));
                    expect(await eventsOf(userId, { from: to, to })).to.equal([]);
                    expect(await countOf(`userId=${userId}&from=${from}&to=${to}`)).to.equal(inRange.length);
                });

                it('pages with limit and cursor, newest first, with no gap or repeat', async () => {

                    const pages: AuditEvent[][] = [];
                    let cursor: string | undefined;
                    do {
                        const { json } = await get(core.uri, `/staffgate/audit?userId=${userId}&limit=3${cursor ? `&cursor=${cursor}` : ''}`);
                        pages.push(json.events);
                        cursor = json.nextCursor;
                        expect(cursor === undefined || /^\d+$/.test(cursor)).to.be.true();
                    }
                    while (cursor !== undefined && pages.length < 10);

                    expect(pages.map((page) => page.length)).to.equal([3, 3, 1]);
                    expect(pages.flat()).to.equal(all);
                });

                it('gives no cursor when the page holds the last event', async () => {

                    const { json } = await get(core.uri, `/staffgate/audit?userId=${userId}&limit=7`);
                    expect(json.events).to.equal(all);
                    expect(json.nextCursor).to.not.exist();

                    const short = await get(core.uri, `/staffgate/audit?userId=${userId}&limit=6`);
                    expect(short.json.nextCursor).to.equal(String(all[5]!.id));
                    const rest = await get(core.uri, `/staffgate/audit?userId=${userId}&limit=6&cursor=${short.json.nextCursor}`);
                    expect(rest.json).to.equal({ status: 'OK', events: [all[6]] });
                });

                it('pages a filtered query with the cursor too', async () => {

                    const first = await get(core.uri, `/staffgate/audit?userId=${userId}&event=lockout_cleared&limit=2`);
                    expect(first.json.events.map((event: AuditEvent) => event.details.i)).to.equal([6, 4]);
                    const second = await get(core.uri, `/staffgate/audit?userId=${userId}&event=lockout_cleared&limit=2&cursor=${first.json.nextCursor}`);
                    expect(second.json.events.map((event: AuditEvent) => event.details.i)).to.equal([2, 0]);
                    expect(second.json.nextCursor).to.not.exist();
                });

                it('answers 50 events by default', async () => {

                    const busy = Crypto.randomUUID();
                    for (let i = 0; i < 55; ++i) {
                        await post(core.uri, '/staffgate/audit', { event: 'role_permissions_removed', userId: busy });
                    }

                    const { json } = await get(core.uri, `/staffgate/audit?userId=${busy}`);
                    expect(json.events).to.have.length(50);
                    expect(json.nextCursor).to.exist();
                    expect(await countOf(`userId=${busy}`)).to.equal(55);
                });

                it('counts by user and event', async () => {

                    expect(await countOf(`userId=${userId}`)).to.equal(7);
                    expect(await countOf(`userId=${userId}&event=role_permissions_removed`)).to.equal(3);
                    expect(await countOf(`userId=${Crypto.randomUUID()}`)).to.equal(0);
                    expect(await countOf('event=role_permissions_removed')).to.be.at.least(3);
                });
            });

            describe('POST /staffgate/audit', () => {

                it('records an event of the web app with its user, details and context', async () => {

                    const userId = Crypto.randomUUID();
                    const actor = Crypto.randomUUID();
                    const res = await post(core.uri, '/staffgate/audit', { event: 'role_permissions_removed', userId, details: { role: 'editor', permissions: ['publish'] } }, { ...context, 'x-staffgate-actor': actor });
                    expect(res.status).to.equal(200);
                    expect(res.json).to.equal({ status: 'OK' });

                    expect((await eventsOf(userId)).map(strip)).to.equal([{ event: 'role_permissions_removed', userId, ...ctx(actor), details: { role: 'editor', permissions: ['publish'] } }]);
                });

                it('records an event without user or details', async () => {

                    const earlier = await countOf('event=role_permissions_removed');
                    expect((await post(core.uri, '/staffgate/audit', { event: 'role_permissions_removed' })).json).to.equal({ status: 'OK' });

                    const { json } = await get(core.uri, '/staffgate/audit?event=role_permissions_removed&limit=1');
                    expect(json.events.map(strip)).to.equal([{ event: 'role_permissions_removed', details: {} }]);
                    expect(await countOf('event=role_permissions_removed')).to.equal(earlier + 1);
                });

                it('answers 400 for a missing, mistyped or badly named event, or bad details or user, and records nothing', async () => {

                    const userId = Crypto.randomUUID();
                    const cases: [unknown, string][] = [
                        [{ userId }, 'event'],
                        [{ userId, event: 42 }, 'event'],
                        [{ userId, event: 'Page_Viewed' }, 'event'],
                        [{ userId, event: 'page-viewed' }, 'event'],
                        [{ userId, event: '1st_event' }, 'event'],
                        [{ userId, event: '' }, 'event'],
                        [{ userId, event: `a${'b'.repeat(64)}` }, 'event'],
                        [{ userId, event: 'settings_changed' }, 'event'],             // well formed, but not an event we know
                        [{ userId, event: 'role_permissions_removed', details: [1, 2] }, 'details'],
                        [{ userId, event: 'role_permissions_removed', details: 'text' }, 'details'],
                        [{ userId: 7, event: 'role_permissions_removed' }, 'userId']
                    ];

                    const total = await countOf('');
                    for (const [body, field] of cases) {
                        expect400(await post(core.uri, '/staffgate/audit', body), `Field name '${field}' is invalid in JSON input\n`, JSON.stringify(body));
                    }

                    expect(await countOf(`userId=${userId}`)).to.equal(0);
                    expect(await countOf('')).to.equal(total);
                });
            });

            describe('GET /staffgate/audit bad input', () => {

                it('answers 400 for a limit, cursor, from or to that is not an integer in range', async () => {

                    const cases: [string, string][] = [
                        ['limit=0', 'Field name \'limit\' must be an integer from 1 to 500\n'],
                        ['limit=501', 'Field name \'limit\' must be an integer from 1 to 500\n'],
                        ['limit=ten', 'Field name \'limit\' must be an integer from 1 to 500\n'],
                        ['limit=-1', 'Field name \'limit\' must be an integer from 1 to 500\n'],
                        ['cursor=0', `Field name 'cursor' must be an integer from 1 to ${Number.MAX_SAFE_INTEGER}\n`],
                        ['cursor=abc', `Field name 'cursor' must be an integer from 1 to ${Number.MAX_SAFE_INTEGER}\n`],
                        ['from=yesterday', `Field name 'from' must be an integer from 0 to ${Number.MAX_SAFE_INTEGER}\n`],
                        ['to=1.5', `Field name 'to' must be an integer from 0 to ${Number.MAX_SAFE_INTEGER}\n`]
                    ];

                    for (const [query, text] of cases) {
                        expect400(await get(core.uri, `/staffgate/audit?${query}`), text, query);
                    }

                    expect400(await get(core.uri, '/staffgate/audit/count?from=-5'), `Field name 'from' must be an integer from 0 to ${Number.MAX_SAFE_INTEGER}\n`);
                });

                it('answers 400 for a badly named or repeated event filter', async () => {

                    expect400(await get(core.uri, '/staffgate/audit?event=Sign-In'), 'Field name \'event\' is invalid in GET request\n');
                    expect400(await get(core.uri, '/staffgate/audit/count?event=%20'), 'Field name \'event\' is invalid in GET request\n');
                    expect400(await get(core.uri, '/staffgate/audit?event=sign_in&event=sign_up'), 'Field name \'event\' is invalid in GET request\n');
                });
            });
        });
    }
});
