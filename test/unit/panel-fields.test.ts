// What a fresh node's panel shows: the top-level parameters and credential slots n8n displays for a
// node just added (defaults only), per node version.
import { NodeHelpers, type INodeType } from 'n8n-workflow';

import { EmailCommunication } from '../../nodes/EmailCommunication/EmailCommunication.node';
import { ManualAction } from '../../nodes/ManualAction/ManualAction.node';
import { SmsCommunication } from '../../nodes/SmsCommunication/SmsCommunication.node';

function freshPanel(type: INodeType, typeVersion: number): { fields: string[]; slots: string[] } {
	const description = type.description;
	const node = { typeVersion };
	const values =
		NodeHelpers.getNodeParameters(description.properties, {}, true, false, node, description) ?? {};
	const fields = description.properties
		.filter((p) => NodeHelpers.displayParameter(values, p, node, description))
		.map((p) => p.displayName);
	const slots = (description.credentials ?? [])
		.filter((c) => NodeHelpers.displayParameter(values, c, node, description))
		.map((c) => c.displayName ?? c.name);
	return { fields, slots };
}

function optionNames(type: INodeType, typeVersion: number): string[] {
	const description = type.description;
	const node = { typeVersion };
	const values =
		NodeHelpers.getNodeParameters(description.properties, {}, true, false, node, description) ?? {};
	const options = description.properties.find(
		(p) => p.name === 'options' && NodeHelpers.displayParameter(values, p, node, description),
	);
	return (options?.options ?? []).map((o) => ('name' in o ? String(o.name) : ''));
}

describe('fresh panels', () => {
	it('Email Communication version 2 is the default and keeps CC, BCC, Reply-To, From Name and attachments in Options', () => {
		const email = new EmailCommunication();
		expect(email.description.defaultVersion).toBe(2);
		const v2 = freshPanel(email, 2);
		expect(v2.fields).toEqual([
			'Participant ID',
			'From Email',
			'To',
			'Template',
			'Subject',
			'Email Format',
			'HTML',
			'Communication Name',
			expect.stringContaining('Communication Dispatcher'),
			'Schedule',
			'Options',
		]);
		expect(optionNames(email, 2)).toEqual(
			expect.arrayContaining([
				'fromName',
				'ccEmail',
				'bccEmail',
				'replyTo',
				'attachments',
				'attachmentLinks',
			]),
		);
	});

	it('Email Communication version 1 keeps its top-level fields (existing workflows unchanged)', () => {
		const email = new EmailCommunication();
		const v1 = freshPanel(email, 1);
		expect(v1.fields).toEqual([
			'Participant ID',
			'From Email',
			'From Name',
			'To',
			'CC',
			'BCC',
			'Reply-To',
			'Template',
			'Subject',
			'Email Format',
			'HTML',
			'Attachments (Binary Properties)',
			'Link for Attachment File',
			'Communication Name',
			expect.stringContaining('Communication Dispatcher'),
			'Schedule',
			'Options',
		]);
		expect(optionNames(email, 1)).not.toContain('ccEmail');
	});

	it('Manual Action version 2 reads as short as SMS Communication', () => {
		const manual = new ManualAction();
		expect(manual.description.defaultVersion).toBe(2);
		const v2 = freshPanel(manual, 2);
		const sms = freshPanel(new SmsCommunication(), 1);
		expect(v2.fields).not.toContain('Contact Name');
		expect(v2.fields).not.toContain('Limit Wait Time');
		expect(optionNames(manual, 2)).toEqual(
			expect.arrayContaining(['contactName', 'limitWaitTime']),
		);
		expect(v2.fields.length).toBeLessThanOrEqual(sms.fields.length);
		expect(freshPanel(manual, 1).fields).toEqual(
			expect.arrayContaining(['Contact Name', 'Limit Wait Time']),
		);
	});
});
