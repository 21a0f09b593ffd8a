'use strict';

/*
 * Preloaded into the app by bench/load.ts (node -r ./bench/probe.js): once a second, appends the process's memory
 * (process.memoryUsage()) and its event-loop delay since the previous line (perf_hooks histogram: p50, p99, max,
 * in ms) to $BENCH_PROBE_FILE as one JSON line. Nothing in the app knows about it; without the variable it does
 * nothing. When the file `$BENCH_PROBE_FILE.gc` appears (the bench makes it at the end) and the app runs with
 * --expose-gc, the probe collects garbage once before the next line, so that line shows what the heap retains.
 */

const Fs = require('fs');
const PerfHooks = require('perf_hooks');

const file = process.env.BENCH_PROBE_FILE;
// node -r preloads into worker threads too (the embedded core's, the log transport's): the probe reports once, from
// the main thread. RSS is the whole process's; the heap figures are the main thread's (the web server's).
if (file && require('worker_threads').isMainThread) {
    const delay = PerfHooks.monitorEventLoopDelay({ resolution: 10 });
    delay.enable();
    const ms = (ns) => Math.round(ns / 1e4) / 100;
    let collected = false;
    setInterval(() => {

        if (!collected && typeof global.gc === 'function' && Fs.existsSync(`${file}.gc`)) {
            collected = true;
            global.gc();
        }

        const memory = process.memoryUsage();
        const line = {
            time: Date.now(),
            rss: memory.rss, heapUsed: memory.heapUsed, heapTotal: memory.heapTotal, external: memory.external, arrayBuffers: memory.arrayBuffers,
            delayP50: ms(delay.percentile(50)), delayP99: ms(delay.percentile(99)), delayMax: ms(delay.max)
        };
        delay.reset();
        Fs.appendFileSync(file, `${JSON.stringify(line)}\n`);
    }, 1000).unref();
}
