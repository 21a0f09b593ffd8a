/*
 * A real browser for the pages: Debian's Chromium driven by playwright-core (never `playwright install`), against
 * the whole app listening on a real port, because pages, cookies, CSP and the frontend SDK only meet in a browser.
 *
 * One app and one Chromium per test file (`startBrowserApp` in `before`), a fresh context for each page
 * (`newPage`), and everything the page did recorded: every URL requested, console errors, uncaught errors,
 * failed requests and CSP violations. `screenshot` writes PNGs to screenshots/ (git-ignored) for a person to look at.
 *
 * The app's API and website domain must be the origin the browser uses, so a free port is picked first and
 * API_DOMAIN is set to http://localhost:<port>.
 */

import * as Fs from 'fs';
import * as Os from 'os';
import * as Path from 'path';

import type * as Lab from '@hapi/lab';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import SuperTokens from 'supertokens-node';

import { loadConfig, type Config } from '../../server/config';
import { deployment, type Deployment } from '../../server/deployment';
import { verifyEmailOf } from './admin';
import { fastHashing } from './core';
import type { TestAppOptions } from './web';
import { outboxTo, type OutboxMessage } from './outbox';
import { startOidcProvider, type OidcProvider, type OidcUser } from './oidc-provider';
import { freePort } from './processes';
import { resetSdk } from './sdk';
import { sleep } from './session-tools';
import { lateBound } from './late-bound';


const root = Path.join(__dirname, '..', '..');

export const chromiumPath = '/usr/bin/chromium';

/** True when Debian's Chromium is installed; browser suites are skipped without it (CI installs it). */
export const hasChromium = Fs.existsSync(chromiumPath);

/** A suite title that says why the suite was skipped when Chromium is missing. */
export const browserSuite = (title: string): string => (hasChromium ? title : `${title} (skipped: ${chromiumPath} is missing, apt-get install chromium)`);

export const screenshotDir = Path.join(root, 'screenshots');

/** The widths every page is looked at: a laptop, and a phone (an iPhone 12-15's 390 × 844 CSS pixels). */
export const desktopViewport = { width: 1280, height: 800 };
export const phoneViewport = { width: 390, height: 844 };

const launchArgs = [
    '--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
    '--disable-quic', '--no-first-run', '--disable-sync'
];


// Runs in the page (tsconfig has no DOM types, hence a string).
const cspListener = `document.addEventListener('securitypolicyviolation', (event) => {

    window.__staffgateCspViolation(event.violatedDirective + ' ' + event.blockedURI);
});`;


/** What a page (its context, across navigations) did. */
export interface PageRecord {
    /** Every URL the browser requested, in order. */
    readonly requests: string[];
    /** Every response as `<status> <method> <url>`, in order. */
    readonly responses: string[];
    /** Console messages of type error. */
    readonly consoleErrors: string[];
    /** Uncaught exceptions in page scripts. */
    readonly pageErrors: string[];
    /** Network failures (`<error> <url>`) and responses with status 400 or more (`<status> <method> <url>`). */
    readonly failedRequests: string[];
    /** `securitypolicyviolation` events: `<directive> <blocked URI>`. */
    readonly cspViolations: string[];
}

export interface TestPage {
    readonly page: Page;
    readonly context: BrowserContext;
    readonly record: PageRecord;
}

export interface BrowserApp {
    /** http://localhost:<port>, the app's API and website domain. */
    readonly origin: string;
    readonly config: Config;
    readonly deployment: Deployment;
    readonly dataDir: string;
    /** The dev outbox ($DATA_DIR/outbox). */
    readonly outboxDir: string;
    readonly browser: Browser;
    /** A page in a fresh browser context (no cookies, no storage), recording what it does. */
    newPage(): Promise<TestPage>;
    /** Closes the contexts opened since the last call (for afterEach). */
    closePages(): Promise<void>;
    /** Closes the browser, stops the app and deletes its data. */
    stop(): Promise<void>;
}


/** Starts the app on a free port (embedded core, temporary SQLite, cheap hashing, rate limits and MFA off unless asked) and Chromium. */
export const startBrowserApp = async (env: Record<string, string> = {}, options: TestAppOptions = {}): Promise<BrowserApp> => {

    const port = await freePort();
    const origin = `http://localhost:${port}`;
    const dataDir = Fs.mkdtempSync(Path.join(Os.tmpdir(), 'staffgate-browser-'));
    const config = loadConfig({
        NODE_ENV: 'test', DATA_DIR: dataDir, HOST: '127.0.0.1', PORT: String(port), API_DOMAIN: origin, WEBSITE_DOMAIN: origin,
        CORE_PORT: '0', CORE_THREAD: 'off', RATE_LIMITS: 'off', MFA: 'off', ADMIN_COUNTS_MAX_AGE: '0', LOAD_SAMPLE_INTERVAL: '0', ...fastHashing, ...env
    });

    resetSdk();
    const running = await deployment({ config, start: true, coreClock: options.coreClock });
    let browser: Browser;
    try {
        browser = await chromium.launch({ executablePath: chromiumPath, args: launchArgs });
    }
    catch (err) {
        await running.stop();
        throw err;
    }

    let contexts: BrowserContext[] = [];

    const newPage = async (): Promise<TestPage> => {

        const context = await browser.newContext({ viewport: { width: 1024, height: 768 } });
        contexts.push(context);

        const record: PageRecord = { requests: [], responses: [], consoleErrors: [], pageErrors: [], failedRequests: [], cspViolations: [] };
        context.on('request', (request) => record.requests.push(request.url()));
        context.on('requestfailed', (request) => record.failedRequests.push(`${request.failure()?.errorText ?? 'failed'} ${request.url()}`));
        context.on('response', (response) => {

            const line = `${response.status()} ${response.request().method()} ${response.url()}`;
            record.responses.push(line);
            if (response.status() >= 400) {
                record.failedRequests.push(line);
            }
        });

        // The binding and the listener survive navigations; the init script runs before any page script.
        await context.exposeBinding('__staffgateCspViolation', (_source, violation: string) => record.cspViolations.push(violation));
        await context.addInitScript({ content: cspListener });

        const page = await context.newPage();
        page.setDefaultTimeout(8000);
        page.on('console', (message) => {

            if (message.type() === 'error') {
                record.consoleErrors.push(`${message.text()} (${message.location().url})`);
            }
        });

        page.on('pageerror', (error) => record.pageErrors.push(error.stack ?? error.message));
        return { page, context, record };
    };

    const closePages = async () => {

        const open = contexts;
        contexts = [];
        await Promise.all(open.map((context) => context.close()));
    };

    return {
        origin,
        config,
        deployment: running,
        dataDir,
        outboxDir: config.web.outboxDir,
        browser,
        newPage,
        closePages,
        stop: async () => {

            await closePages();
            await browser.close();
            await running.stop();
            Fs.rmSync(dataDir, { recursive: true, force: true });
        }
    };
};


/** Writes a full-page PNG to screenshots/<name>.png; returns its path. */
/** Full-page screenshots of the page as it is, at desktop width (`<name>.png`) and at phone width (`<name>-390.png`). */
export const screenshot = async (page: Page, name: string): Promise<string> => {

    Fs.mkdirSync(screenshotDir, { recursive: true });
    const file = Path.join(screenshotDir, `${name}.png`);
    const viewport = page.viewportSize() ?? desktopViewport;
    await page.setViewportSize(desktopViewport);
    await page.screenshot({ path: file, fullPage: true });
    await page.setViewportSize(phoneViewport);
    await page.screenshot({ path: Path.join(screenshotDir, `${name}-390.png`), fullPage: true });
    await page.setViewportSize(viewport);
    return file;
};


/*
 * Chromium logs every 4xx answer to a fetch as a console error. In a browser that never had a session, the frontend
 * SDK's first API call is preceded by a probe, POST /auth/session/refresh (supertokens-website's "MAY_EXIST" local
 * session state), which the server answers 401. That one is expected; anything else is not.
 */
const sdkProbe = /^(?:401 POST https?:\/\/[^/]+\/auth\/session\/refresh|Failed to load resource: the server responded with a status of 401 \(Unauthorized\) \(https?:\/\/[^/]+\/auth\/session\/refresh\))$/;

// A navigation cancels what the page was still loading (the favicon, an unread body): not a failure of the app.
const cancelled = /^net::ERR_ABORTED /;

/** The console errors, page errors, failed requests and CSP violations of a page, but for the SDK's probe and cancelled loads. */
export const problems = (record: PageRecord): string[] => {

    return [
        ...record.consoleErrors.filter((line) => !sdkProbe.test(line)).map((line) => `console: ${line}`),
        ...record.pageErrors.map((line) => `page error: ${line}`),
        ...record.failedRequests.filter((line) => !sdkProbe.test(line) && !cancelled.test(line)).map((line) => `request: ${line}`),
        ...record.cspViolations.map((line) => `CSP: ${line}`)
    ];
};


/** The requested URLs that are not on `origin` (data: and blob: URLs count as local). */
export const foreignRequests = (record: PageRecord, origin: string): string[] => {

    return record.requests.filter((url) => !/^(data|blob):/.test(url) && new URL(url).origin !== origin);
};



/** Waits for the `index`-th message (0: the first) to `to` in the dev outbox. */
export const waitForOutboxMail = async (outboxDir: string, to: string, index = 0, timeoutMs = 5000): Promise<OutboxMessage> => {

    const started = Date.now();
    while (Date.now() - started < timeoutMs) {
        const message = (await outboxTo(outboxDir, to))[index];
        if (message) {
            return message;
        }

        await sleep(50);
    }

    throw new Error(`no mail #${index + 1} to ${to} in ${outboxDir} within ${timeoutMs} ms`);
};

/*
 * Page actions by the templates' ids (views/auth/sign-in.hbs). The page scripts enable the submit buttons once the
 * frontend SDK is ready, so each action waits for that first.
 */

/** On /auth: fills and submits the sign-in form. */
export const submitSignIn = async (page: Page, email: string, password: string): Promise<void> => {

    await page.locator('#sign-in-submit:enabled').waitFor();
    await page.fill('#sign-in-email', email);
    await page.fill('#sign-in-password', password);
    await page.click('#sign-in-submit');
};

/** On /auth: opens the "Create account" tab, fills and submits the sign-up form. */
export const submitSignUp = async (page: Page, email: string, password: string): Promise<void> => {

    await page.click('#tab-sign-up');
    await page.locator('#sign-up-submit:enabled').waitFor();
    await page.fill('#sign-up-email', email);
    await page.fill('#sign-up-password', password);
    await page.click('#sign-up-submit');
};

/** The path and query of the page's URL. */
export const pathOf = (page: Page): string => {

    const url = new URL(page.url());
    return `${url.pathname}${url.search}`;
};


/**
 * The hooks every browser test file needs, registered in the calling describe block: one app for the block (made
 * by `start`), its pages closed after each test, the app stopped at the end. Returns the app (usable inside tests).
 */
export const useBrowserApp = (lab: Lab.script.Script, start: () => Promise<BrowserApp> = () => startBrowserApp()): BrowserApp => {

    let current: BrowserApp | undefined;
    lab.before(async () => {

        current = await start();
    });

    lab.after(async () => {

        await current?.stop();
    });

    lab.afterEach(async () => {

        await current?.closePages();
    });

    return lateBound<BrowserApp>(() => current);
};


/** useBrowserApp with a local OIDC provider that signs in `user`: started before the app, stopped after it. */
export const useOidcBrowserApp = (lab: Lab.script.Script, user: OidcUser): { app: BrowserApp; idp: OidcProvider } => {

    let idp: OidcProvider | undefined;
    const app = useBrowserApp(lab, async () => {

        idp = await startOidcProvider({ user });
        return await startBrowserApp(idp.env());
    });

    lab.after(async () => {

        await idp?.stop();
    });

    return { app, idp: lateBound<OidcProvider>(() => idp) };
};


/**
 * The first admin, as a person makes one: signs up in a page of its own, then the email is verified on the server
 * (as the link would), so ADMIN_EMAILS gives the role that the next sign-in carries.
 */
export const signUpVerifiedAdmin = async (app: BrowserApp, email: string, password: string): Promise<void> => {

    const { page } = await app.newPage();
    await page.goto(`${app.origin}/auth`);
    await submitSignUp(page, email, password);
    await page.waitForURL(`${app.origin}/dashboard`);
    const [user] = await SuperTokens.listUsersByAccountInfo('public', { email });
    await verifyEmailOf(user!.id, email);
};
