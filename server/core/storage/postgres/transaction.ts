import type { Pool, PoolClient } from 'pg';


/** SQLSTATEs this adapter looks for. */
export const pgErrors = {
    uniqueViolation: '23505',
    foreignKeyViolation: '23503',
    deadlockDetected: '40P01'
} as const;

/** Whether `err` is a PostgreSQL error with this SQLSTATE. */
export const isPgError = (err: unknown, code: string): boolean => {

    return typeof err === 'object' && err !== null && (err as { code?: unknown }).code === code;
};


const maxAttempts = 3;


/**
 * Runs `fn` in a transaction (READ COMMITTED) on one pooled client: commits what it returns, rolls back what it
 * throws. `fn` must use only `client`, never the pool (a second connection would not see its writes, and could
 * wait for a free one forever). A transaction PostgreSQL chose as a deadlock victim is rolled back and run again:
 * `fn` must therefore have no effects outside the database.
 */
export const withTransaction = async <T>(pool: Pool, fn: (client: PoolClient) => Promise<T>): Promise<T> => {

    for (let i = 1; ; ++i) {
        try {
            return await attemptTransaction(pool, fn);
        }
        catch (err) {
            if (i >= maxAttempts || !isPgError(err, pgErrors.deadlockDetected)) {
                throw err;
            }
        }
    }
};


const attemptTransaction = async <T>(pool: Pool, fn: (client: PoolClient) => Promise<T>): Promise<T> => {

    const client = await pool.connect();

    // A connection that dies mid-transaction fails the pending query, and also emits 'error': unheard, that event
    // would crash the process (the pool listens only while the client is idle).
    let broken: Error | undefined;
    const onError = (err: Error) => {

        broken = err;
    };

    client.on('error', onError);
    try {
        await client.query('BEGIN');
        const result = await fn(client);
        await client.query('COMMIT');
        return result;
    }
    catch (err) {
        // A connection that cannot even roll back is not given back to the pool.
        await client.query('ROLLBACK').catch(onError);
        throw err;
    }
    finally {
        client.removeListener('error', onError);
        client.release(broken);
    }
};
