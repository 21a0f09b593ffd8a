import type { CoreExtensions } from '../core-extensions';


/**
 * The mail queue's depth for metrics: messages waiting to be sent (including those being retried) and messages
 * given up. Undefined against a core without the queue.
 */
export const mailQueueDepth = async (extensions: Pick<CoreExtensions, 'available' | 'mailStats'>): Promise<{ pending: number; failed: number } | undefined> => {

    if (!await extensions.available()) {
        return undefined;
    }

    const { pending, failed } = await extensions.mailStats(0);
    return { pending, failed };
};

/** Messages waiting to be sent, 0 against a core without the queue. */
export const pendingMailCount = async (extensions: Pick<CoreExtensions, 'available' | 'mailStats'>): Promise<number> => (await mailQueueDepth(extensions))?.pending ?? 0;
