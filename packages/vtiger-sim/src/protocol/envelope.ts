import { encodeVtigerJson } from './json-encoder';
import { type WsError } from './errors';

/** `{"success":true,"result":...}`; a `null`/`undefined` result is dropped like Zend drops unset properties. */
export function successEnvelope(result: unknown): string {
  return encodeVtigerJson({ success: true, result: result ?? undefined });
}

/** `{"success":false,"error":{"message":...,"code":...}}`, message before code (observed everywhere). */
export function errorEnvelope(error: WsError): string {
  return encodeVtigerJson({ success: false, error: { message: error.message, code: error.code } });
}
