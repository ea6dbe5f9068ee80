import { inputFailure } from '../failures';

/** Checks that `input` is an object; names the activity in the error. */
export function requireObject(activity: string, input: unknown): Record<string, unknown> {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw inputFailure(`${activity}: input must be an object, got ${input === null ? 'null' : typeof input}`);
  }
  return input as Record<string, unknown>;
}

/** A required non-empty string field. */
export function requireString(activity: string, input: Record<string, unknown>, field: string): string {
  const value = input[field];
  if (typeof value !== 'string' || value.trim() === '') {
    throw inputFailure(`${activity}: \`${field}\` must be a non-empty string, got ${describe(value)}`);
  }
  return value;
}

/** A required plain object field (a record element). */
export function requireRecord(
  activity: string,
  input: Record<string, unknown>,
  field: string,
): Record<string, unknown> {
  const value = input[field];
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw inputFailure(`${activity}: \`${field}\` must be an object of field values, got ${describe(value)}`);
  }
  return value as Record<string, unknown>;
}

/** An optional positive integer field with a default and an upper bound. */
export function optionalInt(
  activity: string,
  input: Record<string, unknown>,
  field: string,
  fallback: number,
  max: number,
): number {
  const value = input[field];
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > max) {
    throw inputFailure(`${activity}: \`${field}\` must be an integer from 1 to ${max}, got ${describe(value)}`);
  }
  return value;
}

function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  return Array.isArray(value) ? 'an array' : typeof value === 'object' && value ? 'an object' : String(value);
}
