/** The core's notion of "now", in ms. Injected so that tests and services agree on time. */
export type Clock = () => number;

export const systemClock: Clock = () => Date.now();
