/*
 * Multitenancy as far as Staffgate goes: only the public tenant exists, but it holds the third-party provider
 * configs the SDK stores in the core (the SDK merges them with the ones the app configures itself).
 * firstFactors is left out of the tenant, so the SDK enables every recipe it initialised.
 */

import type { TenantStore } from '../storage';


export class Tenants {

    readonly #appId: string;
    readonly #tenantId: string;
    readonly #store: TenantStore;

    constructor(appId: string, tenantId: string, store: TenantStore) {

        this.#appId = appId;
        this.#tenantId = tenantId;
        this.#store = store;
    }

    async get() {

        return { status: 'OK', ...await this.#config() };
    }

    async list() {

        return { status: 'OK', tenants: [await this.#config()] };
    }

    /** Creates or replaces the provider config named by `config.thirdPartyId`. */
    async putThirdPartyConfig(thirdPartyId: string, config: Record<string, unknown>) {

        const createdNew = await this.#store.upsertThirdPartyConfig(this.#appId, this.#tenantId, thirdPartyId, config);
        return { status: 'OK', createdNew };
    }

    async removeThirdPartyConfig(thirdPartyId: string) {

        return { status: 'OK', didConfigExist: await this.#store.deleteThirdPartyConfig(this.#appId, this.#tenantId, thirdPartyId) };
    }

    async #config() {

        return {
            tenantId: this.#tenantId,
            thirdParty: { providers: await this.#store.listThirdPartyConfigs(this.#appId, this.#tenantId) },
            coreConfig: {}
        };
    }
}
