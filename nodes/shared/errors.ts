// Per-item errors: one shape for bad input and provider refusals, secrets scrubbed, pairedItem set.
import type { IDataObject, INode, INodeExecutionData, JsonObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

/** Bad input the user must fix (never retried). */
export class InputError extends Error {
	constructor(
		message: string,
		readonly description?: string,
	) {
		super(message);
		this.name = 'InputError';
	}
}

/** The provider refused or failed; `transient` errors may be retried. */
export class ProviderError extends Error {
	constructor(
		message: string,
		readonly options: {
			transient: boolean;
			retryAfterMs?: number;
			httpCode?: string;
			code?: string | number;
			description?: string;
			cause?: unknown;
		},
	) {
		super(message);
		this.name = 'ProviderError';
	}

	get transient() {
		return this.options.transient;
	}
}

const MIN_SECRET_LENGTH = 4;

/** Replaces every occurrence of the given secrets (and their URL/base64 forms) with '***'. */
export function redactSecrets(text: string, secrets: readonly unknown[]): string {
	let result = text;
	for (const secret of secrets) {
		if (typeof secret !== 'string' || secret.length < MIN_SECRET_LENGTH) continue;
		for (const form of new Set([
			secret,
			encodeURIComponent(secret),
			Buffer.from(secret).toString('base64'),
		])) {
			result = result.split(form).join('***');
		}
	}
	return result;
}

function messageOf(error: unknown): string {
	if (error instanceof Error) return error.message;
	return typeof error === 'string' ? error : 'Unknown error';
}

/** Turns whatever went wrong for one item into n8n's error type, with secrets scrubbed. */
export function toNodeError(
	node: INode,
	error: unknown,
	itemIndex: number,
	secrets: readonly unknown[] = [],
): NodeOperationError | NodeApiError {
	if (error instanceof NodeOperationError || error instanceof NodeApiError) {
		error.message = redactSecrets(error.message, secrets);
		if (error.description) error.description = redactSecrets(error.description, secrets);
		error.context = { ...error.context, itemIndex };
		return error;
	}
	const message = redactSecrets(messageOf(error), secrets);
	if (error instanceof ProviderError) {
		const description = error.options.description
			? redactSecrets(error.options.description, secrets)
			: undefined;
		return new NodeApiError(node, { message, code: error.options.code ?? null } as JsonObject, {
			message,
			description,
			httpCode: error.options.httpCode,
			itemIndex,
		});
	}
	const description =
		error instanceof InputError && error.description
			? redactSecrets(error.description, secrets)
			: undefined;
	return new NodeOperationError(node, message, { itemIndex, description });
}

/**
 * The output item for a failed item under continueOnFail. For the error output it has n8n's
 * own shape (json holding only `error`), which n8n routes there and merges the input fields
 * into; on the regular output the input fields, the error and `extra` stay together.
 */
export function errorItem(
	item: INodeExecutionData,
	itemIndex: number,
	error: NodeOperationError | NodeApiError,
	options: { extra?: IDataObject; toErrorOutput: boolean },
): INodeExecutionData {
	const message = error.description ? `${error.message} (${error.description})` : error.message;
	if (options.toErrorOutput) {
		return { json: { error: message }, pairedItem: { item: itemIndex } };
	}
	const out: INodeExecutionData = {
		json: { ...item.json, ...(options.extra ?? {}), error: message },
		pairedItem: { item: itemIndex },
	};
	if (item.binary) out.binary = item.binary;
	return out;
}
