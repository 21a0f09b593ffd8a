import { body, optionalBoolean, optionalQuery, requiredInteger, requiredString, type JsonObject } from '../../transport/input';
import type { RouteFactory } from '../route';


// Staffgate extension: the mail queue (services/mail-queue.ts). Bodies travel in request and response bodies only.

const optionalInteger = (input: JsonObject, name: string): number | undefined => {

    return input[name] === undefined || input[name] === null ? undefined : requiredInteger(input, name);
};

export const enqueueMail: RouteFactory = ({ mailQueue }) => ({
    method: 'POST',
    path: '/staffgate/mail',
    handler: (request) => {

        const input = body(request);
        return mailQueue.enqueue({
            to: requiredString(input, 'to'),
            subject: requiredString(input, 'subject'),
            text: requiredString(input, 'text'),
            leaseMs: optionalInteger(input, 'leaseMs'),
            discard: optionalBoolean(input, 'discard')
        });
    }
});

export const claimMail: RouteFactory = ({ mailQueue }) => ({
    method: 'POST',
    path: '/staffgate/mail/claim',
    handler: (request) => {

        const input = body(request);
        return mailQueue.claim(requiredInteger(input, 'limit'), requiredInteger(input, 'leaseMs'));
    }
});

export const markMailSent: RouteFactory = ({ mailQueue }) => ({
    method: 'POST',
    path: '/staffgate/mail/sent',
    handler: (request) => mailQueue.markSent(requiredString(body(request), 'id'))
});

export const markMailFailed: RouteFactory = ({ mailQueue }) => ({
    method: 'POST',
    path: '/staffgate/mail/failed',
    handler: (request) => {

        const input = body(request);
        return mailQueue.markFailed(requiredString(input, 'id'), requiredString(input, 'leaseToken'), requiredString(input, 'error'));
    }
});

export const mailStats: RouteFactory = ({ mailQueue }) => ({
    method: 'GET',
    path: '/staffgate/mail/stats',
    handler: (request) => {

        const limit = optionalQuery(request, 'limit');
        return mailQueue.stats(limit === undefined ? 5 : /^\d{1,3}$/.test(limit) ? Number(limit) : -1);
    }
});
