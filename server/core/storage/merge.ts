/** The CDI's metadata merge: each top-level key of `update` replaces the old value; a null value deletes the key. */
export const mergeShallow = (current: Record<string, unknown>, update: Record<string, unknown>): Record<string, unknown> => {

    const merged = { ...current };
    for (const [key, value] of Object.entries(update)) {
        if (value === null) {
            delete merged[key];
        }
        else {
            merged[key] = value;
        }
    }

    return merged;
};
