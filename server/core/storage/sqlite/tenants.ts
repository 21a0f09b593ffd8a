import type { Database } from 'better-sqlite3';

import type { TenantStore } from '..';


export const createTenantStore = (db: Database): TenantStore => {

    const statements = {
        list: db.prepare('SELECT config FROM tenant_thirdparty_providers WHERE app_id = ? AND tenant_id = ? ORDER BY third_party_id').pluck(),
        exists: db.prepare('SELECT 1 FROM tenant_thirdparty_providers WHERE app_id = ? AND tenant_id = ? AND third_party_id = ?').pluck(),
        upsert: db.prepare(`INSERT INTO tenant_thirdparty_providers (app_id, tenant_id, third_party_id, config) VALUES (?, ?, ?, ?)
                            ON CONFLICT (app_id, tenant_id, third_party_id) DO UPDATE SET config = excluded.config`),
        delete: db.prepare('DELETE FROM tenant_thirdparty_providers WHERE app_id = ? AND tenant_id = ? AND third_party_id = ?')
    };

    const upsert = db.transaction((appId: string, tenantId: string, thirdPartyId: string, config: Record<string, unknown>) => {

        const isNew = !statements.exists.get(appId, tenantId, thirdPartyId);
        statements.upsert.run(appId, tenantId, thirdPartyId, JSON.stringify(config));
        return isNew;
    });

    return {
        listThirdPartyConfigs: async (appId, tenantId) => (statements.list.all(appId, tenantId) as string[]).map((config) => JSON.parse(config)),
        upsertThirdPartyConfig: async (appId, tenantId, thirdPartyId, config) => upsert.immediate(appId, tenantId, thirdPartyId, config),
        deleteThirdPartyConfig: async (appId, tenantId, thirdPartyId) => statements.delete.run(appId, tenantId, thirdPartyId).changes === 1
    };
};
