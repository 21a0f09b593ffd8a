/*
 * Where the SDK's API and the auth pages live. One base path for both, as the SDK's appInfo says: the API's
 * routes (answered by the SDK plugin's catch-all route) and our pages under it (more specific paths) share it.
 */

/** The SDK's API base path (appInfo.apiBasePath). */
export const apiBasePath = '/auth';

/** The auth pages' base path (appInfo.websiteBasePath): the sign-in page itself. */
export const websiteBasePath = apiBasePath;

/** The SDK plugin's catch-all route, which answers every API call under apiBasePath. */
export const sdkApiRoute = `${apiBasePath}/{path*}`;
