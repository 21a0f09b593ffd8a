/**
 * An object that forwards every property to whatever `current()` returns when the property is read: lets a
 * describe block hand out, at definition time, a value its `before` hook makes later.
 */
export const lateBound = <T extends object>(current: () => T | undefined): T => {

    return new Proxy({} as T, {
        get: (_target, property) => {

            const target = current() as Record<PropertyKey, unknown> | undefined;
            const value = target?.[property];
            return typeof value === 'function' ? value.bind(target) : value;
        }
    });
};
