/*
 * What counting a rate limit costs: Limiter.hit() on the memory store (no REDIS_URL) and on the Redis store
 * (REDIS_URL; BENCH_REDIS_URL, default redis://127.0.0.1:6379), one hit at a time (the latency a sign-in waits
 * for) and 16 at a time (throughput), over 10 000 client addresses with the sign-in rule (60 a minute).
 *
 * Run: npm run bench:limits
 */

import { performance } from 'perf_hooks';
import * as Crypto from 'crypto';

import type { LimiterStore } from '../server/web/limits';
import { memoryLimiterStore } from '../server/web/limits/memory';
import { redisLimiterStore } from '../server/web/limits/redis';


const hits = Number(process.env.BENCH_HITS ?? 20_000);
const redisUrl = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';
const rule = { limit: 60, windowMs: 60_000 };
const addresses = Array.from({ length: 10_000 }, (_, i) => `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`);

const percentile = (sorted: number[], p: number): number => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]!;

const run = async (store: LimiterStore, inFlight: number) => {

    const limiter = store.limiter(`bench:${Crypto.randomBytes(4).toString('hex')}`, rule, 'refuse');
    const latencies: number[] = [];
    let next = 0;
    const worker = async () => {

        while (next < hits) {
            const address = addresses[next++ % addresses.length]!;
            const started = performance.now();
            await limiter.hit(address);
            latencies.push(performance.now() - started);
        }
    };

    const started = performance.now();
    await Promise.all(Array.from({ length: inFlight }, worker));
    const elapsed = (performance.now() - started) / 1000;
    latencies.sort((x, y) => x - y);
    return { perSecond: Math.round(hits / elapsed), p50: percentile(latencies, 0.5), p99: percentile(latencies, 0.99) };
};

const main = async () => {

    const prefix = `bench-${Crypto.randomBytes(4).toString('hex')}:`;
    const stores: [string, LimiterStore][] = [['memory', memoryLimiterStore()], ['redis', await redisLimiterStore({ url: redisUrl, keyPrefix: prefix })]];
    console.log(`${hits} hits over ${addresses.length} addresses, rule ${rule.limit} per ${rule.windowMs / 1000} s`);
    for (const [name, store] of stores) {
        for (const inFlight of [1, 16]) {
            await run(store, inFlight);                                 // warm-up (and the first keys' creation)
            const result = await run(store, inFlight);
            console.log(`${name.padEnd(6)} ${String(inFlight).padStart(2)} in flight: ${String(result.perSecond).padStart(7)} hits/s, p50 ${result.p50.toFixed(3)} ms, p99 ${result.p99.toFixed(3)} ms`);
        }

        await store.close();
    }
};

main().catch((err) => {

    console.error(err);
    process.exit(1);
});
