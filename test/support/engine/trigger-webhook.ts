// Drives a webhook trigger node the way n8n's production webhook endpoint does: its webhook()
// answers the request, and workflowData (when any) starts an execution from the trigger; and
// activates / deactivates it through webhookMethods like n8n's active-workflow manager.
import { HookContext, WebhookContext } from 'n8n-core';
import type { INode, IWebhookData, IWebhookDescription, WorkflowActivateMode } from 'n8n-workflow';

import type { EngineHarness, RunResult, WorkflowJson } from './harness';
import { HarnessRequest, HarnessResponse, type HarnessResponseSnapshot } from './http';

export interface TriggerCall {
	response: HarnessResponseSnapshot;
	/** The execution the request started, when webhook() returned workflowData. */
	result?: RunResult;
}

function triggerOf(harness: EngineHarness, workflowJson: WorkflowJson, nodeName: string) {
	const workflow = harness.createWorkflow(workflowJson);
	const node = workflow.getNode(nodeName);
	if (!node) throw new Error(`No node '${nodeName}'`);
	const nodeType = harness.nodeTypes.getByNameAndVersion(node.type, node.typeVersion);
	return { workflow, node, nodeType };
}

function webhookData(
	harness: EngineHarness,
	workflowJson: WorkflowJson,
	node: INode,
	description: IWebhookDescription,
	executionId: string,
): IWebhookData {
	return {
		httpMethod: description.httpMethod as IWebhookData['httpMethod'],
		node: node.name,
		path: String(description.path),
		webhookDescription: description,
		workflowId: workflowJson.id ?? 'test-workflow',
		workflowExecuteAdditionalData: harness.additionalData(executionId, workflowJson, 'webhook'),
		webhookId: node.webhookId,
	};
}

/** The production URL of one of the trigger's webhooks (n8n: {base}/webhook/{webhookId}/{path}). */
export function triggerUrl(harness: EngineHarness, webhookId: string, path: string): string {
	return `${harness.baseUrl}/webhook/${webhookId}/${path}`;
}

export async function callTrigger(
	harness: EngineHarness,
	workflowJson: WorkflowJson,
	nodeName: string,
	request: HarnessRequest,
): Promise<TriggerCall> {
	const { workflow, node, nodeType } = triggerOf(harness, workflowJson, nodeName);
	const description = (nodeType.description.webhooks ?? []).find(
		(hook) => hook.httpMethod === request.method && request.path.endsWith(`/${String(hook.path)}`),
	);
	if (!description)
		throw new Error(`No webhook of '${nodeName}' for ${request.method} ${request.path}`);
	const executionId = `hook-${Math.random().toString(36).slice(2)}`;
	const data = webhookData(harness, workflowJson, node, description, executionId);
	const additionalData = data.workflowExecuteAdditionalData;
	const response = new HarnessResponse();
	additionalData.httpRequest = request.toExpressLike() as never;
	additionalData.httpResponse = response as never;
	const context = new WebhookContext(workflow, node, additionalData, 'webhook', data, [], null);
	if (!nodeType.webhook) throw new Error(`Node type ${node.type} has no webhook()`);
	const answer = await nodeType.webhook.call(context);
	if (!response.finished && !answer.noWebhookResponse) response.status(200).send('');
	if (!answer.workflowData) return { response: response.snapshot() };
	const result = await harness.run(workflowJson, {
		startNode: nodeName,
		input: answer.workflowData[0],
		mode: 'webhook',
	});
	return { response: response.snapshot(), result };
}

/** Activation (or deactivation): checkExists / create, or delete, for every named webhook. */
export async function setTriggerActive(
	harness: EngineHarness,
	workflowJson: WorkflowJson,
	nodeName: string,
	active: boolean,
): Promise<void> {
	const { workflow, node, nodeType } = triggerOf(harness, workflowJson, nodeName);
	const activation: WorkflowActivateMode = 'activate';
	for (const description of nodeType.description.webhooks ?? []) {
		const methods = nodeType.webhookMethods?.[description.name];
		if (!methods) continue;
		const data = webhookData(harness, workflowJson, node, description, 'activation');
		const context = new HookContext(
			workflow,
			node,
			data.workflowExecuteAdditionalData,
			'trigger',
			activation,
			data,
		);
		if (!active) {
			await methods.delete.call(context);
		} else if (!(await methods.checkExists.call(context))) {
			await methods.create.call(context);
		}
	}
}

export { HarnessRequest };
