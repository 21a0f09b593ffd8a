import type { Pool } from 'pg';

import type { UserListFilter, UserListStore } from '..';
import { choosePlan, driverProbeSql, drivenCap, toUserListRecord, userCountSql, userPageSql, type Plan, type UserListRow } from '../user-list-sql';


export const createUserListStore = (pool: Pool): UserListStore => {

    const plan = (appId: string, tenantId: string, filter: UserListFilter): Promise<Plan> => {

        return choosePlan(filter, async (driver) => {

            const probe = driverProbeSql('postgres', appId, tenantId, filter, driver, drivenCap);
            return Number((await pool.query<{ count: number }>(probe.sql, probe.values)).rows[0]!.count);
        });
    };

    return {
        listUserPage: async (appId, tenantId, query) => {

            const { sql, values } = userPageSql('postgres', appId, tenantId, query, await plan(appId, tenantId, query));
            return (await pool.query<UserListRow>(sql, values)).rows.map(toUserListRecord);
        },

        countUserList: async (appId, tenantId, filter) => {

            const { sql, values } = userCountSql('postgres', appId, tenantId, filter, await plan(appId, tenantId, filter));
            return Number((await pool.query<{ count: number }>(sql, values)).rows[0]!.count);
        }
    };
};
