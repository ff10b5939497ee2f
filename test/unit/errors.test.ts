import { NodeApiError, NodeOperationError, type INode } from 'n8n-workflow';

import {
	InputError,
	ProviderError,
	errorItem,
	redactSecrets,
	toNodeError,
} from '../../nodes/shared/errors';
import {
	buildCommunicationResult,
	carriesFailure,
	withResult,
} from '../../nodes/shared/pipeline/result';

const node: INode = {
	id: '1',
	name: 'Email',
	type: 'x.email',
	typeVersion: 1,
	position: [0, 0],
	parameters: {},
};

describe('redactSecrets', () => {
	it.each([
		['plain', 'login failed for s3cr3t-pass', 'login failed for ***'],
		['URL-encoded', 'GET /bot12%3Aabc%2Fdef failed', 'GET /bot*** failed'],
		[
			'base64 (basic auth header)',
			`Authorization: Basic ${Buffer.from('12:abc/def').toString('base64')}`,
			'Authorization: Basic ***',
		],
	])('removes a secret in its %s form', (_form, text, expected) => {
		const secret = _form === 'plain' ? 's3cr3t-pass' : '12:abc/def';
		expect(redactSecrets(text, [secret])).toBe(expected);
	});

	it('ignores empty and very short values (they would blank out ordinary text)', () => {
		expect(redactSecrets('a b c', ['', 'a', undefined, null, 42])).toBe('a b c');
	});
});

describe('toNodeError', () => {
	it('turns bad input into a NodeOperationError with the item index, without the secret', () => {
		const error = toNodeError(
			node,
			new InputError('Password hunter2-pw rejected', 'Check hunter2-pw'),
			3,
			['hunter2-pw'],
		);
		expect(error).toBeInstanceOf(NodeOperationError);
		expect(error.message).toBe('Password *** rejected');
		expect(error.description).toBe('Check ***');
		expect(error.context.itemIndex).toBe(3);
	});

	it('turns a provider refusal into a NodeApiError with its HTTP code', () => {
		const error = toNodeError(
			node,
			new ProviderError('Twilio said no to token-1234', {
				transient: false,
				httpCode: '400',
				code: 21211,
			}),
			0,
			['token-1234'],
		);
		expect(error).toBeInstanceOf(NodeApiError);
		expect(error.message).toBe('Twilio said no to ***');
		expect((error as NodeApiError).httpCode).toBe('400');
	});

	it('scrubs errors that are already n8n errors', () => {
		const original = new NodeOperationError(node, 'bad key sk_live_9999');
		expect(toNodeError(node, original, 1, ['sk_live_9999']).message).toBe('bad key ***');
	});
});

describe('result and error items', () => {
	it('keeps input fields and binary, adds the result and pairedItem', () => {
		const result = buildCommunicationResult({ channel: 'sms', status: 'sent' });
		const out = withResult(
			{ json: { id: 'p1' }, binary: { data: { data: '', mimeType: 'text/plain' } } },
			2,
			'communication',
			result,
		);
		expect(out).toMatchObject({
			json: { id: 'p1', communication: { status: 'sent', success: true } },
			pairedItem: { item: 2 },
		});
		expect(out.binary?.data).toBeDefined();
		expect(buildCommunicationResult({ channel: 'sms', status: 'skipped' }).success).toBe(false);
	});

	it('builds n8n-shaped items for the error output and full items for the regular output', () => {
		const error = toNodeError(node, new InputError('To is empty'), 4);
		expect(errorItem({ json: { id: 'p' } }, 4, error, { toErrorOutput: true })).toEqual({
			json: { error: 'To is empty' },
			pairedItem: { item: 4 },
		});
		expect(
			errorItem({ json: { id: 'p' } }, 4, error, {
				toErrorOutput: false,
				extra: { communication: { status: 'failed' } },
			}),
		).toEqual({
			json: { id: 'p', communication: { status: 'failed' }, error: 'To is empty' },
			pairedItem: { item: 4 },
		});
	});

	it('recognises items that carry an earlier failure', () => {
		expect(carriesFailure({ json: { error: 'x' } }, 'communication')).toBe(true);
		expect(carriesFailure({ json: { communication: { success: false } } }, 'communication')).toBe(
			true,
		);
		expect(carriesFailure({ json: { communication: { success: true } } }, 'communication')).toBe(
			false,
		);
		expect(carriesFailure({ json: { result: { success: false } } }, 'result')).toBe(true);
	});
});
