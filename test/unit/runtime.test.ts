describe('test runtime', () => {
	it('runs on Node 24 (n8n 2.x refuses older Node), even where the machine has an older Node', () => {
		const major = Number(process.versions.node.split('.')[0]);
		expect(major).toBe(24);
	});

	it('has node:sqlite built in for the embedded ledger', () => {
		// eslint-disable-next-line @typescript-eslint/no-require-imports
		const sqlite = require('node:sqlite') as { DatabaseSync: unknown };
		expect(typeof sqlite.DatabaseSync).toBe('function');
	});
});
