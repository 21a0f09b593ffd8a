import { supportedCdiVersions } from '../transport';
import type { RouteFactory } from './route';


// Checked for the API key (the SDK sends it), but not for cdi-version: this is how the version is agreed.
export const apiVersion: RouteFactory = () => ({
    method: 'GET',
    path: '/apiversion',
    options: {
        app: { skipCdiVersionCheck: true },
        handler: () => ({ versions: supportedCdiVersions })
    }
});
