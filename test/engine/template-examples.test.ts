// The template example workflow through the engine: its own nodes exactly as in the example file,
// fed with the example's webhook body (what the Set and Split Out nodes pass on).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import type { INode } from 'n8n-workflow';

import { CommunicationTemplates } from '../../nodes/CommunicationTemplates/CommunicationTemplates.node';
import { SmsCommunication } from '../../nodes/SmsCommunication/SmsCommunication.node';
import type { Sandbox } from '../../sandbox';
import { EngineHarness } from '../support/engine/harness';
import { TestItems } from '../support/engine/test-nodes';
import { chain, node, PKG } from '../support/engine/workflow';
import { communicationOf, twilioCredentials } from '../support/twilio-engine';
import { useSandbox } from '../support/engine/sandbox';

interface ExampleFile {
	nodes: INode[];
	meta: { exampleRun: { request: { body: { contacts: Array<Record<string, unknown>> } } } };
}

let sandbox: Sandbox;
useSandbox((started) => (sandbox = started));

const example = JSON.parse(
	readFileSync(join(__dirname, '../../examples/appointment-reminder-sms-template.json'), 'utf8'),
) as ExampleFile;
const exampleNode = (name: string) => {
	const found = example.nodes.find((n) => n.name === name);
	if (!found) throw new Error(`The example has no node '${name}'`);
	return found;
};

function harness() {
	return new EngineHarness({
		nodes: {
			[PKG]: [new CommunicationTemplates(), new SmsCommunication()],
			test: [new TestItems()],
		},
		credentials: { communicationTwilioApi: twilioCredentials(sandbox) },
	});
}

async function runExample(run: number) {
	const { body } = example.meta.exampleRun.request;
	const save = await harness().run({
		...chain(
			node('Source', 'test.testItems', { items: JSON.stringify([body]) }),
			exampleNode('Save Template'),
		),
		id: `example-template-save-${run}`,
	});
	const send = await harness().run({
		...chain(
			node('Source', 'test.testItems', { items: JSON.stringify(body.contacts) }),
			exampleNode('SMS Communication'),
		),
		id: `example-template-send-${run}`,
	});
	return { save, send };
}

it('appointment-reminder-sms-template: saves the template once and sends it in English and Spanish', async () => {
	const first = await runExample(1);
	expect(first.save.output('Save Template')[0].json).toMatchObject({
		id: 'appointment-reminder',
		version: 1,
		languages: ['en', 'es'],
	});
	expect(first.send.status).toBe('success');
	expect(
		sandbox
			.state()
			.sms.map((m) => [m.to, m.body])
			.sort(),
	).toEqual([
		['+14155550131', 'Hi Ann, see you on 2026-12-03 at 10:30. Reply C to cancel.'],
		[
			'+525512345678',
			'Hola Lucía, te esperamos el 2026-12-03 a las 11:15. Responde C para cancelar.',
		],
	]);
	expect(first.send.output('SMS Communication').map((o) => communicationOf(o).template)).toEqual([
		{ id: 'appointment-reminder', name: 'Appointment reminder', version: 1, language: 'en' },
		{ id: 'appointment-reminder', name: 'Appointment reminder', version: 1, language: 'es' },
	]);

	// A second run finds the template saved already: the create step reports it and the sends go on.
	sandbox.reset();
	const second = await runExample(2);
	expect(second.save.output('Save Template')[0].json.error).toMatch(/exists already/);
	expect(sandbox.state().sms).toHaveLength(2);
});
