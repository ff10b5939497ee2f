// Runs workflow JSON through n8n-core's real WorkflowExecute, stores executions as n8n does
// (serialised), and resumes waiting ones through the node's webhook() like n8n's
// waiting-webhook endpoint: the node is disabled, its webhook output becomes its output.
import { timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

import {
	CredentialTestContext,
	ExecutionLifecycleHooks,
	WebhookContext,
	WorkflowExecute,
} from 'n8n-core';
import type {
	ExecutionStatus,
	ICredentialDataDecryptedObject,
	ICredentialType,
	ICredentialsDecrypted,
	IExecuteWorkflowInfo,
	INode,
	INodeCredentialTestResult,
	INodeExecutionData,
	INodeType,
	IRun,
	IRunExecutionData,
	IVersionedNodeType,
	IWebhookData,
	IWebhookDescription,
	IWorkflowBase,
	ExecuteWorkflowOptions,
	IWorkflowExecuteAdditionalData,
	WorkflowExecuteMode,
} from 'n8n-workflow';
import {
	SubworkflowOperationError,
	UnexpectedError,
	Workflow,
	createRunExecutionData,
} from 'n8n-workflow';

import { TestCredentialsHelper } from './credentials';
import { HarnessRequest, HarnessResponse, type HarnessResponseSnapshot } from './http';
import { TestNodeTypes } from './node-types';

export type WorkflowJson = Pick<IWorkflowBase, 'nodes' | 'connections'> &
	Partial<Pick<IWorkflowBase, 'id' | 'name' | 'settings' | 'staticData'>>;

interface StoredExecution {
	id: string;
	mode: WorkflowExecuteMode;
	workflow: string;
	data: string;
	status: ExecutionStatus;
}

export interface HarnessOptions {
	/** Node classes by package prefix, e.g. { 'n8n-nodes-communication-actions': [new Email()] } */
	nodes: Record<string, Array<INodeType | IVersionedNodeType>>;
	credentialTypes?: ICredentialType[];
	credentials?: Record<string, ICredentialDataDecryptedObject>;
	/** Executions saved by an earlier harness: models an n8n restart. */
	executions?: StoredExecution[];
	/** Base URL the resume links point at (a real server from startWaitingServer()). */
	baseUrl?: string;
	timezone?: string;
}

export class ResumeRefused extends Error {}

function tokenMatches(given: unknown, token: string): boolean {
	return (
		typeof given === 'string' &&
		given.length === token.length &&
		timingSafeEqual(Buffer.from(given), Buffer.from(token))
	);
}

export class RunResult {
	constructor(
		readonly executionId: string,
		readonly run: IRun,
	) {}

	get status(): ExecutionStatus {
		return this.run.status;
	}

	get waitTill(): Date | undefined {
		return this.run.waitTill ?? undefined;
	}

	get error() {
		return this.run.data.resultData.error;
	}

	/** Items a node put on one of its outputs in its last run. */
	output(nodeName: string, outputIndex = 0): INodeExecutionData[] {
		const runs = this.run.data.resultData.runData[nodeName];
		if (!runs?.length) throw new Error(`Node '${nodeName}' did not run`);
		const last = runs[runs.length - 1];
		if (last.error) throw last.error;
		return last.data?.main?.[outputIndex] ?? [];
	}

	nodeError(nodeName: string) {
		const runs = this.run.data.resultData.runData[nodeName];
		return runs?.[runs.length - 1]?.error;
	}

	ranNodes(): string[] {
		return Object.keys(this.run.data.resultData.runData);
	}
}

// Execution IDs are unique in the process, as n8n's are in its database: the ledger keys on them.
let nextExecutionId = 1 + Math.floor(Math.random() * 1_000_000) * 1000;

/** The node nothing connects into: where a test run starts when no start node is named. */
function firstNodeWithoutParents(workflowJson: WorkflowJson): string {
	const destinations = new Set<string>();
	for (const outputs of Object.values(workflowJson.connections)) {
		for (const connections of Object.values(outputs)) {
			for (const list of connections ?? []) for (const c of list ?? []) destinations.add(c.node);
		}
	}
	const start = workflowJson.nodes.find((n) => !destinations.has(n.name));
	if (!start) throw new Error('The workflow has no node without parents to start from');
	return start.name;
}

/** n8n 2.41's sub-workflow start: its Execute Workflow Trigger, else a manual trigger, else an error. */
const SUBWORKFLOW_START_FALLBACKS = [
	'@n8n/n8n-nodes-langchain.manualChatTrigger',
	'n8n-nodes-base.manualTrigger',
];

function findSubworkflowStart(nodes: INode[]): INode {
	const start =
		nodes.find((n) => n.type === 'n8n-nodes-base.executeWorkflowTrigger') ??
		nodes.find((n) => SUBWORKFLOW_START_FALLBACKS.includes(n.type));
	if (start) return start;
	throw new SubworkflowOperationError(
		'Missing node to start execution',
		"Please make sure the workflow you're calling contains an Execute Workflow Trigger node",
	);
}

export class EngineHarness {
	readonly nodeTypes = new TestNodeTypes();

	readonly credentialsHelper: TestCredentialsHelper;

	private readonly executions = new Map<string, StoredExecution>();

	private readonly workflows = new Map<string, WorkflowJson>();

	/** Sub-workflows started with doNotWaitToFinish that may still be running. */
	private readonly background = new Set<Promise<unknown>>();

	private server?: Server;

	baseUrl: string;

	/** Requests the real waiting-webhook endpoint received (startWaitingServer). */
	resumeRequests = 0;

	constructor(private readonly options: HarnessOptions) {
		for (const [prefix, nodes] of Object.entries(options.nodes))
			this.nodeTypes.register(prefix, ...nodes);
		const credentialTypes = new Map((options.credentialTypes ?? []).map((t) => [t.name, t]));
		this.credentialsHelper = new TestCredentialsHelper(options.credentials ?? {}, credentialTypes);
		for (const stored of options.executions ?? []) {
			this.executions.set(stored.id, stored);
			nextExecutionId = Math.max(nextExecutionId, Number(stored.id) + 1);
		}
		this.baseUrl = options.baseUrl ?? 'http://127.0.0.1:5678';
	}

	setCredentials(credentials: Record<string, ICredentialDataDecryptedObject>) {
		this.credentialsHelper.setCredentials(credentials);
	}

	/** Registers a workflow that executeWorkflow (sub-workflow calls) can find by id. */
	addWorkflow(id: string, workflow: WorkflowJson) {
		this.workflows.set(id, { ...workflow, id });
	}

	/** Everything stored so far, as a database would hold it. */
	exportExecutions(): StoredExecution[] {
		return [...this.executions.values()].map((e) => ({ ...e }));
	}

	storedExecution(id: string): StoredExecution | undefined {
		return this.executions.get(id);
	}

	async run(
		workflowJson: WorkflowJson,
		options: {
			input?: INodeExecutionData[];
			startNode?: string;
			mode?: WorkflowExecuteMode;
			executionId?: string;
			/** Gets the running execution's cancel, as n8n's "stop execution" calls it. */
			onStart?: (cancel: () => void) => void;
		} = {},
	): Promise<RunResult> {
		const executionId = options.executionId ?? String(nextExecutionId++);
		const mode = options.mode ?? 'manual';
		const workflow = this.createWorkflow(workflowJson);
		const startNode = workflow.getNode(options.startNode ?? firstNodeWithoutParents(workflowJson));
		if (!startNode) throw new Error('The workflow has no start node');
		const runExecutionData = createRunExecutionData({
			executionData: {
				nodeExecutionStack: [
					{ node: startNode, data: { main: [options.input ?? [{ json: {} }]] }, source: null },
				],
			},
		});
		return await this.execute(
			executionId,
			mode,
			workflowJson,
			workflow,
			runExecutionData,
			options.onStart,
		);
	}

	/**
	 * Calls a waiting execution's resume URL the way n8n's /webhook-waiting endpoint does.
	 * Returns what the node answered and the execution state afterwards.
	 */
	async resume(
		executionId: string,
		request: HarnessRequest,
	): Promise<{ response: HarnessResponseSnapshot; result: RunResult }> {
		const stored = this.executions.get(executionId);
		if (!stored) throw new Error(`The execution "${executionId}" does not exist.`);
		if (stored.status !== 'waiting') {
			throw new Error(`The execution "${executionId}" is not waiting (status ${stored.status}).`);
		}
		const workflowJson = JSON.parse(stored.workflow) as WorkflowJson;
		const runExecutionData = JSON.parse(stored.data) as IRunExecutionData;
		// n8n 2.x refuses a waiting-webhook request without the execution's resume token.
		const token = runExecutionData.resumeToken;
		if (token && !tokenMatches(request.query.signature, token)) {
			throw new ResumeRefused('Invalid token');
		}
		const workflow = this.createWorkflow(workflowJson);
		const lastNodeName = runExecutionData.resultData.lastNodeExecuted;
		const node = lastNodeName ? workflow.getNode(lastNodeName) : null;
		if (!node) throw new Error('Could not find node to process webhook.');

		const additionalData = this.additionalData(executionId, workflowJson, stored.mode);
		const webhookData = this.findRestartWebhook(
			workflow,
			node,
			additionalData,
			request,
			executionId,
		);
		const response = new HarnessResponse();
		additionalData.httpRequest = request.toExpressLike() as never;
		additionalData.httpResponse = response as never;

		const context = new WebhookContext(
			workflow,
			node,
			additionalData,
			stored.mode,
			webhookData,
			[],
			runExecutionData,
		);
		const nodeType = this.nodeTypes.getByNameAndVersion(node.type, node.typeVersion);
		if (!nodeType.webhook) throw new Error(`Node type ${node.type} has no webhook()`);
		const webhookResult = await nodeType.webhook.call(context);
		if (webhookResult.webhookResponse !== undefined && !response.finished) {
			response.status(200).send(webhookResult.webhookResponse);
		}
		if (!webhookResult.workflowData) {
			if (!response.finished && !webhookResult.noWebhookResponse) response.status(200).send('');
			// Nothing to continue with: the execution stays waiting exactly as stored.
			return { response: response.snapshot(), result: this.resultFor(executionId) };
		}
		const stackEntry = runExecutionData.executionData!.nodeExecutionStack[0];
		stackEntry.data.main = webhookResult.workflowData;
		stackEntry.metadata = { ...stackEntry.metadata, forwardAllOutputs: true };
		if (!response.finished) response.status(200).send('Workflow was started');
		const result = await this.execute(
			executionId,
			stored.mode,
			workflowJson,
			workflow,
			runExecutionData,
		);
		return { response: response.snapshot(), result };
	}

	/** Waits for sub-workflows started without waiting (doNotWaitToFinish), including nested ones. */
	async settled(): Promise<void> {
		while (this.background.size > 0) await Promise.allSettled([...this.background]);
	}

	/** Runs a node type's function-based credential test, as the editor's "Test" button does. */
	async testCredential(
		nodeType: INodeType,
		testName: string,
		credential: ICredentialsDecrypted,
	): Promise<INodeCredentialTestResult> {
		const test = nodeType.methods?.credentialTest?.[testName];
		if (!test) throw new Error(`No credential test '${testName}' on ${nodeType.description.name}`);
		return await test.call(new CredentialTestContext(), credential);
	}

	/** A real HTTP endpoint for resume URLs: POST/GET {base}/webhook-waiting/:executionId/:nodeId */
	async startWaitingServer(): Promise<string> {
		this.server = createServer((req, res) => void this.handleHttp(req, res));
		await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
		const { port } = this.server.address() as AddressInfo;
		this.baseUrl = `http://127.0.0.1:${port}`;
		return this.baseUrl;
	}

	async close(): Promise<void> {
		if (!this.server) return;
		this.server.closeAllConnections();
		await new Promise<void>((resolve) => this.server!.close(() => resolve()));
		this.server = undefined;
	}

	resultFor(executionId: string): RunResult {
		const stored = this.executions.get(executionId);
		if (!stored) throw new Error(`The execution "${executionId}" does not exist.`);
		const data = JSON.parse(stored.data) as IRunExecutionData;
		return new RunResult(executionId, {
			data,
			mode: stored.mode,
			status: stored.status,
			startedAt: new Date(),
			storedAt: 'db',
			waitTill: data.waitTill,
		} as IRun);
	}

	private async handleHttp(req: IncomingMessage, res: ServerResponse) {
		const chunks: Buffer[] = [];
		for await (const chunk of req) chunks.push(chunk as Buffer);
		const url = new URL(req.url ?? '/', this.baseUrl);
		this.resumeRequests++;
		const match = /^\/webhook-waiting\/([^/]+)\/([^/]+)$/.exec(url.pathname);
		if (!match) {
			res.writeHead(404).end('Not found');
			return;
		}
		try {
			const request = HarnessRequest.fromRaw(
				req,
				url,
				Buffer.concat(chunks),
				decodeURIComponent(match[2]),
			);
			const { response } = await this.resume(match[1], request);
			res.writeHead(response.statusCode, response.headers).end(response.body);
		} catch (error) {
			const status = error instanceof ResumeRefused ? 401 : 409;
			res.writeHead(status, { 'content-type': 'text/plain' }).end((error as Error).message);
		}
	}

	/** The n8n Workflow of a JSON workflow (also for trigger-webhook.ts). */
	createWorkflow(workflowJson: WorkflowJson): Workflow {
		return new Workflow({
			id: workflowJson.id ?? 'test-workflow',
			name: workflowJson.name ?? 'Test workflow',
			nodes: workflowJson.nodes,
			connections: workflowJson.connections,
			active: false,
			nodeTypes: this.nodeTypes,
			staticData: workflowJson.staticData,
			settings: { timezone: this.options.timezone ?? 'UTC', ...(workflowJson.settings ?? {}) },
		});
	}

	private findRestartWebhook(
		workflow: Workflow,
		node: INode,
		additionalData: IWorkflowExecuteAdditionalData,
		request: HarnessRequest,
		executionId: string,
	): IWebhookData {
		const nodeType = this.nodeTypes.getByNameAndVersion(node.type, node.typeVersion);
		for (const description of nodeType.description.webhooks ?? []) {
			if (description.restartWebhook !== true) continue;
			const method = workflow.expression.getSimpleParameterValue(
				node,
				description.httpMethod,
				'internal',
				{},
				undefined,
				'GET',
			);
			const path = workflow.expression.getSimpleParameterValue(
				node,
				description.path,
				'internal',
				{},
			);
			if (method === request.method && String(path ?? '') === (request.suffix ?? '')) {
				return {
					httpMethod: request.method,
					node: node.name,
					path: String(path ?? ''),
					webhookDescription: description as IWebhookDescription,
					workflowId: workflow.id,
					workflowExecuteAdditionalData: additionalData,
				};
			}
		}
		throw new Error(
			`The workflow for execution "${executionId}" does not contain a waiting webhook with a matching path/method.`,
		);
	}

	private async execute(
		executionId: string,
		mode: WorkflowExecuteMode,
		workflowJson: WorkflowJson,
		workflow: Workflow,
		runExecutionData: IRunExecutionData,
		onStart?: (cancel: () => void) => void,
	): Promise<RunResult> {
		const additionalData = this.additionalData(executionId, workflowJson, mode);
		const execution = new WorkflowExecute(
			additionalData,
			mode,
			runExecutionData,
		).processRunExecutionData(workflow);
		onStart?.(() => execution.cancel());
		const run = await execution;
		this.executions.set(executionId, {
			id: executionId,
			mode,
			workflow: JSON.stringify(workflowJson),
			data: JSON.stringify(run.data),
			status: run.status,
		});
		return new RunResult(executionId, run);
	}

	/** What n8n hands a node's contexts (also for trigger-webhook.ts). */
	additionalData(
		executionId: string,
		workflowJson: WorkflowJson,
		mode: WorkflowExecuteMode,
	): IWorkflowExecuteAdditionalData {
		const workflowData = {
			id: workflowJson.id ?? 'test-workflow',
			name: workflowJson.name ?? 'Test workflow',
			nodes: workflowJson.nodes,
			connections: workflowJson.connections,
			active: false,
			activeVersionId: null,
			isArchived: false,
			createdAt: new Date(),
			updatedAt: new Date(),
		} as IWorkflowBase;
		const base = this.baseUrl;
		const data = {
			credentialsHelper: this.credentialsHelper,
			hooks: new ExecutionLifecycleHooks(mode, executionId, workflowData),
			executeWorkflow: async (
				info: IExecuteWorkflowInfo,
				_additional: unknown,
				opts: ExecuteWorkflowOptions,
			) => await this.executeSubWorkflow(info, opts),
			getRunExecutionData: async (id: string) => {
				const stored = this.executions.get(id);
				return stored ? (JSON.parse(stored.data) as IRunExecutionData) : undefined;
			},
			getRuntimeCredential: async () => undefined,
			executionId,
			workflowId: workflowData.id,
			currentNodeExecutionIndex: 0,
			restApiUrl: `${base}/rest`,
			instanceBaseUrl: base,
			formBaseUrl: `${base}/form`,
			formWaitingBaseUrl: `${base}/form-waiting`,
			formTestBaseUrl: `${base}/form-test`,
			webhookBaseUrl: `${base}/webhook`,
			webhookWaitingBaseUrl: `${base}/webhook-waiting`,
			webhookTestBaseUrl: `${base}/webhook-test`,
			mcpBaseUrl: `${base}/mcp`,
			mcpTestBaseUrl: `${base}/mcp-test`,
			variables: {},
			logAiEvent: () => {},
			startRunnerTask: async () => {
				throw new Error('Task runners are not available in engine tests');
			},
		};
		return data as unknown as IWorkflowExecuteAdditionalData;
	}

	/**
	 * Like n8n 2.41's executeWorkflow (cli workflow-execute-additional-data): an unknown id and a
	 * workflow without a start node fail before anything runs, also when not waiting; runs in
	 * 'integrated' mode from the found start node; doNotWaitToFinish returns at once.
	 */
	private async executeSubWorkflow(info: IExecuteWorkflowInfo, opts: ExecuteWorkflowOptions) {
		const workflowJson =
			info.id !== undefined
				? this.workflows.get(String(info.id))
				: (info.code as WorkflowJson | undefined);
		if (!workflowJson)
			throw new UnexpectedError('Workflow does not exist.', { extra: { workflowId: info.id } });
		const start = findSubworkflowStart(workflowJson.nodes);
		const executionId = String(nextExecutionId++);
		const execution = this.run(workflowJson, {
			input: opts.inputData ?? [{ json: {} }],
			startNode: start.name,
			mode: 'integrated',
			executionId,
		});
		if (opts.doNotWaitToFinish) {
			const tracked = execution
				.catch(() => undefined)
				.finally(() => this.background.delete(tracked));
			this.background.add(tracked);
			return { executionId, data: [null] };
		}
		const result = await execution;
		if (result.error) throw result.error;
		const lastNode = result.run.data.resultData.lastNodeExecuted;
		const data = lastNode ? [result.output(lastNode)] : [];
		return { executionId: result.executionId, data };
	}
}
