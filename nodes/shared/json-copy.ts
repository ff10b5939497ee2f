// One JSON copy for what goes into the ledger: plain data, no undefined, no prototypes.
import type { JsonObject } from './ledger/types';

export function toJsonObject(value: object): JsonObject {
	return JSON.parse(JSON.stringify(value)) as JsonObject;
}
