// Pins (n8n, Node) and where the local n8n, its per-profile user folders and logs live.
import { join, resolve } from 'node:path';

export const N8N_VERSION = '2.41.1';
export const NODE_MAJOR = 24;
export const PACKAGE_NAME = 'n8n-nodes-communication-actions';

export const REPO_ROOT = resolve(__dirname, '..', '..');
export const EXAMPLES_DIR = join(REPO_ROOT, 'examples');
/** Git-ignored: n8n's node_modules, the per-profile user folders, logs. */
export const LOCAL_DIR = join(REPO_ROOT, '.n8n-local');
export const N8N_BIN = join(LOCAL_DIR, 'node_modules', 'n8n', 'bin', 'n8n');

/** The demo and the e2e tests never share data: each has its own N8N_USER_FOLDER (queue mode too). */
export type Profile = 'demo' | 'e2e' | 'demo-queue' | 'e2e-queue' | 'bench-queue';

export interface ProfilePaths {
	profile: Profile;
	/** N8N_USER_FOLDER: n8n keeps its data in `<userFolder>/.n8n`. */
	userFolder: string;
	n8nFolder: string;
	/** Where n8n loads community packages from (`node_modules` inside). */
	nodesDir: string;
	logFile: string;
	/** What provisioning last imported, so a restart only updates what changed. */
	provisionStateFile: string;
	/** Ports of the last run, reused when free so URLs stay the same between starts. */
	portsFile: string;
	/** Fixed per profile: n8n refuses to start when the key differs from the one its data was written with. */
	encryptionKey: string;
}

export function profilePaths(profile: Profile): ProfilePaths {
	const userFolder = join(LOCAL_DIR, profile);
	const n8nFolder = join(userFolder, '.n8n');
	return {
		profile,
		userFolder,
		n8nFolder,
		nodesDir: join(n8nFolder, 'nodes'),
		logFile: join(userFolder, 'n8n.log'),
		provisionStateFile: join(userFolder, 'provision-state.json'),
		portsFile: join(userFolder, 'ports.json'),
		// Local sandbox data only; a constant keeps the folder readable across restarts.
		encryptionKey: `communication-actions-${profile}-local-key`,
	};
}
