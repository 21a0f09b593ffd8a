import * as Code from '@hapi/code';
import * as Lab from '@hapi/lab';

import { createTwoFactorAudit } from '../../../server/core/services/two-factor-audit';
import type { AuditEvent, AuditStore } from '../../../server/core/storage';


const { expect } = Code;
export const lab = Lab.script();
const { describe, it } = lab;


describe('two-factor audit', () => {

    const store = (append: (event: AuditEvent) => Promise<void>): AuditStore => ({
        append,
        query: async () => [],
        count: async () => 0,
        deleteOlderThan: async () => 0
    });

    it('writes the event with the time, app and caller', async () => {

        const written: AuditEvent[] = [];
        const audit = createTwoFactorAudit('public', store(async (event) => {

            written.push(event);
        }), () => 42);

        await audit({ event: 'recovery_code_failed', userId: 'u1', details: {} }, { ip: '192.0.2.1', actorId: 'a1' });
        expect(written).to.equal([{ appId: 'public', time: 42, ip: '192.0.2.1', actorId: 'a1', event: 'recovery_code_failed', userId: 'u1', details: {} }]);
    });

    it('reports a failed write as a process warning and resolves', async () => {

        const audit = createTwoFactorAudit('public', store(() => Promise.reject(new Error('disk full'))), () => 42);
        const warned = new Promise<Error>((resolve) => process.once('warning', resolve));
        await expect(audit({ event: 'recovery_code_failed', userId: 'u1', details: {} }, {})).to.not.reject();
        expect((await warned).message).to.equal('Audit event recovery_code_failed not written: disk full');
    });
});
