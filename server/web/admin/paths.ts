/** Addresses of admin pages, with ids encoded for a path segment. */

export const userPath = (userId: string): string => `/admin/users/${encodeURIComponent(userId)}`;

export const rolePath = (role: string): string => `/admin/roles/${encodeURIComponent(role)}`;
