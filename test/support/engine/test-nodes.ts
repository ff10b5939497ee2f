// Tiny nodes that prove the engine harness itself: items, errors, binary data and waiting.
import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';
import { NodeConnectionTypes, NodeOperationError, WAIT_INDEFINITELY } from 'n8n-workflow';

import { waitingNodeUrl } from '../../../nodes/shared/schedule/resume-url';

/** The description of a one-input, one-output test node named `name`, with `extra` on top. */
export function testNodeDescription(
	name: string,
	extra: Partial<INodeTypeDescription> = {},
): INodeTypeDescription {
	return {
		displayName: name,
		name,
		group: ['transform'],
		version: 1,
		description: 'Harness test node',
		defaults: { name },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		properties: [],
		...extra,
	};
}

/** Emits the items given in its `items` parameter (a JSON array). */
export class TestItems implements INodeType {
	description = testNodeDescription('testItems', {
		properties: [{ displayName: 'Items', name: 'items', type: 'json', default: '[]' }],
	});

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const raw = this.getNodeParameter('items', 0) as string | object[];
		const items = (typeof raw === 'string' ? JSON.parse(raw) : raw) as object[];
		return [items.map((json, index) => ({ json: json as never, pairedItem: { item: index } }))];
	}
}

/** Fails the items whose `fail` is true; honours continueOnFail and the error output. */
export class TestFailing implements INodeType {
	description = testNodeDescription('testFailing', {
		properties: [
			{ displayName: 'Label', name: 'label', type: 'string', default: '={{ $json.name }}' },
		],
	});

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const out: INodeExecutionData[] = [];
		for (const [index, item] of this.getInputData().entries()) {
			const label = this.getNodeParameter('label', index) as string;
			if (item.json.fail === true) {
				const error = new NodeOperationError(this.getNode(), `Item '${label}' asked to fail`, {
					itemIndex: index,
				});
				if (!this.continueOnFail()) throw error;
				out.push({ json: { error: error.message }, pairedItem: { item: index } });
				continue;
			}
			out.push({ json: { ...item.json, label }, pairedItem: { item: index } });
		}
		return [out];
	}
}

/** Writes a text file into binary property `data`, or reads it back into json.text. */
export class TestBinary implements INodeType {
	description = testNodeDescription('testBinary', {
		properties: [
			{ displayName: 'Mode', name: 'mode', type: 'string', default: 'write' },
			{ displayName: 'Text', name: 'text', type: 'string', default: '' },
		],
	});

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const out: INodeExecutionData[] = [];
		for (const [index, item] of this.getInputData().entries()) {
			if (this.getNodeParameter('mode', index) === 'write') {
				const text = this.getNodeParameter('text', index) as string;
				const binary = await this.helpers.prepareBinaryData(
					Buffer.from(text),
					'note.txt',
					'text/plain',
				);
				out.push({ json: item.json, binary: { data: binary }, pairedItem: { item: index } });
			} else {
				const buffer = await this.helpers.getBinaryDataBuffer(index, 'data');
				out.push({
					json: { ...item.json, text: buffer.toString('utf8') },
					pairedItem: { item: index },
				});
			}
		}
		return [out];
	}
}

/** Waits until its resume URL receives a POST; a GET only shows a page. */
export class TestWait implements INodeType {
	description = testNodeDescription('testWait', {
		webhooks: [
			{
				name: 'default',
				httpMethod: 'GET',
				responseMode: 'onReceived',
				path: '={{ $nodeId }}',
				restartWebhook: true,
				isFullPath: true,
			},
			{
				name: 'default',
				httpMethod: 'POST',
				responseMode: 'onReceived',
				path: '={{ $nodeId }}',
				restartWebhook: true,
				isFullPath: true,
			},
		],
	});

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const resumeUrl = waitingNodeUrl(this);
		await this.putExecutionToWait(WAIT_INDEFINITELY);
		return [
			this.getInputData().map((item, index) => ({
				json: { ...item.json, resumeUrl },
				pairedItem: { item: index },
			})),
		];
	}

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		const request = this.getRequestObject();
		const response = this.getResponseObject();
		if (request.method === 'GET') {
			response.status(200).setHeader('content-type', 'text/html');
			response.send('<p>Waiting</p>');
			return { noWebhookResponse: true };
		}
		const body = this.getBodyData();
		return { workflowData: [[{ json: { resumedWith: body } }]] };
	}
}
