import * as Path from 'path';

import * as Code from '@hapi/code';
import * as Lab from '@hapi/lab';

import { isLoopback, loadConfig } from '../server/config';
import { spawnCore } from './helpers/processes';


const { expect } = Code;
export const lab = Lab.script();
const { describe, it } = lab;

const key = 'a-valid-key-of-twenty-chars-1234';


describe('loadConfig()', () => {

    it('gives the documented defaults for an empty environment', () => {

        const config = loadConfig({});
        expect(config.env).to.equal('development');
        expect(config.dataDir).to.equal(Path.resolve('./data'));
        expect(config.core).to.include({
            host: '127.0.0.1',
            port: 3567,
            sqliteFile: Path.resolve('./data/staffgate.sqlite'),
            accessTokenValidity: 3600,
            refreshTokenValidity: 144_000,
            accessTokenDynamicSigningKeyUpdateInterval: 168,
            passwordResetTokenLifetime: 3_600_000,
            emailVerificationTokenLifetime: 86_400_000,
            passwordHashingAlg: 'ARGON2',
            argon2MemoryKb: 19_456,
            argon2Iterations: 2,
            argon2Parallelism: 1,
            bcryptLogRounds: 11,
            lockoutThreshold: 10,
            lockoutMaxSeconds: 900,
            lockoutResetSeconds: 43_200,
            auditRetentionDays: 90
        });
        expect(config.core.apiKeys).to.equal([]);
        expect(config.core.databaseUrl).to.be.undefined();
    });

    it('gives npm start (role app) the staff session policy, and npm run core (role core) the official core\'s defaults', () => {

        const app = loadConfig({}, 'app').core;
        expect(app.refreshTokenValidity).to.equal(720);
        expect(app.sessionMaxHours).to.equal(168);
        expect(app.sessionRememberDays).to.equal(30);

        const core = loadConfig({}, 'core').core;
        expect(core.refreshTokenValidity).to.equal(144_000);
        expect(core.sessionMaxHours).to.be.undefined();
        expect(core.sessionRememberDays).to.equal(30);
        expect(loadConfig({}).core).to.equal(core);                   // the default role is the core's
    });

    it('reads the session policy settings, 0 hours meaning no absolute end', () => {

        const set = { CORE_REFRESH_TOKEN_VALIDITY: '90', CORE_SESSION_MAX_HOURS: '8.5', SESSION_REMEMBER_DAYS: '7' };
        for (const role of ['app', 'core'] as const) {
            expect(loadConfig(set, role).core).to.include({ refreshTokenValidity: 90, sessionMaxHours: 8.5, sessionRememberDays: 7 });
        }

        expect(loadConfig({ CORE_SESSION_MAX_HOURS: '0' }, 'app').core.sessionMaxHours).to.be.undefined();
        expect(() => loadConfig({ CORE_SESSION_MAX_HOURS: '-1' })).to.throw(/CORE_SESSION_MAX_HOURS/);
        expect(() => loadConfig({ SESSION_REMEMBER_DAYS: '0' })).to.throw(/SESSION_REMEMBER_DAYS/);
        expect(() => loadConfig({ CORE_SESSION_MAX_HOURS: '0.5', CORE_ACCESS_TOKEN_VALIDITY: '3600' })).to.throw(/CORE_SESSION_MAX_HOURS/);
    });

    it('reads CORE_ settings in the official units, fractions allowed', () => {

        const config = loadConfig({ CORE_REFRESH_TOKEN_VALIDITY: '0.5', CORE_ACCESS_TOKEN_VALIDITY: '10', CORE_ACCESS_TOKEN_DYNAMIC_SIGNING_KEY_UPDATE_INTERVAL: '0.25', CORE_PASSWORD_HASHING_ALG: 'bcrypt' });
        expect(config.core.refreshTokenValidity).to.equal(0.5);
        expect(config.core.accessTokenDynamicSigningKeyUpdateInterval).to.equal(0.25);
        expect(config.core.passwordHashingAlg).to.equal('BCRYPT');
    });

    it('returns a frozen object', () => {

        const config = loadConfig({});
        expect(Object.isFrozen(config)).to.be.true();
        expect(Object.isFrozen(config.core)).to.be.true();
        expect(Object.isFrozen(config.core.apiKeys)).to.be.true();
    });

    it('splits CORE_API_KEYS and falls back to SUPERTOKENS_API_KEY', () => {

        expect(loadConfig({ CORE_API_KEYS: `${key}, ${key}x` }).core.apiKeys).to.equal([key, `${key}x`]);
        expect(loadConfig({ SUPERTOKENS_API_KEY: key }).core.apiKeys).to.equal([key]);
    });

    it('rejects an API key that is too short or has other characters', () => {

        expect(() => loadConfig({ CORE_API_KEYS: 'short' })).to.throw(/CORE_API_KEYS/);
        expect(() => loadConfig({ CORE_API_KEYS: `${key}!` })).to.throw(/CORE_API_KEYS/);
    });

    it('names every bad value in one message', () => {

        expect(() => loadConfig({ CORE_PORT: 'x', CORE_ACCESS_TOKEN_VALIDITY: '0', CORE_PASSWORD_HASHING_ALG: 'md5' })).to.throw(/CORE_PORT[\s\S]*CORE_ACCESS_TOKEN_VALIDITY[\s\S]*CORE_PASSWORD_HASHING_ALG|Invalid configuration/);
        expect(() => loadConfig({ DATABASE_URL: 'mysql://x' })).to.throw(/DATABASE_URL/);
    });

    it('requires the refresh lifetime to exceed the access-token lifetime', () => {

        expect(() => loadConfig({ CORE_ACCESS_TOKEN_VALIDITY: '120', CORE_REFRESH_TOKEN_VALIDITY: '2' })).to.throw(/CORE_REFRESH_TOKEN_VALIDITY/);
        expect(loadConfig({ CORE_ACCESS_TOKEN_VALIDITY: '119', CORE_REFRESH_TOKEN_VALIDITY: '2' }).core.accessTokenValidity).to.equal(119);
    });

    it('refuses a core beyond loopback without an API key', () => {

        expect(() => loadConfig({ CORE_HOST: '0.0.0.0' })).to.throw(/without an API key/);
        expect(loadConfig({ CORE_HOST: '0.0.0.0', CORE_API_KEYS: key }).core.host).to.equal('0.0.0.0');
        expect(loadConfig({ CORE_HOST: 'localhost' }).core.host).to.equal('localhost');
    });
});


describe('loadConfig() for the web app', () => {

    const ownKeys = {
        GOOGLE_CLIENT_ID: 'g-id', GOOGLE_CLIENT_SECRET: 'g-secret',
        GITHUB_CLIENT_ID: 'gh-id', GITHUB_CLIENT_SECRET: 'gh-secret',
        APPLE_CLIENT_ID: 'a-id', APPLE_KEY_ID: 'a-key', APPLE_TEAM_ID: 'a-team', APPLE_PRIVATE_KEY: '-----BEGIN PRIVATE KEY-----\\nabc\\n-----END PRIVATE KEY-----'
    };

    it('defaults to one origin on localhost:$PORT, the demo provider keys, the outbox and rate limits on', () => {

        const { web, dataDir } = loadConfig({ PORT: '4100' });
        expect(web.apiDomain).to.equal('http://localhost:4100');
        expect(web.websiteDomain).to.equal('http://localhost:4100');
        expect(web.usesDemoProviderKeys).to.be.true();
        expect(web.smtpUrl).to.be.undefined();
        expect(web.outboxDir).to.equal(Path.join(dataDir, 'outbox'));
        expect(web.rateLimits).to.be.true();
        expect(web.secure).to.be.false();
        expect(web.oidc).to.be.undefined();
        expect(web.emailVerification).to.equal('optional');
    });

    it('uses the keys it is given, turns literal \\n in the Apple key into newlines, and is secure on https', () => {

        const { web } = loadConfig({ ...ownKeys, API_DOMAIN: 'https://staff.example.com', ADMIN_EMAILS: ' Boss@Example.com, ,it@example.com' });
        expect(web.usesDemoProviderKeys).to.be.false();
        expect(web.apple.privateKey).to.equal('-----BEGIN PRIVATE KEY-----\nabc\n-----END PRIVATE KEY-----');
        expect(web.secure).to.be.true();
        expect(web.websiteDomain).to.equal('https://staff.example.com');
        expect(web.adminEmails).to.equal(['boss@example.com', 'it@example.com']);
    });

    it('needs all three OIDC settings together', () => {

        expect(() => loadConfig({ OIDC_ISSUER: 'https://id.example.com' })).to.throw(/OIDC/);
        const { web } = loadConfig({ OIDC_ISSUER: 'https://id.example.com', OIDC_CLIENT_ID: 'c', OIDC_CLIENT_SECRET: 's' });
        expect(web.oidc).to.equal({ id: 'oidc', name: 'Company sign-in', issuer: 'https://id.example.com', clientId: 'c', clientSecret: 's' });
    });

    it('refuses production with a listed provider without keys (naming the variables) or without SMTP_URL', () => {

        const smtp = { SMTP_URL: 'smtp://mail.example.com' };
        expect(() => loadConfig({ NODE_ENV: 'production', ...smtp, SIGN_IN_METHODS: 'password,google,apple', GOOGLE_CLIENT_ID: 'x' }))
            .to.throw('Invalid configuration: SIGN_IN_METHODS lists a provider without its keys; set GOOGLE_CLIENT_SECRET, APPLE_CLIENT_ID, APPLE_KEY_ID, APPLE_PRIVATE_KEY, APPLE_TEAM_ID');
        expect(() => loadConfig({ NODE_ENV: 'production', ...smtp, SIGN_IN_METHODS: 'github', GITHUB_CLIENT_ID: '467101b197249757c71f', GITHUB_CLIENT_SECRET: 'x' })).to.throw(/demo keys/);
        expect(() => loadConfig({ NODE_ENV: 'production', ...ownKeys })).to.throw(/SMTP_URL/);
        expect(loadConfig({ NODE_ENV: 'production', ...ownKeys, SMTP_URL: 'smtp://mail.example.com' }).web.smtpUrl).to.equal('smtp://mail.example.com');
    });

    it('chooses the sign-up policy and the sign-in methods: open and every method in development, invite and keyed ones in production', () => {

        const smtp = { SMTP_URL: 'smtp://mail.example.com' };
        expect(loadConfig({}).web).to.include({ signUp: 'open', signInMethods: ['password', 'google', 'github', 'apple'], signUpDomains: [] });
        expect(loadConfig({ OIDC_ISSUER: 'https://id.example.com', OIDC_CLIENT_ID: 'c', OIDC_CLIENT_SECRET: 's' }).web.signInMethods).to.equal(['password', 'google', 'github', 'apple', 'oidc']);
        const production = loadConfig({ NODE_ENV: 'production', ...smtp, GITHUB_CLIENT_ID: 'id', GITHUB_CLIENT_SECRET: 'secret' }).web;
        expect(production).to.include({ signUp: 'invite', signInMethods: ['password', 'github'], usesDemoProviderKeys: false });
        expect(loadConfig({ SIGNUP: 'Domains', SIGNUP_DOMAINS: ' Example.com ,@example.org' }).web).to.include({ signUp: 'domains', signUpDomains: ['example.com', 'example.org'] });
        expect(loadConfig({ SIGN_IN_METHODS: ' oidc , password,oidc', OIDC_ISSUER: 'https://id.example.com', OIDC_CLIENT_ID: 'c', OIDC_CLIENT_SECRET: 's' }).web.signInMethods).to.equal(['oidc', 'password']);
        expect(loadConfig({ SIGN_IN_METHODS: 'link' }).web).to.include({ signInMethods: ['link'], usesDemoProviderKeys: false });
    });

    it('refuses a bad sign-up policy or method list', () => {

        expect(() => loadConfig({ SIGNUP: 'domains' })).to.throw(/SIGNUP=domains needs SIGNUP_DOMAINS/);
        expect(() => loadConfig({ SIGNUP: 'domains', SIGNUP_DOMAINS: 'not a domain' })).to.throw(/not a domain/);
        expect(() => loadConfig({ SIGNUP: 'everyone' })).to.throw(/SIGNUP/);
        expect(() => loadConfig({ SIGN_IN_METHODS: 'password,facebook' })).to.throw(/SIGN_IN_METHODS/);
        expect(() => loadConfig({ SIGN_IN_METHODS: 'oidc' })).to.throw(/set OIDC_ISSUER, OIDC_CLIENT_ID, OIDC_CLIENT_SECRET/);
    });

    it('keeps rate limits on in production even when RATE_LIMITS=off', () => {

        expect(loadConfig({ RATE_LIMITS: 'off' }).web.rateLimits).to.be.false();
        expect(loadConfig({ NODE_ENV: 'production', ...ownKeys, SMTP_URL: 'smtp://mail.example.com', RATE_LIMITS: 'off' }).web.rateLimits).to.be.true();
    });

    it('has rate-limit values as settings, with defaults for an office behind one address', () => {

        expect(loadConfig({}).web.rateLimitsPerMinute).to.equal({ signin: 60, signup: 20, resetEmail: 20, reset: 20 });
        const { web } = loadConfig({ RATE_LIMIT_SIGNIN: '200', RATE_LIMIT_SIGNUP: '5', RATE_LIMIT_RESET_EMAIL: '6', RATE_LIMIT_RESET: '7' });
        expect(web.rateLimitsPerMinute).to.equal({ signin: 200, signup: 5, resetEmail: 6, reset: 7 });
        expect(() => loadConfig({ RATE_LIMIT_SIGNIN: '0' })).to.throw(/RATE_LIMIT_SIGNIN/);
        expect(() => loadConfig({ RATE_LIMIT_RESET: 'many' })).to.throw(/RATE_LIMIT_RESET/);
    });

    it('reads the overview counts\' max age and the load limits, turning every limit off without a sample interval', () => {

        const defaults = loadConfig({}).web;
        expect(defaults.adminCountsMaxAge).to.equal(5);
        expect(defaults.load).to.equal({ sampleInterval: 1000, maxEventLoopDelay: 200, maxHeapUsedBytes: 0, maxRssBytes: 0 });
        const set = loadConfig({ ADMIN_COUNTS_MAX_AGE: '0.5', LOAD_SAMPLE_INTERVAL: '500', LOAD_MAX_EVENT_LOOP_DELAY: '80', LOAD_MAX_HEAP_MB: '512', LOAD_MAX_RSS_MB: '768' }).web;
        expect(set.adminCountsMaxAge).to.equal(0.5);
        expect(set.load).to.equal({ sampleInterval: 500, maxEventLoopDelay: 80, maxHeapUsedBytes: 512 * 1024 * 1024, maxRssBytes: 768 * 1024 * 1024 });
        expect(loadConfig({ LOAD_SAMPLE_INTERVAL: '0', LOAD_MAX_HEAP_MB: '512' }).web.load).to.equal({ sampleInterval: 0, maxEventLoopDelay: 0, maxHeapUsedBytes: 0, maxRssBytes: 0 });
        expect(() => loadConfig({ ADMIN_COUNTS_MAX_AGE: '301' })).to.throw(/ADMIN_COUNTS_MAX_AGE/);
        expect(() => loadConfig({ LOAD_MAX_EVENT_LOOP_DELAY: '-1' })).to.throw(/LOAD_MAX_EVENT_LOOP_DELAY/);
        expect(() => loadConfig({ LOAD_SAMPLE_INTERVAL: 'often' })).to.throw(/LOAD_SAMPLE_INTERVAL/);
    });

    it('compiles the templates once and runs the embedded core on its own thread, unless told otherwise', () => {

        const defaults = loadConfig({});
        expect(defaults.web.reloadViews).to.be.false();
        expect(defaults.coreThread).to.be.true();
        const set = loadConfig({ VIEWS_RELOAD: 'ON', CORE_THREAD: 'off' });
        expect(set.web.reloadViews).to.be.true();
        expect(set.coreThread).to.be.false();
        expect(() => loadConfig({ VIEWS_RELOAD: 'sometimes' })).to.throw(/VIEWS_RELOAD/);
        expect(() => loadConfig({ CORE_THREAD: 'yes' })).to.throw(/CORE_THREAD/);
    });

    it('reads TRUSTED_PROXIES as IPs and CIDR ranges, empty by default, and names a bad entry', () => {

        expect(loadConfig({}).web.trustedProxies).to.equal([]);
        expect(loadConfig({ TRUSTED_PROXIES: ' 10.0.0.0/8, ,192.0.2.1,fd00::/8,::1 ' }).web.trustedProxies).to.equal(['10.0.0.0/8', '192.0.2.1', 'fd00::/8', '::1']);
        expect(() => loadConfig({ TRUSTED_PROXIES: '10.0.0.0/8, proxy.internal' })).to.throw('Invalid configuration: TRUSTED_PROXIES: "proxy.internal" is not an IPv4 or IPv6 address or CIDR range (give IPs and CIDR ranges, comma-separated)');
        expect(() => loadConfig({ TRUSTED_PROXIES: '10.0.0.0/40' })).to.throw(/"10\.0\.0\.0\/40"/);
    });

    it('reads REDIS_URL (redis or rediss) with a key prefix, none by default, and refuses another scheme without printing it', () => {

        expect(loadConfig({}).web.redis).to.be.undefined();
        expect(loadConfig({ REDIS_URL: 'redis://:pw@cache.internal:6380/2' }).web.redis).to.equal({ url: 'redis://:pw@cache.internal:6380/2', keyPrefix: 'staffgate:' });
        expect(loadConfig({ REDIS_URL: 'rediss://cache.internal', REDIS_KEY_PREFIX: 'eu-1:' }).web.redis).to.equal({ url: 'rediss://cache.internal', keyPrefix: 'eu-1:' });
        const error = expectThrows(() => loadConfig({ REDIS_URL: 'http://user:redis-password-secret@cache.internal' }));
        expect(error.message).to.match(/REDIS_URL: .*uri/);
        expect(error.message).to.not.include('redis-password-secret');
        expect(() => loadConfig({ REDIS_URL: 'redis://cache.internal', REDIS_KEY_PREFIX: 'with space' })).to.throw(/REDIS_KEY_PREFIX/);
    });
});


describe('a configuration error', () => {

    // Secrets of ours, a variable that is not ours, and one bad setting next to them.
    const secrets = {
        CORE_API_KEYS: 'core-key-secret-aaaaaaaaaaaaaaaaaaa',
        SMTP_URL: 'smtp://mailer:smtp-password-secret@mail.example.com',
        GITHUB_CLIENT_SECRET: 'github-client-secret-value',
        OIDC_CLIENT_SECRET: 'oidc-client-secret-value',
        APPLE_PRIVATE_KEY: 'apple-private-key-secret',
        SOMEONE_ELSES_TOKEN: 'not-ours-secret-value'
    };

    const expectNoSecret = (text: string) => {

        for (const [name, secret] of Object.entries(secrets)) {
            expect(text, name).to.not.include(secret);
        }

        expect(text).to.not.include('SOMEONE_ELSES_TOKEN');
    };

    it('names each bad variable and its rule, and prints no value and no variable that is not ours', () => {

        const error = expectThrows(() => loadConfig({ ...secrets, CORE_PORT: 'x', OIDC_ID: 'Bad Id!', DATABASE_URL: 'mysql://root:db-password-secret@db' }));
        expect(error.message).to.match(/CORE_PORT: "CORE_PORT" must be a number/);
        expect(error.message).to.match(/OIDC_ID: .*pattern/);
        expect(error.message).to.match(/DATABASE_URL: .*uri/);
        expect(error.message).to.not.include('Bad Id!');
        expect(error.message).to.not.include('db-password-secret');
        expectNoSecret(error.message);
    });

    it('does not print a bad API key', () => {

        const error = expectThrows(() => loadConfig({ CORE_API_KEYS: 'a-long-enough-secret-key-with-a-bang!' }));
        expect(error.message).to.include('CORE_API_KEYS');
        expect(error.message).to.not.include('secret-key');
    });

    it('stops `npm start` with exit code 1 and no secret in its output', async () => {

        const app = await spawnCore({ ...secrets, CORE_ACCESS_TOKEN_VALIDITY: 'soon' }, 'server/index.ts');
        expect(await app.exited).to.equal(1);
        expect(app.output()).to.include('CORE_ACCESS_TOKEN_VALIDITY');
        expectNoSecret(app.output());
    });
});


const expectThrows = (fn: () => unknown): Error => {

    try {
        fn();
    }
    catch (err) {
        return err as Error;
    }

    throw new Error('expected a throw');
};


describe('isLoopback()', () => {

    it('knows the loopback names and the whole 127/8 range', () => {

        expect(isLoopback('127.0.0.1')).to.be.true();
        expect(isLoopback('127.1.2.3')).to.be.true();
        expect(isLoopback('::1')).to.be.true();
        expect(isLoopback('localhost')).to.be.true();
        expect(isLoopback('0.0.0.0')).to.be.false();
        expect(isLoopback('10.0.0.1')).to.be.false();
    });
});


describe('loadConfig(): logs and metrics', () => {

    it('logs at info (readable in development on a terminal, JSON otherwise) and serves metrics on 127.0.0.1:9464 by default', () => {

        expect(loadConfig({}, 'app', true).observability).to.equal({ logLevel: 'info', logFormat: 'pretty', metrics: { host: '127.0.0.1', port: 9464 } });
        expect(loadConfig({}, 'app', false).observability.logFormat).to.equal('json');
        expect(loadConfig({ LOG_FORMAT: 'Pretty' }, 'app', false).observability.logFormat).to.equal('pretty');
        expect(loadConfig({ LOG_FORMAT: 'json' }, 'app', true).observability.logFormat).to.equal('json');
        expect(() => loadConfig({ LOG_FORMAT: 'colour' })).to.throw(/LOG_FORMAT/);
        const production = loadConfig({ NODE_ENV: 'production', SMTP_URL: 'smtp://mail.example.com', SIGN_IN_METHODS: 'password' }, 'app', true);
        expect(production.observability).to.equal({ logLevel: 'info', logFormat: 'json', metrics: { host: '127.0.0.1', port: 9464 } });
    });

    it('is quiet in tests unless asked: no log, no metrics listener', () => {

        expect(loadConfig({ NODE_ENV: 'test' }).observability).to.equal({ logLevel: 'silent', logFormat: 'json', metrics: undefined });
        expect(loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'DEBUG', METRICS_PORT: '0', METRICS_HOST: '::1' }).observability)
            .to.equal({ logLevel: 'debug', logFormat: 'json', metrics: { host: '::1', port: 0 } });
        expect(loadConfig({ METRICS_PORT: 'off' }).observability.metrics).to.not.exist();
    });

    it('refuses a bad level, port or host, naming the variable', () => {

        expect(() => loadConfig({ LOG_LEVEL: 'loud' })).to.throw(/LOG_LEVEL/);
        expect(() => loadConfig({ METRICS_PORT: '70000' })).to.throw(/METRICS_PORT/);
        expect(() => loadConfig({ METRICS_PORT: 'on' })).to.throw(/METRICS_PORT/);
        expect(() => loadConfig({ METRICS_HOST: 'not a host' })).to.throw(/METRICS_HOST/);
    });
});
