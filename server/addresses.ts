/*
 * IP address helpers with no framework in them, shared by config.ts (checking TRUSTED_PROXIES) and the web app
 * (web/client-address.ts): parsing a list of addresses and CIDR ranges, the client address behind trusted
 * proxies, and the key a rate limit counts an address under.
 */

import * as Net from 'net';


/** An IPv4-mapped IPv6 address (::ffff:1.2.3.4) as the IPv4 address it is; anything else unchanged. */
export const normaliseAddress = (address: string): string => address.replace(/^::ffff:(\d+\.\d+\.\d+\.\d+)$/i, '$1');


/** A set of addresses and ranges, e.g. from TRUSTED_PROXIES. */
export class AddressRanges {

    readonly #list = new Net.BlockList();
    readonly size: number;

    /** `entries`: IPv4 or IPv6 addresses and CIDR ranges. Throws an Error naming the first bad entry. */
    constructor(entries: readonly string[]) {

        for (const entry of entries) {
            const [address = '', prefix, extra] = entry.split('/');
            const normal = normaliseAddress(address);
            const family = Net.isIP(normal);
            const bits = family === 4 ? 32 : 128;
            if (family === 0 || extra !== undefined || (prefix !== undefined && !/^\d{1,3}$/.test(prefix)) || Number(prefix ?? bits) > bits) {
                throw new Error(`"${entry}" is not an IPv4 or IPv6 address or CIDR range`);
            }

            this.#list.addSubnet(normal, Number(prefix ?? bits), family === 4 ? 'ipv4' : 'ipv6');
        }

        this.size = entries.length;
    }

    /** True when `address` (any form, IPv4-mapped included) is in one of the ranges. */
    has(address: string): boolean {

        const normal = normaliseAddress(address);
        const family = Net.isIP(normal);
        return family !== 0 && this.#list.check(normal, family === 4 ? 'ipv4' : 'ipv6');
    }
}


/** TRUSTED_PROXIES as a list: comma-separated, blanks ignored. */
export const splitAddressList = (text: string): string[] => text.split(',').map((entry) => entry.trim()).filter(Boolean);


/*
 * The client's address. The TCP peer is the client unless it is a trusted proxy; then X-Forwarded-For is read from
 * the right (each proxy appends the address it got the request from), skipping trusted proxies: the rightmost hop
 * that is not one is the client, since anything to its left was sent by that client and can be made up. A header
 * with a hop that is not an address is not used at all. When every hop is a trusted proxy, the leftmost is the client.
 */
export const clientAddress = (peer: string, forwardedFor: string | undefined, trusted: AddressRanges): string => {

    const address = normaliseAddress(peer);
    if (trusted.size === 0 || forwardedFor === undefined || !trusted.has(address)) {
        return address;
    }

    const hops = forwardedFor.split(',').map((hop) => normaliseAddress(hop.trim()));
    if (hops.some((hop) => Net.isIP(hop) === 0)) {
        return address;
    }

    for (let i = hops.length - 1; i >= 0; --i) {
        if (!trusted.has(hops[i]!)) {
            return hops[i]!;
        }
    }

    return hops[0]!;
};


/** The eight 16-bit groups of an IPv6 address, as numbers. */
const ipv6Groups = (address: string): number[] => {

    let text = address.replace(/%.*$/, '');                             // a zone id (fe80::1%eth0)
    const dotted = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);               // an IPv4 tail (::1.2.3.4)
    if (dotted) {
        const [a, b, c, d] = dotted.slice(1).map(Number) as [number, number, number, number];
        text = `${text.slice(0, dotted.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
    }

    const [head = '', tail] = text.split('::');
    const left = head ? head.split(':') : [];
    const right = tail ? tail.split(':') : [];
    const zeros = tail === undefined ? [] : new Array<string>(8 - left.length - right.length).fill('0');
    return [...left, ...zeros, ...right].map((group) => parseInt(group, 16));
};


/**
 * What a per-IP rate limit counts `address` under: an IPv4 address as it is (IPv4-mapped IPv6 included), an IPv6
 * address by its /64, the smallest block one subscriber is usually given (so one client cannot rotate through the
 * addresses of its own network to get more tries).
 */
export const rateLimitKey = (address: string): string => {

    const normal = normaliseAddress(address);
    if (Net.isIP(normal) !== 6) {
        return normal;
    }

    return `${ipv6Groups(normal).slice(0, 4).map((group) => group.toString(16)).join(':')}::/64`;
};
