// The flow-step example workflows through the engine against the sandbox: their nodes exactly as in
// examples/*.json, fed with the example's own webhook body (what the Set node passes on).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import type { IConnections, INode } from 'n8n-workflow';

import { EmailCommunication } from '../../nodes/EmailCommunication/EmailCommunication.node';
import { FromAnotherFlowTrigger } from '../../nodes/FromAnotherFlow/FromAnotherFlowTrigger.node';
import { PythonCustomAction } from '../../nodes/PythonCustomAction/PythonCustomAction.node';
import { ToAnotherFlow } from '../../nodes/ToAnotherFlow/ToAnotherFlow.node';
import { UpdateField } from '../../nodes/UpdateField/UpdateField.node';
import { getLedger } from '../../nodes/shared/ledger';
import type { Sandbox } from '../../sandbox';
import {
	ExecuteWorkflowTriggerStandIn,
	N8N_BASE,
} from '../support/engine/execute-workflow-trigger';
import { EngineHarness, type WorkflowJson } from '../support/engine/harness';
import { TestItems } from '../support/engine/test-nodes';
import { PKG, chain, node } from '../support/engine/workflow';
import { sandboxSmtp } from '../support/engine/smtp';
import { useSandbox } from '../support/engine/sandbox';

interface ExampleFile {
	id?: string;
	name: string;
	nodes: INode[];
	connections: IConnections;
	meta: { exampleRun: { request: { body: Record<string, unknown> } } };
}

let sandbox: Sandbox;
useSandbox((started) => (sandbox = started));

function load(file: string): ExampleFile {
	return JSON.parse(readFileSync(join(__dirname, '../../examples', file), 'utf8')) as ExampleFile;
}

/** The webhook branch: a source emitting the example body, then the named nodes of ours in order. */
function mainBranch(example: ExampleFile, names: string[]): WorkflowJson {
	const source = node('Source', 'test.testItems', {
		items: JSON.stringify([example.meta.exampleRun.request.body]),
	});
	const ours = names.map((name) => example.nodes.find((n) => n.name === name) as INode);
	return { ...chain(source, ...ours), id: example.id, name: example.name };
}

/** The example as a callable workflow: n8n's trigger and our nodes (n8n-nodes-base stand-ins are not loaded). */
function callable(example: ExampleFile): WorkflowJson {
	const known = (type: string) =>
		type.startsWith(`${PKG}.`) || type === `${N8N_BASE}.executeWorkflowTrigger`;
	const nodes = example.nodes.filter((n) => known(n.type));
	const names = new Set(nodes.map((n) => n.name));
	const connections = Object.fromEntries(
		Object.entries(example.connections).filter(([from]) => names.has(from)),
	);
	return { nodes, connections, name: example.name };
}

function harness(): EngineHarness {
	return new EngineHarness({
		nodes: {
			[PKG]: [
				new UpdateField(),
				new ToAnotherFlow(),
				new FromAnotherFlowTrigger(),
				new PythonCustomAction(),
				new EmailCommunication(),
			],
			test: [new TestItems()],
			[N8N_BASE]: [new ExecuteWorkflowTriggerStandIn()],
		},
		credentials: {
			communicationSmtpApi: sandboxSmtp(sandbox, {
				allowSelfSigned: false,
				poolSize: 1,
				fromEmail: 'team@acme.test',
				fromName: 'Acme',
			}),
		},
	});
}

it('tag-lead-and-route-to-nurture: tags the lead, the nurture flow emails them and answers with its result', async () => {
	const example = load('tag-lead-and-route-to-nurture.json');
	const h = harness();
	h.addWorkflow(example.id ?? '', callable(example));
	const result = await h.run(mainBranch(example, ['Tag Lead', 'To Nurture Flow']));
	expect(result.status).toBe('success');
	const [answer] = result.output('To Nurture Flow');
	expect(answer.json).toMatchObject({
		email: 'dana.ortiz@example.com',
		lifecycle_stage: 'lead',
		nurture: { step: 1 },
		communication: { status: 'sent', name: 'NURTURE_WELCOME' },
		handover: { mode: 'runAndWait', status: 'completed', participantId: 'lead-311' },
	});
	const [mail] = sandbox.state().mails;
	expect(mail.subject).toBe('Welcome to Acme, Dana');
	expect(mail.text).toContain('thanks for your interest in Acme for Ortiz Bakery');
	const stored = (await (await getLedger()).getProfile('lead-311')).attributes;
	expect(stored).toMatchObject({
		lifecycle_stage: 'lead',
		tags: { nurture: true },
		lead: { source: 'pricing page' },
		nurture: { step: 1 },
	});
});

it('score-lead-in-python: scores in Python, saves the score and tells sales', async () => {
	const example = load('score-lead-in-python.json');
	const result = await harness().run(
		mainBranch(example, ['Score Lead', 'Save Score', 'Tell Sales']),
	);
	expect(result.status).toBe('success');
	// 120 employees (30) + 6 visits (24) + a business email (20).
	expect(result.output('Score Lead')[0].json).toMatchObject({
		lead_score: 74,
		grade: 'A',
		score_reasons: ['large company', '6 visits', 'business email'],
	});
	const [mail] = sandbox.state().mails;
	expect(mail.to.map((a) => a.address)).toEqual(['sales@acme.test']);
	expect(mail.subject).toBe('Lead Sam (Northwind) scored 74, grade A');
	expect((await (await getLedger()).getProfile('lead-512')).attributes).toMatchObject({
		lead: { score: 74, grade: 'A' },
	});
});
