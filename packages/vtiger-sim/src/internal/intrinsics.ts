/**
 * Built-ins captured once at load. Inside jest's vm sandbox (where other packages' tests run the simulator
 * in-process) every lookup of a global such as `Math`, `JSON` or `String` goes through the context's
 * interceptors and costs about a hundred times a local read; seeding, scanning and encoding make millions of
 * them, so hot code uses these bindings instead.
 */
export const { floor, ceil, min, max, trunc, imul } = Math;
export const str = String;
export const num = Number;
export const isFiniteNumber = Number.isFinite;
export const isInteger = Number.isInteger;
export const stringify = JSON.stringify;
export const objectKeys = Object.keys;
export const isArray = Array.isArray;
export const dateUtc = Date.UTC;
export const DateCtor = Date;
