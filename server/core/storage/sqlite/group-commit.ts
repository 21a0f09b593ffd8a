/*
 * Group commit: writes that arrive in the same turn of the event loop share one transaction, so one fsync
 * (synchronous=FULL) makes all of them durable. Under a refresh load the rotation's own commit was a third of the
 * core thread's time, nearly all of it waiting on fsync; with requests queued behind each other, a turn holds
 * several.
 *
 * Each write runs in its own savepoint inside the batch, so one that throws is rolled back alone and rejects only
 * its own caller. Every caller is answered after the batch has committed: nothing is acknowledged before it is on
 * disk. A failed commit rejects the whole batch.
 */

import type { Database } from 'better-sqlite3';


interface Pending<A extends unknown[], R> {
    readonly args: A;
    readonly resolve: (result: R) => void;
    readonly reject: (err: unknown) => void;
}

type Outcome<R> = { readonly ok: true; readonly result: R } | { readonly ok: false; readonly error: unknown };


export const groupCommit = <A extends unknown[], R>(db: Database, write: (...args: A) => R): ((...args: A) => Promise<R>) => {

    const inSavepoint = db.transaction(write);              // called inside the batch's transaction: a savepoint
    const batch = db.transaction((items: readonly Pending<A, R>[]) => {

        return items.map((item): Outcome<R> => {

            try {
                return { ok: true, result: inSavepoint(...item.args) };
            }
            catch (error) {
                return { ok: false, error };
            }
        });
    });

    let pending: Pending<A, R>[] = [];
    const flush = () => {

        const items = pending;
        pending = [];
        let outcomes: Outcome<R>[];
        try {
            outcomes = batch.immediate(items);
        }
        catch (error) {
            for (const item of items) {
                item.reject(error);
            }

            return;
        }

        items.forEach((item, i) => {

            const outcome = outcomes[i]!;
            if (outcome.ok) {
                item.resolve(outcome.result);
            }
            else {
                item.reject(outcome.error);
            }
        });
    };

    return (...args: A) => {

        return new Promise<R>((resolve, reject) => {

            if (pending.length === 0) {
                setImmediate(flush);
            }

            pending.push({ args, resolve, reject });
        });
    };
};
