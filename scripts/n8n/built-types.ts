// Reads which node and credential types the built package declares (package.json `n8n` + dist/), as n8n will see them.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isRecord, stringField } from './json';
import { PACKAGE_NAME, REPO_ROOT } from './paths';

export interface BuiltNodeType {
	/** As n8n names it: `n8n-nodes-communication-actions.<name>`. */
	type: string;
	name: string;
	displayName: string;
	file: string;
}

export interface BuiltCredentialType {
	name: string;
	displayName: string;
	file: string;
}

function declaredFiles(key: 'nodes' | 'credentials'): string[] {
	const pkg: unknown = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8'));
	const n8n = isRecord(pkg) && isRecord(pkg.n8n) ? pkg.n8n : {};
	const files = n8n[key];
	return Array.isArray(files)
		? files.filter((file): file is string => typeof file === 'string')
		: [];
}

/** Instantiates each exported class of a built file, as n8n's loader does, and returns the instances. */
function instancesOf(file: string): unknown[] {
	const path = join(REPO_ROOT, file);
	if (!existsSync(path))
		throw new Error(`${file} is declared in package.json but missing: run \`npm run build\``);
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	const exported: unknown = require(path);
	if (!isRecord(exported)) return [];
	return Object.values(exported)
		.filter((value): value is new () => unknown => typeof value === 'function')
		.map((Constructor) => new Constructor());
}

export function builtNodeTypes(): BuiltNodeType[] {
	return declaredFiles('nodes').flatMap((file) =>
		instancesOf(file).flatMap((instance) => {
			const description =
				isRecord(instance) && isRecord(instance.description) ? instance.description : undefined;
			const name = description ? stringField(description, 'name') : undefined;
			if (!description || !name) return [];
			return [
				{
					type: `${PACKAGE_NAME}.${name}`,
					name,
					displayName: stringField(description, 'displayName') ?? name,
					file,
				},
			];
		}),
	);
}

export function builtCredentialTypes(): BuiltCredentialType[] {
	return declaredFiles('credentials').flatMap((file) =>
		instancesOf(file).flatMap((instance) => {
			const name = isRecord(instance) ? stringField(instance, 'name') : undefined;
			if (!isRecord(instance) || !name || !Array.isArray(instance.properties)) return [];
			return [{ name, displayName: stringField(instance, 'displayName') ?? name, file }];
		}),
	);
}
