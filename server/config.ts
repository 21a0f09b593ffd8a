/*
 * The one place that reads process.env. Every setting is validated once at start-up (a bad value stops the
 * process with a message that names each bad variable and its rule, never a value) and handed down as a frozen,
 * typed object.
 *
 * Core settings follow the official core's config.yaml names: `access_token_validity` becomes
 * CORE_ACCESS_TOKEN_VALIDITY, in the same unit.
 */

import * as Path from 'path';

import Joi from 'joi';

import { AddressRanges, splitAddressList } from './addresses';


export type PasswordHashingAlgorithm = 'ARGON2' | 'BCRYPT';

export const signUpPolicies = ['invite', 'domains', 'open'] as const;
export type SignUpPolicy = typeof signUpPolicies[number];

export const signInMethods = ['password', 'google', 'github', 'apple', 'oidc', 'link'] as const;
export type SignInMethod = typeof signInMethods[number];

/** Settings of the auth core (CDI service). */
export interface CoreSettings {
    /** Interface the core listens on. Anything but loopback requires API keys. */
    readonly host: string;
    /** Port the core listens on; 0 picks a free one. */
    readonly port: number;
    /** SQLite file, used when `databaseUrl` is not set. */
    readonly sqliteFile: string;
    /** postgres://… connection string; when set, PostgreSQL is used instead of SQLite. */
    readonly databaseUrl: string | undefined;
    /** Accepted API keys; empty means no key is checked (loopback only). */
    readonly apiKeys: readonly string[];
    /** Access-token lifetime, seconds. */
    readonly accessTokenValidity: number;
    /** Refresh-token lifetime, minutes: how long a session may go unused (each refresh slides it). */
    readonly refreshTokenValidity: number;
    /** Absolute session lifetime that no refresh extends, hours; undefined = none (the official core's behaviour). */
    readonly sessionMaxHours: number | undefined;
    /** A "keep me signed in" session's idle limit and absolute lifetime, days. */
    readonly sessionRememberDays: number;
    /** How often a new dynamic signing key is made, hours. */
    readonly accessTokenDynamicSigningKeyUpdateInterval: number;
    /** Password reset token lifetime, milliseconds. */
    readonly passwordResetTokenLifetime: number;
    /** Email verification token lifetime, milliseconds. */
    readonly emailVerificationTokenLifetime: number;
    /** Passwordless code (and magic link) lifetime, milliseconds. */
    readonly passwordlessCodeLifetime: number;
    /** Wrong or expired passwordless codes a device may be given before it is deleted. */
    readonly passwordlessMaxCodeInputAttempts: number;
    readonly passwordHashingAlg: PasswordHashingAlgorithm;
    readonly argon2Iterations: number;
    readonly argon2MemoryKb: number;
    readonly argon2Parallelism: number;
    readonly bcryptLogRounds: number;
    /** Failed sign-ins before an account locks. */
    readonly lockoutThreshold: number;
    /** Longest lockout, seconds. */
    readonly lockoutMaxSeconds: number;
    /** A failure counter left alone this long starts again, seconds. */
    readonly lockoutResetSeconds: number;
    /** A source the user signed in from stays exempt from the account lock this long, days. */
    readonly lockoutTrustedDays: number;
    /** Audit events older than this are deleted, days. */
    readonly auditRetentionDays: number;
    /** Wrong TOTP codes in a row before the cooldown. */
    readonly totpMaxAttempts: number;
    /** How long TOTP checks are refused after too many wrong codes, seconds. */
    readonly totpRateLimitCooldownSec: number;
}

export interface ProviderKeys {
    readonly clientId: string;
    readonly clientSecret: string;
}

export interface AppleKeys {
    readonly clientId: string;
    readonly keyId: string;
    readonly privateKey: string;
    readonly teamId: string;
}

export interface OidcSettings {
    /** The provider's thirdPartyId (`OIDC_ID`, default `oidc`). */
    readonly id: string;
    /** The button's label. */
    readonly name: string;
    readonly issuer: string;
    readonly clientId: string;
    readonly clientSecret: string;
}

/** Timeouts and the connection cap of the web server (see web/http-limits.ts). */
export interface HttpLimits {
    /** ms to receive the request headers. */
    readonly headersTimeout: number;
    /** ms to receive the whole request, headers and body. */
    readonly requestTimeout: number;
    /** ms a socket may stay silent. */
    readonly socketTimeout: number;
    /** Open connections at most. */
    readonly maxConnections: number;
}

/** Per-IP rate limits (web/plugins/rate-limits.ts): requests a minute from one client address (an IPv6 /64). */
export interface RateLimitSettings {
    readonly signin: number;
    readonly signup: number;
    /** Password reset emails asked for. */
    readonly resetEmail: number;
    /** Password resets with a token. */
    readonly reset: number;
}

/*
 * Sized for an office of a few hundred people sharing one public address (a NAT, or a proxy not in
 * TRUSTED_PROXIES) who all sign in around 9:00; the account lockout, not these, stops guessing one password.
 */
export const defaultRateLimits: RateLimitSettings = { signin: 60, signup: 20, resetEmail: 20, reset: 20 };

/** Settings of the staff-facing web app. */
export interface WebSettings {
    readonly host: string;
    readonly port: number;
    /** Where the SDK's API lives (`apiDomain`), e.g. http://localhost:3000. */
    readonly apiDomain: string;
    /** Where the pages live (`websiteDomain`); the CORS origin. */
    readonly websiteDomain: string;
    /** An external core (ours or official); undefined = start the embedded core. */
    readonly connectionUri: string | undefined;
    /** The key the core requires. */
    readonly apiKey: string | undefined;
    /** smtp(s)://user:pass@host:port; undefined = the dev outbox in $DATA_DIR/outbox. */
    readonly smtpUrl: string | undefined;
    readonly mailFrom: string;
    readonly outboxDir: string;
    readonly google: ProviderKeys;
    readonly github: ProviderKeys;
    readonly apple: AppleKeys;
    /** True when any of the three, among the sign-in methods, uses the SuperTokens demo keys. */
    readonly usesDemoProviderKeys: boolean;
    readonly oidc: OidcSettings | undefined;
    readonly emailVerification: 'optional' | 'required';
    readonly rateLimits: boolean;
    /** Requests a minute per client address, by endpoint. */
    readonly rateLimitsPerMinute: RateLimitSettings;
    /** IPs and CIDR ranges of the reverse proxies whose X-Forwarded-For is believed (web/client-address.ts). */
    readonly trustedProxies: readonly string[];
    /** Emails (normalised) that get the admin role once their email is verified. */
    readonly adminEmails: readonly string[];
    /** How long an invitation link works, hours. */
    readonly invitationLifetimeHours: number;
    /** Who must complete a second factor (TOTP): nobody, `admin`/`viewer` holders, or everyone. Users with a device always do. */
    readonly mfa: 'off' | 'admins' | 'all';
    /** Who may create an account (README "Who can sign in"). */
    readonly signUp: SignUpPolicy;
    /** With `signUp: 'domains'`: the allowed email domains, lower case. */
    readonly signUpDomains: readonly string[];
    /** The sign-in methods on offer; any other has no button and its API refuses. */
    readonly signInMethods: readonly SignInMethod[];
    /** Cookies and HSTS: true when apiDomain is https. */
    readonly secure: boolean;
    /** Timeouts and the connection cap of the web server. */
    readonly http: HttpLimits;
    /** Where rate limits and throttles are counted when shared by several instances (REDIS_URL); undefined = memory. */
    readonly redis: RedisSettings | undefined;
    /** Seconds the admin overview's counts may be old (0: counted on every load). */
    readonly adminCountsMaxAge: number;
    /** Read and compile the page templates again on every render (`VIEWS_RELOAD=on`, for editing them); off, each is compiled once. */
    readonly reloadViews: boolean;
    /** hapi's `load` limits: past them the web server answers 503 at once instead of queueing (0: that limit off). */
    readonly load: LoadLimits;
}

export interface LoadLimits {
    /** ms between samples of the event loop delay and memory; 0 turns load shedding off. */
    readonly sampleInterval: number;
    /** ms the event loop may lag behind. */
    readonly maxEventLoopDelay: number;
    readonly maxHeapUsedBytes: number;
    readonly maxRssBytes: number;
}

/** A Redis for the limits shared by every instance (web/limits/redis.ts). */
export interface RedisSettings {
    /** redis(s)://[user:password@]host:port[/db]. */
    readonly url: string;
    /** Put before every key, so that several deployments (or test runs) can share one Redis. */
    readonly keyPrefix: string;
}

export const logLevels = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = typeof logLevels[number];

/** Logs and metrics (server/observability, docs/operations.md). */
export interface ObservabilitySettings {
    /** Lowest level written (`LOG_LEVEL`); `silent` writes nothing. */
    readonly logLevel: LogLevel;
    /** JSON lines (production, test) or readable lines (development, through pino-pretty). */
    readonly logFormat: 'json' | 'pretty';
    /** Where Prometheus scrapes /metrics; undefined = no metrics listener (`METRICS_PORT=off`). */
    readonly metrics: { readonly host: string; readonly port: number } | undefined;
}

export interface Config {
    readonly env: 'development' | 'production' | 'test';
    readonly dataDir: string;
    readonly core: CoreSettings;
    readonly web: WebSettings;
    readonly observability: ObservabilitySettings;
    /** The embedded core runs on its own worker thread (`CORE_THREAD=on`) or on the web server's event loop. */
    readonly coreThread: boolean;
}


const apiKey = Joi.string().min(20).pattern(/^[A-Za-z0-9=-]+$/);

const envSchema = Joi.object({
    NODE_ENV: Joi.string().valid('development', 'production', 'test').default('development'),
    DATA_DIR: Joi.string().default('./data'),
    DATABASE_URL: Joi.string().uri({ scheme: ['postgres', 'postgresql'] }),
    CORE_HOST: Joi.string().hostname().default('127.0.0.1'),
    CORE_PORT: Joi.number().integer().min(0).max(65535).default(3567),
    CORE_API_KEYS: Joi.string(),
    CORE_THREAD: Joi.string().lowercase().valid('on', 'off').default('on'),
    SUPERTOKENS_API_KEY: Joi.string(),
    CORE_ACCESS_TOKEN_VALIDITY: Joi.number().integer().min(1).max(86_400_000).default(3600),                    // s
    CORE_REFRESH_TOKEN_VALIDITY: Joi.number().positive(),                                                        // min, default: roleDefaults
    CORE_SESSION_MAX_HOURS: Joi.number().min(0),                                                                 // h, 0 = none
    SESSION_REMEMBER_DAYS: Joi.number().positive().default(30),                                                  // d
    CORE_ACCESS_TOKEN_DYNAMIC_SIGNING_KEY_UPDATE_INTERVAL: Joi.number().positive().default(168),                 // h
    CORE_PASSWORD_RESET_TOKEN_LIFETIME: Joi.number().integer().positive().default(3_600_000),                   // ms
    CORE_PASSWORDLESS_CODE_LIFETIME: Joi.number().integer().positive().default(900_000),                        // ms
    CORE_PASSWORDLESS_MAX_CODE_INPUT_ATTEMPTS: Joi.number().integer().positive().default(5),
    CORE_EMAIL_VERIFICATION_TOKEN_LIFETIME: Joi.number().integer().positive().default(86_400_000),              // ms
    CORE_PASSWORD_HASHING_ALG: Joi.string().uppercase().valid('ARGON2', 'BCRYPT').default('ARGON2'),
    CORE_ARGON2_ITERATIONS: Joi.number().integer().min(1).max(100).default(2),
    CORE_ARGON2_MEMORY_KB: Joi.number().integer().min(1024).max(4_194_304).default(19_456),                     // 19 MiB
    CORE_ARGON2_PARALLELISM: Joi.number().integer().min(1).max(64).default(1),
    CORE_BCRYPT_LOG_ROUNDS: Joi.number().integer().min(4).max(31).default(11),
    CORE_LOCKOUT_THRESHOLD: Joi.number().integer().min(1).max(1000).default(10),
    CORE_LOCKOUT_MAX_SECONDS: Joi.number().positive().default(900),
    CORE_LOCKOUT_RESET_SECONDS: Joi.number().positive().default(43_200),                                          // 12 h
    CORE_LOCKOUT_TRUSTED_DAYS: Joi.number().min(0).default(30),
    CORE_AUDIT_RETENTION_DAYS: Joi.number().positive().default(90),
    CORE_TOTP_MAX_ATTEMPTS: Joi.number().integer().min(1).max(1000).default(5),
    CORE_TOTP_RATE_LIMIT_COOLDOWN_SEC: Joi.number().integer().min(1).default(900),                              // 15 min
    HOST: Joi.string().hostname().default('localhost'),
    PORT: Joi.number().integer().min(0).max(65535).default(3000),
    API_DOMAIN: Joi.string().uri({ scheme: ['http', 'https'] }),
    WEBSITE_DOMAIN: Joi.string().uri({ scheme: ['http', 'https'] }),
    SUPERTOKENS_CONNECTION_URI: Joi.string(),
    SMTP_URL: Joi.string().uri({ scheme: ['smtp', 'smtps'] }),
    MAIL_FROM: Joi.string().default('Staffgate <no-reply@localhost>'),
    GOOGLE_CLIENT_ID: Joi.string(),
    GOOGLE_CLIENT_SECRET: Joi.string(),
    GITHUB_CLIENT_ID: Joi.string(),
    GITHUB_CLIENT_SECRET: Joi.string(),
    APPLE_CLIENT_ID: Joi.string(),
    APPLE_KEY_ID: Joi.string(),
    APPLE_PRIVATE_KEY: Joi.string(),
    APPLE_TEAM_ID: Joi.string(),
    OIDC_ISSUER: Joi.string().uri({ scheme: ['http', 'https'] }),
    OIDC_CLIENT_ID: Joi.string(),
    OIDC_CLIENT_SECRET: Joi.string(),
    OIDC_NAME: Joi.string().default('Company sign-in'),
    OIDC_ID: Joi.string().pattern(/^[a-z0-9-]+$/).default('oidc'),
    EMAIL_VERIFICATION: Joi.string().valid('optional', 'required').default('optional'),
    RATE_LIMITS: Joi.string().valid('on', 'off').default('on'),
    RATE_LIMIT_SIGNIN: Joi.number().integer().min(1).default(defaultRateLimits.signin),                        // a minute
    RATE_LIMIT_SIGNUP: Joi.number().integer().min(1).default(defaultRateLimits.signup),
    RATE_LIMIT_RESET_EMAIL: Joi.number().integer().min(1).default(defaultRateLimits.resetEmail),
    RATE_LIMIT_RESET: Joi.number().integer().min(1).default(defaultRateLimits.reset),
    TRUSTED_PROXIES: Joi.string().allow('').default(''),
    REDIS_URL: Joi.string().uri({ scheme: ['redis', 'rediss'] }),
    REDIS_KEY_PREFIX: Joi.string().pattern(/^[A-Za-z0-9:._-]{1,64}$/).default('staffgate:'),
    ADMIN_EMAILS: Joi.string().allow('').default(''),
    HTTP_HEADERS_TIMEOUT: Joi.number().integer().min(10).default(10_000),                                       // ms
    HTTP_REQUEST_TIMEOUT: Joi.number().integer().min(10).default(30_000),                                       // ms
    HTTP_SOCKET_TIMEOUT: Joi.number().integer().min(10).default(30_000),                                        // ms
    HTTP_MAX_CONNECTIONS: Joi.number().integer().min(1).default(500),
    INVITATION_LIFETIME_HOURS: Joi.number().positive().max(8760).default(168),
    ADMIN_COUNTS_MAX_AGE: Joi.number().min(0).max(300).default(5),                                             // s
    VIEWS_RELOAD: Joi.string().lowercase().valid('on', 'off').default('off'),
    LOAD_SAMPLE_INTERVAL: Joi.number().integer().min(0).max(60_000).default(1000),                             // ms
    LOAD_MAX_EVENT_LOOP_DELAY: Joi.number().integer().min(0).default(200),                                     // ms
    LOAD_MAX_HEAP_MB: Joi.number().integer().min(0).default(0),
    LOAD_MAX_RSS_MB: Joi.number().integer().min(0).default(0),
    MFA: Joi.string().valid('off', 'admins', 'all').default('admins'),
    SIGNUP: Joi.string().lowercase().valid(...signUpPolicies),
    SIGNUP_DOMAINS: Joi.string().allow(''),
    LOG_LEVEL: Joi.string().lowercase().valid(...logLevels),                                                      // default: observabilitySettings
    LOG_FORMAT: Joi.string().lowercase().valid('pretty', 'json'),                                                  // default: observabilitySettings
    METRICS_PORT: Joi.alternatives(Joi.number().integer().min(0).max(65535), Joi.string().lowercase().valid('off')),
    METRICS_HOST: Joi.string().hostname().default('127.0.0.1'),
    SIGN_IN_METHODS: Joi.string().lowercase().pattern(new RegExp(`^\\s*(${signInMethods.join('|')})\\s*(,\\s*(${signInMethods.join('|')})\\s*)*$`))
}).unknown(true).and('OIDC_ISSUER', 'OIDC_CLIENT_ID', 'OIDC_CLIENT_SECRET');


/*
 * A bad setting must not print secrets: the message names each offending variable and the rule it breaks, never
 * a value, and never a variable that is not ours (the schema lets unknown ones through, so Joi reports none).
 * Joi's pattern messages quote the value; these say the same without it.
 */
const valueFreeMessages = {
    'string.pattern.base': '{{#label}} fails to match the required pattern: {{#regex}}',
    'string.pattern.name': '{{#label}} fails to match the {{#name}} pattern',
    'string.pattern.invert.base': '{{#label}} matches the inverted pattern: {{#regex}}',
    'string.pattern.invert.name': '{{#label}} matches the inverted {{#name}} pattern'
};

const describeErrors = (error: Joi.ValidationError): string => {

    return error.details.map((detail) => `  ${detail.path.join('.') || 'settings'}: ${detail.message} (${detail.type})`).join('\n');
};


/*
 * The SuperTokens demo keys from its setup guide: they make the social buttons work in development with no set-up.
 * Production refuses to start with them (anyone can use these keys).
 */
const demoKeys = {
    google: { clientId: '1060725074195-kmeum4crr01uirfl2op9kd5acmi9jutn.apps.googleusercontent.com', clientSecret: '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' },
    github: { clientId: '467101b197249757c71f', clientSecret: 'e97051221f4b6426e8fe8d51486396703012f5bd' },
    apple: {
        clientId: '4398792-io.supertokens.example.service',
        keyId: '7M48Y4RYDL',
        teamId: 'YWQCXGJRJL',
        privateKey: '-----BEGIN PRIVATE KEY-----\nMIGTAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBHkwdwIBAQQgu8gXs+XYkqXD6Ala9Sf/iJXzhbwcoG5dMh1OonpdJUmgCgYIKoZIzj0DAQehRANCAASfrvlFbFCYqn3I2zeknYXLwtH30JuOKestDbSfZYxZNMqhF/OzdZFTV0zc5u5s3eN+oCWbnvl0hM+9IW0UlkdA\n-----END PRIVATE KEY-----'
    }
};


/**
 * What starts: `app` is `npm start` (the web app and, unless external, the embedded core), `core` is `npm run core`
 * alone. The app's sessions follow the staff session policy; the core alone keeps the official core's defaults
 * (the SDK's own tests expect them), and enforces an absolute lifetime only when CORE_SESSION_MAX_HOURS is set.
 */
export type StartRole = 'app' | 'core';

const roleDefaults = {
    app: { refreshTokenValidity: 720, sessionMaxHours: 168 },
    core: { refreshTokenValidity: 144_000, sessionMaxHours: 0 }
} as const;


const loopbackHosts = new Set(['127.0.0.1', 'localhost', '::1']);

/** True when `host` only accepts connections from this machine. */
export const isLoopback = (host: string): boolean => loopbackHosts.has(host) || /^127\.\d+\.\d+\.\d+$/.test(host);


/** Reads and validates the environment; throws with a value-free message on any bad value. */
export const loadConfig = (env: NodeJS.ProcessEnv = process.env, role: StartRole = 'core', stdoutIsTerminal = Boolean(process.stdout.isTTY)): Config => {

    const { value, error } = envSchema.validate(env, { abortEarly: false, convert: true, messages: valueFreeMessages });
    if (error) {
        throw new Error(`Invalid configuration:\n${describeErrors(error)}`);
    }

    const rawKeys: string = value.CORE_API_KEYS ?? value.SUPERTOKENS_API_KEY ?? '';
    const apiKeys = rawKeys.split(',').map((key) => key.trim()).filter(Boolean);
    if (apiKeys.some((key) => apiKey.validate(key).error)) {
        throw new Error('Invalid configuration: CORE_API_KEYS: each key needs at least 20 characters of A-Z a-z 0-9 = -');
    }

    const trustedProxies = splitAddressList(value.TRUSTED_PROXIES);
    try {
        new AddressRanges(trustedProxies);
    }
    catch (err) {
        throw new Error(`Invalid configuration: TRUSTED_PROXIES: ${(err as Error).message} (give IPs and CIDR ranges, comma-separated)`);
    }

    const dataDir = Path.resolve(value.DATA_DIR);
    const core: CoreSettings = {
        host: value.CORE_HOST,
        port: value.CORE_PORT,
        sqliteFile: Path.join(dataDir, 'staffgate.sqlite'),
        databaseUrl: value.DATABASE_URL,
        apiKeys,
        accessTokenValidity: value.CORE_ACCESS_TOKEN_VALIDITY,
        refreshTokenValidity: value.CORE_REFRESH_TOKEN_VALIDITY ?? roleDefaults[role].refreshTokenValidity,
        sessionMaxHours: (value.CORE_SESSION_MAX_HOURS ?? roleDefaults[role].sessionMaxHours) || undefined,
        sessionRememberDays: value.SESSION_REMEMBER_DAYS,
        accessTokenDynamicSigningKeyUpdateInterval: value.CORE_ACCESS_TOKEN_DYNAMIC_SIGNING_KEY_UPDATE_INTERVAL,
        passwordResetTokenLifetime: value.CORE_PASSWORD_RESET_TOKEN_LIFETIME,
        passwordlessCodeLifetime: value.CORE_PASSWORDLESS_CODE_LIFETIME,
        passwordlessMaxCodeInputAttempts: value.CORE_PASSWORDLESS_MAX_CODE_INPUT_ATTEMPTS,
        emailVerificationTokenLifetime: value.CORE_EMAIL_VERIFICATION_TOKEN_LIFETIME,
        passwordHashingAlg: value.CORE_PASSWORD_HASHING_ALG,
        argon2Iterations: value.CORE_ARGON2_ITERATIONS,
        argon2MemoryKb: value.CORE_ARGON2_MEMORY_KB,
        argon2Parallelism: value.CORE_ARGON2_PARALLELISM,
        bcryptLogRounds: value.CORE_BCRYPT_LOG_ROUNDS,
        lockoutThreshold: value.CORE_LOCKOUT_THRESHOLD,
        lockoutMaxSeconds: value.CORE_LOCKOUT_MAX_SECONDS,
        lockoutResetSeconds: value.CORE_LOCKOUT_RESET_SECONDS,
        lockoutTrustedDays: value.CORE_LOCKOUT_TRUSTED_DAYS,
        auditRetentionDays: value.CORE_AUDIT_RETENTION_DAYS,
        totpMaxAttempts: value.CORE_TOTP_MAX_ATTEMPTS,
        totpRateLimitCooldownSec: value.CORE_TOTP_RATE_LIMIT_COOLDOWN_SEC
    };

    const web = webSettings(value, dataDir, trustedProxies);
    if (value.NODE_ENV === 'production') {
        if (web.usesDemoProviderKeys) {
            throw new Error(`Invalid configuration: production refuses the SuperTokens demo keys; set ${missingProviderKeys(value, web.signInMethods).join(', ')} or leave those providers out of SIGN_IN_METHODS (see README)`);
        }

        if (!web.smtpUrl) {
            throw new Error('Invalid configuration: production needs SMTP_URL to send password reset and verification emails');
        }
    }

    return deepFreeze({ env: value.NODE_ENV, dataDir, core: validateCoreSettings(core), web, observability: observabilitySettings(value, stdoutIsTerminal), coreThread: value.CORE_THREAD === 'on' });
};


/** Each provider's variables; a provider counts as configured in production only when all are set. */
const providerVariables: Record<Exclude<SignInMethod, 'password' | 'link'>, readonly string[]> = {
    google: ['GOOGLE_CLIENT_ID', 'GOOGLE_CLIENT_SECRET'],
    github: ['GITHUB_CLIENT_ID', 'GITHUB_CLIENT_SECRET'],
    apple: ['APPLE_CLIENT_ID', 'APPLE_KEY_ID', 'APPLE_PRIVATE_KEY', 'APPLE_TEAM_ID'],
    oidc: ['OIDC_ISSUER', 'OIDC_CLIENT_ID', 'OIDC_CLIENT_SECRET']
};

const missingProviderKeys = (value: Record<string, any>, methods: readonly SignInMethod[]): string[] => {

    return methods.flatMap((method) => (method === 'password' || method === 'link' ? [] : providerVariables[method].filter((name) => !value[name])));
};

const list = (text: string | undefined): string[] => (text ?? '').split(',').map((item) => item.trim().toLowerCase()).filter(Boolean);

/*
 * SIGN_IN_METHODS, or its default: in development every method (the demo keys; oidc when OIDC_ISSUER is set), in
 * production password plus each provider whose keys are all set. A listed provider without its keys stops the
 * start in production, naming the missing variables.
 */
const chooseSignInMethods = (value: Record<string, any>): SignInMethod[] => {

    const production = value.NODE_ENV === 'production';
    if (value.SIGN_IN_METHODS === undefined) {
        const offered = (method: 'google' | 'github' | 'apple' | 'oidc') => {

            return method === 'oidc' ? value.OIDC_ISSUER !== undefined : !production || missingProviderKeys(value, [method]).length === 0;
        };

        const providers = (['google', 'github', 'apple', 'oidc'] as const).filter(offered);
        return ['password', ...providers];
    }

    const methods = [...new Set(list(value.SIGN_IN_METHODS))] as SignInMethod[];
    const missing = missingProviderKeys(value, methods.filter((method) => production || method === 'oidc'));
    if (missing.length > 0) {
        throw new Error(`Invalid configuration: SIGN_IN_METHODS lists a provider without its keys; set ${missing.join(', ')}`);
    }

    return methods;
};

const signUpSettings = (value: Record<string, any>) => {

    const signUp: SignUpPolicy = value.SIGNUP ?? (value.NODE_ENV === 'production' ? 'invite' : 'open');
    const signUpDomains = list(value.SIGNUP_DOMAINS).map((domain) => domain.replace(/^@/, ''));
    if (signUp === 'domains' && signUpDomains.length === 0) {
        throw new Error('Invalid configuration: SIGNUP=domains needs SIGNUP_DOMAINS (a comma list such as example.com,example.org)');
    }

    for (const domain of signUpDomains) {
        Joi.assert(domain, Joi.string().domain({ tlds: false }), `SIGNUP_DOMAINS: ${domain} is not a domain name`);
    }

    return { signUp, signUpDomains };
};

const webSettings = (value: Record<string, any>, dataDir: string, trustedProxies: readonly string[]): WebSettings => {

    const methods = chooseSignInMethods(value);
    const own = `http://localhost:${value.PORT}`;
    const apiDomain = value.API_DOMAIN ?? own;
    const google = { clientId: value.GOOGLE_CLIENT_ID ?? demoKeys.google.clientId, clientSecret: value.GOOGLE_CLIENT_SECRET ?? demoKeys.google.clientSecret };
    const github = { clientId: value.GITHUB_CLIENT_ID ?? demoKeys.github.clientId, clientSecret: value.GITHUB_CLIENT_SECRET ?? demoKeys.github.clientSecret };
    const apple = {
        clientId: value.APPLE_CLIENT_ID ?? demoKeys.apple.clientId,
        keyId: value.APPLE_KEY_ID ?? demoKeys.apple.keyId,
        teamId: value.APPLE_TEAM_ID ?? demoKeys.apple.teamId,
        privateKey: (value.APPLE_PRIVATE_KEY ?? demoKeys.apple.privateKey).replace(/\\n/g, '\n')
    };

    return {
        host: value.HOST,
        port: value.PORT,
        apiDomain,
        websiteDomain: value.WEBSITE_DOMAIN ?? apiDomain,
        connectionUri: value.SUPERTOKENS_CONNECTION_URI,
        apiKey: value.SUPERTOKENS_API_KEY,
        smtpUrl: value.SMTP_URL,
        mailFrom: value.MAIL_FROM,
        outboxDir: Path.join(dataDir, 'outbox'),
        google,
        github,
        apple,
        usesDemoProviderKeys: (methods.includes('google') && google.clientId === demoKeys.google.clientId) ||
            (methods.includes('github') && github.clientId === demoKeys.github.clientId) ||
            (methods.includes('apple') && apple.clientId === demoKeys.apple.clientId),
        oidc: value.OIDC_ISSUER ?
            { id: value.OIDC_ID, name: value.OIDC_NAME, issuer: value.OIDC_ISSUER, clientId: value.OIDC_CLIENT_ID, clientSecret: value.OIDC_CLIENT_SECRET } :
            undefined,
        emailVerification: value.EMAIL_VERIFICATION,
        // Rate limits can be turned off for load tests, never in production.
        rateLimits: value.RATE_LIMITS === 'on' || value.NODE_ENV === 'production',
        rateLimitsPerMinute: { signin: value.RATE_LIMIT_SIGNIN, signup: value.RATE_LIMIT_SIGNUP, resetEmail: value.RATE_LIMIT_RESET_EMAIL, reset: value.RATE_LIMIT_RESET },
        trustedProxies,
        adminEmails: list(value.ADMIN_EMAILS),
        mfa: value.MFA,
        invitationLifetimeHours: value.INVITATION_LIFETIME_HOURS,
        ...signUpSettings(value),
        signInMethods: methods,
        secure: apiDomain.startsWith('https:'),
        http: {
            headersTimeout: value.HTTP_HEADERS_TIMEOUT,
            requestTimeout: value.HTTP_REQUEST_TIMEOUT,
            socketTimeout: value.HTTP_SOCKET_TIMEOUT,
            maxConnections: value.HTTP_MAX_CONNECTIONS
        },
        redis: value.REDIS_URL ? { url: value.REDIS_URL, keyPrefix: value.REDIS_KEY_PREFIX } : undefined,
        adminCountsMaxAge: value.ADMIN_COUNTS_MAX_AGE,
        reloadViews: value.VIEWS_RELOAD === 'on',
        load: {
            sampleInterval: value.LOAD_SAMPLE_INTERVAL,
            maxEventLoopDelay: value.LOAD_SAMPLE_INTERVAL ? value.LOAD_MAX_EVENT_LOOP_DELAY : 0,
            maxHeapUsedBytes: value.LOAD_SAMPLE_INTERVAL ? value.LOAD_MAX_HEAP_MB * 1024 * 1024 : 0,
            maxRssBytes: value.LOAD_SAMPLE_INTERVAL ? value.LOAD_MAX_RSS_MB * 1024 * 1024 : 0
        }
    };
};


/*
 * Logs: `info` by default, nothing under NODE_ENV=test unless LOG_LEVEL asks (the lab output stays readable).
 * Readable lines only in development on a terminal (LOG_FORMAT overrides): formatting them takes a thread of its
 * own, about 18 MB, that nobody reads when stdout is a file, a pipe or nothing.
 * Metrics: on 127.0.0.1:9464 by default (9464, the port of OpenTelemetry's Prometheus exporter),
 * off under NODE_ENV=test unless METRICS_PORT asks (parallel test apps would fight over one port).
 */
const observabilitySettings = (value: Record<string, any>, stdoutIsTerminal: boolean): ObservabilitySettings => {

    const test = value.NODE_ENV === 'test';
    const port: number | 'off' = value.METRICS_PORT ?? (test ? 'off' : 9464);
    return {
        logLevel: value.LOG_LEVEL ?? (test ? 'silent' : 'info'),
        logFormat: value.LOG_FORMAT ?? (value.NODE_ENV === 'development' && stdoutIsTerminal ? 'pretty' : 'json'),
        metrics: port === 'off' ? undefined : { host: value.METRICS_HOST, port }
    };
};


/** Checks the rules that span several core settings; returns the settings unchanged. */
export const validateCoreSettings = (core: CoreSettings): CoreSettings => {

    if (core.refreshTokenValidity * 60 <= core.accessTokenValidity) {
        throw new Error('Invalid configuration: CORE_REFRESH_TOKEN_VALIDITY (minutes) must be longer than CORE_ACCESS_TOKEN_VALIDITY (seconds)');
    }

    if (core.sessionMaxHours !== undefined && core.sessionMaxHours * 3600 <= core.accessTokenValidity) {
        throw new Error('Invalid configuration: CORE_SESSION_MAX_HOURS (hours) must be longer than CORE_ACCESS_TOKEN_VALIDITY (seconds), or 0 for none');
    }

    if (!isLoopback(core.host) && core.apiKeys.length === 0) {
        throw new Error(`Invalid configuration: the core refuses to listen on ${core.host} without an API key (set CORE_API_KEYS)`);
    }

    return core;
};


const deepFreeze = <T extends object>(object: T): T => {

    for (const value of Object.values(object)) {
        if (value && typeof value === 'object') {
            deepFreeze(value);
        }
    }

    return Object.freeze(object);
};
