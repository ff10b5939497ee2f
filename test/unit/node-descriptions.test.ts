// What the editor shows of every node: credential slot labels (what for, optional or not) and which
// nodes an AI agent may use as a tool.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { INodeType } from 'n8n-workflow';

const nodesDir = join(__dirname, '..', '..', 'nodes');

const nodeTypes = readdirSync(nodesDir, { withFileTypes: true })
	.filter((entry) => entry.isDirectory() && entry.name !== 'shared')
	.flatMap((entry) =>
		readdirSync(join(nodesDir, entry.name))
			.filter((file) => file.endsWith('.node.ts'))
			.map((file) => {
				const module = require(join(nodesDir, entry.name, file)) as Record<
					string,
					new () => INodeType
				>;
				const [Type] = Object.values(module);
				return new Type().description;
			}),
	);

const slots = nodeTypes.flatMap((description) =>
	(description.credentials ?? []).map((slot) => ({ node: description.displayName, slot })),
);

describe('credential slots', () => {
	it('exist (the package has nodes with credentials)', () => {
		expect(slots.length).toBeGreaterThan(10);
	});

	it.each(slots.map(({ node, slot }) => [node, slot.name, slot]))(
		'%s / %s: labelled with the service and its job in parentheses',
		(_node, _name, slot) => {
			expect(slot.displayName).toMatch(/^[A-Z][\w ]+ \(.+\)$/);
		},
	);

	it.each(slots.map(({ node, slot }) => [node, slot.name, slot]))(
		'%s / %s: an optional slot says so in its label, a required one does not',
		(_node, _name, slot) => {
			const saysOptional = /\((optional|needed only)\b/.test(slot.displayName ?? '');
			expect({ saysOptional }).toEqual({ saysOptional: slot.required !== true });
		},
	);

	it('the ledger slot names its default', () => {
		const ledger = slots.filter(({ slot }) => slot.name === 'communicationLedgerApi');
		expect(ledger.length).toBeGreaterThan(0);
		for (const { slot } of ledger)
			expect(slot.displayName).toBe('Communication Ledger (optional; default: embedded SQLite)');
	});
});

describe('AI tools', () => {
	const tools = nodeTypes
		.filter((description) => description.usableAsTool === true)
		.map((description) => description.displayName);

	it('exclude Python Custom Action (runs code as n8n) and Manual Action (waits for a person)', () => {
		expect(tools).not.toContain('Python Custom Action');
		expect(tools).not.toContain('Manual Action');
		expect(tools).toContain('Email Communication');
	});
});
