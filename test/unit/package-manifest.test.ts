import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = join(__dirname, '..', '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
	n8n: { nodes: string[]; credentials: string[] };
	files: string[];
	keywords: string[];
	peerDependencies: Record<string, string>;
};
const indexSource = readFileSync(join(root, 'index.ts'), 'utf8');

const nodeFiles = readdirSync(join(root, 'nodes'))
	.filter((dir) => dir !== 'shared')
	.flatMap((dir) =>
		readdirSync(join(root, 'nodes', dir))
			.filter((f) => f.endsWith('.node.ts'))
			.map((f) => `${dir}/${f}`),
	);
const credentialFiles = readdirSync(join(root, 'credentials')).filter((f) =>
	f.endsWith('.credentials.ts'),
);

describe('package manifest', () => {
	it('is a community node package with n8n-workflow as a peer and only dist published', () => {
		expect(pkg.keywords).toContain('n8n-community-node-package');
		expect(pkg.files).toEqual(['dist']);
		expect(Object.keys(pkg.peerDependencies)).toEqual(['n8n-workflow']);
	});

	it.each(nodeFiles)('lists and exports node %s, with its codex and both icons', (file) => {
		expect(pkg.n8n.nodes).toContain(`dist/nodes/${file.replace(/\.ts$/, '.js')}`);
		const source = readFileSync(join(root, 'nodes', file), 'utf8');
		const className = /export class (\w+)/.exec(source)?.[1];
		expect(indexSource).toMatch(
			new RegExp(`export \\{ ${className} \\} from './nodes/${file.replace(/\.ts$/, '')}'`),
		);
		expect(existsSync(join(root, 'nodes', file.replace(/\.ts$/, '.json')))).toBe(true);
		for (const [, icon] of source.matchAll(/file:([\w.-]+\.svg)/g)) {
			expect(existsSync(join(root, 'nodes', file.split('/')[0], icon))).toBe(true);
		}
		expect(source).toMatch(/light: 'file:[\w.-]+\.svg', dark: 'file:[\w.-]+\.dark\.svg'/);
	});

	it.each(credentialFiles)('lists and exports credential %s', (file) => {
		expect(pkg.n8n.credentials).toContain(`dist/credentials/${file.replace(/\.ts$/, '.js')}`);
		const className = /export class (\w+)/.exec(
			readFileSync(join(root, 'credentials', file), 'utf8'),
		)?.[1];
		expect(indexSource).toContain(
			`export { ${className} } from './credentials/${file.replace(/\.ts$/, '')}'`,
		);
	});

	it('lists nothing that does not exist', () => {
		for (const path of [...pkg.n8n.nodes, ...pkg.n8n.credentials]) {
			expect(existsSync(join(root, path.replace(/^dist\//, '').replace(/\.js$/, '.ts')))).toBe(
				true,
			);
		}
	});
});
