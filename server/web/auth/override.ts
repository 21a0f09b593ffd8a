/*
 * Composing SDK overrides. The `original` an override function gets is a proxy whose methods find the next layer
 * through `this`, so `{ ...original, fn }` works for one wrapper but breaks when a second wrapper calls a method
 * the first only copied (the copy's `this` no longer reaches the proxy). The SDK's builder also takes only the
 * returned object's own keys as the layer.
 *
 * `extend` therefore returns an object whose prototype is the proxy (untouched methods stay the proxy's, called
 * with a `this` that reaches it) and whose own keys are every function replaced so far, by this wrapper and the
 * ones it wraps. An own key set to undefined disables that API, as with a spread.
 */

const layers = new WeakSet<object>();

export const extend = <T extends object>(original: T, overrides: Partial<T>): T => {

    const proxy = layers.has(original) ? Object.getPrototypeOf(original) as T : original;
    const layer = Object.assign(Object.create(proxy) as T, layers.has(original) ? { ...original } : {}, overrides);
    layers.add(layer);
    return layer;
};
