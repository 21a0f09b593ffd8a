/* The roles the app itself gives meaning to (any other role is only data an admin manages). */

/** Everything in the admin area; ADMIN_EMAILS and `npm run admin -- grant` give it. */
export const adminRole = 'admin';

/** Read-only access to the admin area. */
export const viewerRole = 'viewer';
