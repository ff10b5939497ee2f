// Regenerates index.ts and package.json's n8n.nodes / n8n.credentials from the files on disk.
// Only files git tracks count, so work in progress never lands in the manifest.
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const root = join(__dirname, '..');
const tracked = execFileSync('git', ['ls-files', 'nodes', 'credentials'], {
	cwd: root,
	encoding: 'utf8',
}).split('\n');
const nodes = tracked.filter((f) => /^nodes\/(?!shared\/)[^/]+\/[^/]+\.node\.ts$/.test(f)).sort();
const credentials = tracked.filter((f) => /^credentials\/[^/]+\.credentials\.ts$/.test(f)).sort();
const classOf = (path: string) =>
	/export class (\w+)/.exec(readFileSync(join(root, path), 'utf8'))?.[1] ?? '';
const exportLine = (path: string) =>
	`export { ${classOf(path)} } from './${path.replace(/\.ts$/, '')}';`;
writeFileSync(
	join(root, 'index.ts'),
	[
		'// Every node and credential class of the package (n8n loads them from the paths in package.json).',
		...credentials.map(exportLine),
		...nodes.map(exportLine),
		'',
	].join('\n'),
);
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
	n8n: { nodes: string[]; credentials: string[] };
};
pkg.n8n.credentials = credentials.map((p) => `dist/${p.replace(/\.ts$/, '.js')}`);
pkg.n8n.nodes = nodes.map((p) => `dist/${p.replace(/\.ts$/, '.js')}`);
writeFileSync(join(root, 'package.json'), `${JSON.stringify(pkg, null, 2)}\n`);
console.log(`${nodes.length} nodes, ${credentials.length} credentials`);
