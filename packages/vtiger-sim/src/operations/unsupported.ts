import { PhpFatal } from '../protocol/errors';
import { type OperationContext } from './context';

/**
 * Operations whose registered parameter names differ from the PHP handler's argument names: on PHP 8's
 * named-argument dispatch they die with HTTP 500 (reference §3, §10). The simulator answers 500 in both
 * profiles (their compat behaviour was not observed).
 */
export function phpNamedArgumentFailure(ctx: OperationContext): never {
  throw new PhpFatal(`Unknown named parameter in ${Object.keys(ctx.params).join(',')}`);
}
