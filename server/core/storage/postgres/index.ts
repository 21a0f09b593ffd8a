/*
 * PostgreSQL adapter (pg). One pool per storage; several core processes may share the database. A single-row
 * change is one statement; a compare-and-set or a claim is one `INSERT … ON CONFLICT … DO UPDATE … WHERE` or
 * `UPDATE … WHERE`, which PostgreSQL re-checks against the newest row version when it had to wait for a lock.
 * Multi-row changes run in withTransaction() on one pooled client, at READ COMMITTED: where a step reads before it
 * writes, the read locks its rows (`FOR UPDATE`) or the write claims them (`DELETE … RETURNING`), and uniqueness is
 * left to the unique indexes, so concurrent callers in any process cannot both win.
 */

import * as Pg from 'pg';

import { loadMigrations } from '../migrations';
import type { Storage } from '..';
import { createAuditStore } from './audit';
import { createBanStore } from './bans';
import { createEmailVerificationStore } from './email-verification';
import { createInvitationStore } from './invitations';
import { createKeyStore } from './keys';
import { createLockoutStore } from './lockouts';
import { createMailQueueStore } from './mail-queue';
import { createMetadataStore } from './metadata';
import { createRoleStore } from './roles';
import { createPasswordStore } from './passwords';
import { createRecoveryCodeStore } from './recovery-codes';
import { createPasswordlessStore } from './passwordless';
import { createSessionStore } from './sessions';
import { createTenantStore } from './tenants';
import { createTokenStore } from './tokens';
import { createTotpStore } from './totp';
import { createUserStore } from './users';
import { createUserListStore } from './user-list';
import { withTransaction } from './transaction';


export interface PostgresOptions {
    /** postgres://user:password@host:port/database */
    readonly connectionString: string;
    /** A schema to keep the tables in, created by migrate() if missing; the connection's default search_path if unset. */
    readonly schema?: string;
    /** Connections at most, 10 by default. */
    readonly poolSize?: number;
}


/** Lower-case identifiers only: the name goes into SQL as is. */
const schemaName = /^[a-z_][a-z0-9_]{0,62}$/;

/** An arbitrary constant: the advisory lock class of Staffgate's migrations (the schema name picks the lock). */
const migrationLockClass = 0x5354_4146;         // 'STAF'


export const createPostgresStorage = (options: PostgresOptions): Storage => {

    const { schema } = options;
    if (schema !== undefined && !schemaName.test(schema)) {
        throw new Error(`Invalid PostgreSQL schema name: ${schema}`);
    }

    // BIGINT (ms times, counts, audit ids) as JS numbers rather than strings; they stay far below 2^53.
    const types = new Pg.TypeOverrides();
    types.setTypeParser(Pg.types.builtins.INT8, Number);

    const pool = new Pg.Pool({
        connectionString: options.connectionString,
        max: options.poolSize ?? 10,
        types,
        // Set on every new connection before the pool hands it out (a startup `options` could be overridden by the URL).
        ...(schema === undefined ? {} : { onConnect: async (client: Pg.ClientBase) => {

            await client.query(`SET search_path TO ${schema}`);
        } })
    });

    // An idle connection that drops (database restart) is discarded by the pool; the next query opens a new one.
    pool.on('error', () => { });

    let closing: Promise<void> | undefined;

    return {
        name: 'postgres',
        users: createUserStore(pool),
        userList: createUserListStore(pool),
        passwords: createPasswordStore(pool),
        sessions: createSessionStore(pool),
        keys: createKeyStore(pool),
        tokens: createTokenStore(pool),
        emailVerification: createEmailVerificationStore(pool),
        roles: createRoleStore(pool),
        metadata: createMetadataStore(pool),
        audit: createAuditStore(pool),
        lockouts: createLockoutStore(pool),
        bans: createBanStore(pool),
        tenants: createTenantStore(pool),
        totp: createTotpStore(pool),
        recoveryCodes: createRecoveryCodeStore(pool),
        passwordless: createPasswordlessStore(pool),
        invitations: createInvitationStore(pool),
        mailQueue: createMailQueueStore(pool),

        migrate: async () => migrate(pool, schema),

        ping: async () => {

            // A standby (or a read-only default) answers but refuses writes: not ready for the core.
            const { rows: [row] } = await pool.query<{ read_only: boolean }>(`SELECT pg_is_in_recovery() OR current_setting('transaction_read_only') = 'on' AS read_only`);
            if (row!.read_only) {
                throw new Error('The PostgreSQL database is read-only');
            }
        },

        close: async () => {

            closing ??= pool.end();
            await closing;
        }
    };
};


/**
 * Applies pending migrations in one transaction that first takes an advisory lock: processes starting together
 * queue on the lock, and each later one finds the steps already recorded in schema_migrations.
 */
const migrate = (pool: Pg.Pool, schema: string | undefined): Promise<string[]> => {

    return withTransaction(pool, async (client) => {

        await client.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [migrationLockClass, schema ?? '']);
        // Looked up first: CREATE SCHEMA IF NOT EXISTS needs the CREATE privilege on the database even when it exists.
        if (schema !== undefined && !(await client.query('SELECT 1 FROM pg_namespace WHERE nspname = $1', [schema])).rowCount) {
            await client.query(`CREATE SCHEMA ${schema}`);
        }

        await client.query('CREATE TABLE IF NOT EXISTS schema_migrations (version TEXT PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)');
        const { rows } = await client.query<{ version: string }>('SELECT version FROM schema_migrations');
        const applied = new Set(rows.map((row) => row.version));

        const done: string[] = [];
        for (const migration of loadMigrations('postgres')) {
            if (applied.has(migration.version)) {
                continue;
            }

            await client.query(migration.sql);
            await client.query('INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)', [migration.version, migration.name, Date.now()]);
            done.push(migration.version);
        }

        return done;
    });
};
