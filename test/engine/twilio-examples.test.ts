// The Twilio example workflows' node settings, run through the engine with the items their Set node builds.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import type { INode } from 'n8n-workflow';

import type { Sandbox } from '../../sandbox';
import { SmsCommunication } from '../../nodes/SmsCommunication/SmsCommunication.node';
import { VoiceCommunication } from '../../nodes/VoiceCommunication/VoiceCommunication.node';
import { communicationOf, itemsInto, twilioHarness, xmlTree } from '../support/twilio-engine';
import { useSandbox } from '../support/engine/sandbox';

interface ExampleFile {
	nodes: INode[];
	meta: { exampleRun: { request: { body: Record<string, unknown> } } };
}

function example(slug: string): ExampleFile {
	return JSON.parse(
		readFileSync(join(__dirname, '..', '..', 'examples', `${slug}.json`), 'utf8'),
	) as ExampleFile;
}

function nodeOf(file: ExampleFile, type: string): INode {
	const found = file.nodes.find((n) => n.type === `n8n-nodes-communication-actions.${type}`);
	if (!found) throw new Error(`No ${type} node in the example`);
	return found;
}

let sandbox: Sandbox;
useSandbox((started) => (sandbox = started));

it('appointment-reminder-sms: the reminder reaches the E.164 number with its merge fields filled', async () => {
	const file = example('appointment-reminder-sms');
	const body = file.meta.exampleRun.request.body;
	// What the example's "Patient" Set node makes of the webhook body.
	const patient = {
		id: body.id,
		phone: body.phone,
		first_name: body.first_name,
		appointment: body.appointment,
		sms_opt_out: false,
	};
	const node = nodeOf(file, 'smsCommunication');
	const result = await twilioHarness(sandbox, new SmsCommunication()).run(
		itemsInto([patient], 'smsCommunication', node.parameters, {}, node.name),
	);
	expect(result.status).toBe('success');
	expect(sandbox.state().sms.map((m) => [m.to, m.body])).toEqual([
		[
			'+14155550123',
			'Hi Maria, a reminder of your appointment tomorrow at 10:30 at Main Street Clinic. Reply STOP to opt out.',
		],
	]);
	expect(communicationOf(result.output(node.name)[0])).toMatchObject({
		status: 'sent',
		output: 'Reminder sent.',
		warnings: [],
	});
});

it('bridge-call-to-new-lead: the assigned user is rung and the lead dialled after a keypress', async () => {
	const file = example('bridge-call-to-new-lead');
	const body = file.meta.exampleRun.request.body;
	const lead = {
		id: body.id,
		name: body.name,
		phone: body.phone,
		assigned_user_phone: body.assigned_user_phone,
	};
	const node = nodeOf(file, 'voiceCommunication');
	const result = await twilioHarness(sandbox, new VoiceCommunication()).run(
		itemsInto([lead], 'voiceCommunication', node.parameters, {}, node.name),
	);
	expect(result.status).toBe('success');
	const [call] = sandbox.state().calls;
	expect(call.to).toBe('+14155550177');
	const tree = await xmlTree(String(call.twiml));
	expect(tree.children[0].children[0].text).toBe(
		'You have a new lead, Jordan Lee. Press any key to connect.',
	);
	expect(communicationOf(result.output(node.name)[0])).toMatchObject({
		status: 'sent',
		output: 'Lead call started.',
		answeredBy: 'human',
	});
});
