import type { Pool } from 'pg';

import type { TenantStore } from '..';


export const createTenantStore = (pool: Pool): TenantStore => {

    return {
        listThirdPartyConfigs: async (appId, tenantId) => {

            const { rows } = await pool.query<{ config: string }>('SELECT config FROM tenant_thirdparty_providers WHERE app_id = $1 AND tenant_id = $2 ORDER BY third_party_id', [appId, tenantId]);
            return rows.map((row) => JSON.parse(row.config));
        },

        // Insert, else replace: the first statement changes the row only when it is new, so of racing callers one
        // says new. (Should the row be deleted between the two, the second puts it back, still answering false.)
        upsertThirdPartyConfig: async (appId, tenantId, thirdPartyId, config) => {

            const values = [appId, tenantId, thirdPartyId, JSON.stringify(config)];
            const inserted = await pool.query('INSERT INTO tenant_thirdparty_providers (app_id, tenant_id, third_party_id, config) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING', values);
            if (inserted.rowCount === 1) {
                return true;
            }

            await pool.query(`INSERT INTO tenant_thirdparty_providers (app_id, tenant_id, third_party_id, config) VALUES ($1, $2, $3, $4)
                              ON CONFLICT (app_id, tenant_id, third_party_id) DO UPDATE SET config = excluded.config`, values);
            return false;
        },

        deleteThirdPartyConfig: async (appId, tenantId, thirdPartyId) => {

            const deleted = await pool.query('DELETE FROM tenant_thirdparty_providers WHERE app_id = $1 AND tenant_id = $2 AND third_party_id = $3', [appId, tenantId, thirdPartyId]);
            return deleted.rowCount === 1;
        }
    };
};
