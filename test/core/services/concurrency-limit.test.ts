import * as Code from '@hapi/code';
import * as Lab from '@hapi/lab';

import { ConcurrencyLimit } from '../../../server/core/services/concurrency-limit';


const { expect } = Code;
export const lab = Lab.script();
const { describe, it } = lab;


/** A task that runs until `finish()` is called, recording when it started. */
const gate = (log: string[], name: string) => {

    let finish!: (value: string) => void;
    let fail!: (err: Error) => void;
    const done = new Promise<string>((resolve, reject) => {

        finish = resolve;
        fail = reject;
    });

    return { task: () => (log.push(name), done), finish: () => finish(name), fail: () => fail(new Error(name)) };
};

const tick = () => new Promise((resolve) => setImmediate(resolve));


describe('ConcurrencyLimit', () => {

    it('runs at most `limit` tasks at once and starts the others in arrival order as slots free up', async () => {

        const limit = new ConcurrencyLimit(2);
        const started: string[] = [];
        const tasks = ['a', 'b', 'c', 'd', 'e'].map((name) => gate(started, name));
        const results = tasks.map((task) => limit.run(task.task));

        await tick();
        expect(started).to.equal(['a', 'b']);
        expect(limit.running).to.equal(2);
        expect(limit.waiting).to.equal(3);

        tasks[1]!.finish();
        await tick();
        expect(started).to.equal(['a', 'b', 'c']);

        // A task arriving now queues behind d and e, even though c's slot is about to free up.
        const late = gate(started, 'late');
        const lateResult = limit.run(late.task);
        tasks[0]!.finish();
        tasks[2]!.finish();
        await tick();
        expect(started).to.equal(['a', 'b', 'c', 'd', 'e']);

        tasks[3]!.finish();
        tasks[4]!.finish();
        late.finish();
        expect(await Promise.all([...results, lateResult])).to.equal(['a', 'b', 'c', 'd', 'e', 'late']);
        expect(limit.running).to.equal(0);
        expect(limit.waiting).to.equal(0);
    });

    it('frees the slot of a task that fails, and passes its error on', async () => {

        const limit = new ConcurrencyLimit(1);
        const started: string[] = [];
        const failing = gate(started, 'fails');
        const next = gate(started, 'next');
        const first = limit.run(failing.task);
        const second = limit.run(next.task);

        failing.fail();
        await expect(first).to.reject('fails');
        await tick();
        expect(started).to.equal(['fails', 'next']);
        next.finish();
        expect(await second).to.equal('next');
        expect(limit.running).to.equal(0);
    });

    it('refuses a limit that is not a positive integer', () => {

        for (const bad of [0, -1, 1.5, NaN]) {
            expect(() => new ConcurrencyLimit(bad), String(bad)).to.throw(RangeError);
        }
    });
});
