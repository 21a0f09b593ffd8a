import type { Database } from 'better-sqlite3';

import type { UserListFilter, UserListStore } from '..';
import { choosePlan, driverProbeSql, drivenCap, toUserListRecord, userCountSql, userPageSql, type Plan, type UserListRow } from '../user-list-sql';


export const createUserListStore = (db: Database): UserListStore => {

    const plan = (appId: string, tenantId: string, filter: UserListFilter): Promise<Plan> => {

        return choosePlan(filter, (driver) => {

            const probe = driverProbeSql('sqlite', appId, tenantId, filter, driver, drivenCap);
            return db.prepare(probe.sql).pluck().get(probe.named) as number;
        });
    };

    return {
        listUserPage: async (appId, tenantId, query) => {

            const { sql, named } = userPageSql('sqlite', appId, tenantId, query, await plan(appId, tenantId, query));
            return (db.prepare(sql).all(named) as UserListRow[]).map(toUserListRecord);
        },

        countUserList: async (appId, tenantId, filter) => {

            const { sql, named } = userCountSql('sqlite', appId, tenantId, filter, await plan(appId, tenantId, filter));
            return db.prepare(sql).pluck().get(named) as number;
        }
    };
};
