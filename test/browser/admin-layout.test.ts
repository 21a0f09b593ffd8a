import * as Code from '@hapi/code';
import * as Lab from '@hapi/lab';
import type { Page } from 'playwright-core';
import SuperTokens from 'supertokens-node';
import EmailPassword from 'supertokens-node/recipe/emailpassword';
import UserRoles from 'supertokens-node/recipe/userroles';

import { coreRequest } from '../helpers/core-api';
import { browserSuite, hasChromium, screenshot, signUpVerifiedAdmin, startBrowserApp, submitSignIn, useBrowserApp, type TestPage } from '../helpers/browser';


const { expect } = Code;
export const lab = Lab.script();
const { describe, it, before } = lab;

const adminEmail = 'layout.admin@example.com';
const password = 'a long enough password';
const phone = { width: 390, height: 844 };
const desktop = { width: 1280, height: 900 };


// Runs in the page: the words (runs of non-space) of every table header and cell that the layout split over two
// lines, as "<table id>: <word>". A word's Range has one client rect per line box it sits on.
const brokenWords = `(() => {

    const broken = [];
    for (const cell of document.querySelectorAll('table th, table td')) {
        const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
            for (const match of node.data.matchAll(/\\S+/g)) {
                const range = document.createRange();
                range.setStart(node, match.index);
                range.setEnd(node, match.index + match[0].length);
                const lines = new Set([...range.getClientRects()].filter((rect) => rect.width > 0).map((rect) => Math.round(rect.bottom)));
                if (lines.size > 1) {
                    broken.push(cell.closest('table').id + ': ' + match[0]);
                }
            }
        }
    }

    return broken;
})()`;

// Runs in the page: for each grid of panels (.panels, the overview's .stats), the rows of panels (by top edge) that do not start at the grid's left
// edge, as "<grid index>: top <px>". A panel pushed down by a sibling margin forms such a row.
const misalignedPanels = `(() => {

    const problems = [];
    [...document.querySelectorAll('.panels, .stats')].forEach((grid, index) => {

        const left = Math.round(grid.getBoundingClientRect().left);
        const panels = [...grid.children].map((panel) => panel.getBoundingClientRect());
        const tops = new Set(panels.map((rect) => Math.round(rect.top)));
        for (const top of tops) {
            if (!panels.some((rect) => Math.round(rect.top) === top && Math.round(rect.left) === left)) {
                problems.push(index + ': top ' + top);
            }
        }
    });

    return problems;
})()`;


describe(browserSuite('admin tables and panels in Chromium'), { skip: !hasChromium }, () => {

    const app = useBrowserApp(lab, () => startBrowserApp({ ADMIN_EMAILS: adminEmail }));
    let adminId: string;

    before(async () => {

        await signUpVerifiedAdmin(app, adminEmail, password);
        adminId = (await SuperTokens.listUsersByAccountInfo('public', { email: adminEmail }))[0]!.id;

        // Something in every table: roles with permissions, an invitation, users, and a few dozen audit events.
        await UserRoles.createNewRoleOrAddPermissions('viewer', []);
        await UserRoles.createNewRoleOrAddPermissions('support-engineers', ['users:read', 'sessions:revoke', 'audit:read']);
        const core = app.deployment.core!;
        await coreRequest(core, 'POST', '/staffgate/invitations', { email: 'invited.colleague@example.com', roles: ['viewer'], lifetimeHours: 168 });
        for (let i = 0; i < 12; ++i) {
            const email = `someone.with.a.long.name-${i}@example.com`;
            await EmailPassword.signUp('public', email, password);
            await EmailPassword.signIn('public', email, 'not the right password');
        }

        for (let i = 0; i < 8; ++i) {
            await coreRequest(core, 'POST', '/staffgate/audit', { event: 'role_permissions_removed', userId: adminId, details: { role: 'support-engineers', permissions: ['sessions:revoke', 'audit:read'] } });
        }
    });

    const signedInAdmin = async (viewport: { width: number; height: number }): Promise<TestPage> => {

        const opened = await app.newPage();
        await opened.page.setViewportSize(viewport);
        await opened.page.goto(`${app.origin}/auth`);
        await submitSignIn(opened.page, adminEmail, password);
        await opened.page.waitForURL(`${app.origin}/dashboard`);
        return opened;
    };

    const open = async (page: Page, path: string) => {

        const res = await page.goto(`${app.origin}${path}`, { waitUntil: 'networkidle' });
        expect(res!.status(), path).to.equal(200);
    };

    it('breaks no word in a table header or cell at 1280 px, on every admin page with tables', async () => {

        const { page } = await signedInAdmin(desktop);
        const pages = {
            'admin-audit': '/admin/audit',
            'admin-user': `/admin/users/${adminId}`,
            'admin-roles': '/admin/roles',
            'admin-invitations': '/admin/invitations',
            'admin-overview': '/admin'
        };

        for (const [name, path] of Object.entries(pages)) {
            await open(page, path);
            expect(await page.evaluate(brokenWords), path).to.equal([]);
            await screenshot(page, `${name}-1280`);
        }

        // The tables the check read held something: rows in the audit log, the sessions, the roles and invitations.
        await open(page, '/admin/audit');
        expect(await page.locator('#audit-table tbody tr').count()).to.be.at.least(25);
        expect(await page.locator('#audit-table .audit-user-agent span').first().getAttribute('title')).to.contain('Mozilla/5.0');
        await open(page, `/admin/users/${adminId}`);
        expect(await page.locator('#user-sessions tbody tr').count()).to.be.at.least(1);
        expect(await page.locator('#user-sessions .session-user-agent span').first().textContent()).to.match(/^Chrom(?:e|ium)(?: Headless)? on Linux$/);

        // And it can fail: the old rule (break anywhere) in narrow columns splits words.
        // (Styles set through the CSSOM: the page's CSP refuses a <style> element.)
        await page.evaluate(`document.querySelectorAll('.table td, .table th, .table td *').forEach((cell) => Object.assign(cell.style, { overflowWrap: 'anywhere', whiteSpace: 'normal', width: '3rem', maxWidth: '3rem' }))`);
        expect(await page.evaluate(brokenWords)).to.not.equal([]);
    });

    it('shows the audit log as cards at 390 px, 25 events in at most five screens', async () => {

        const { page } = await signedInAdmin(phone);
        await open(page, '/admin/audit?limit=25');
        expect(await page.locator('#audit-table tbody tr').count()).to.equal(25);
        const height = await page.evaluate('document.documentElement.scrollHeight') as number;
        await screenshot(page, 'admin-audit-390');
        expect(height).to.be.at.most(5 * phone.height);

        // Cards: no header row to read across, each cell labelled, nothing wider than the screen.
        expect(await page.locator('#audit-table thead').evaluate((head) => head.getBoundingClientRect().height)).to.be.at.most(1);
        expect(await page.evaluate('getComputedStyle(document.querySelector("#audit-table .audit-details"), "::before").content')).to.equal('"Details "');
        expect(await page.evaluate('document.documentElement.scrollWidth') as number).to.be.at.most(phone.width);

        for (const [name, path] of [['admin-user', `/admin/users/${adminId}`], ['admin-roles', '/admin/roles'], ['admin-invitations', '/admin/invitations']] as const) {
            await open(page, path);
            expect(await page.evaluate('document.documentElement.scrollWidth') as number, path).to.be.at.most(phone.width);
            await screenshot(page, `${name}-390`);
        }
    });

    it('lines panels up in their grids (overview, user page, role page, dashboard)', async () => {

        const { page } = await signedInAdmin(desktop);
        for (const path of ['/admin', `/admin/users/${adminId}`, '/admin/roles/support-engineers']) {
            await open(page, path);
            expect(await page.locator(':is(.panels, .stats) > .panel').count(), path).to.be.at.least(2);
            expect(await page.evaluate(misalignedPanels), path).to.equal([]);
        }

        // The staff dashboard shares the rule (its layout is its own: only the alignment is checked).
        await open(page, '/dashboard');
        expect(await page.evaluate(misalignedPanels), '/dashboard').to.equal([]);

        // The check sees a panel pushed down.
        await page.evaluate(`document.querySelectorAll('.panels > .panel + .panel').forEach((panel) => { panel.style.marginTop = '20px'; })`);
        expect(await page.evaluate(misalignedPanels)).to.not.equal([]);
    });
});
