// Runs before every test file: a fresh n8n user folder (so the embedded ledger starts empty,
// removed after the file), n8n-core kept quiet and out of ~/.n8n.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const folder = mkdtempSync(join(tmpdir(), 'comm-actions-n8n-'));
process.env.N8N_USER_FOLDER = folder;
process.env.N8N_LOG_LEVEL = 'silent';
process.env.N8N_DIAGNOSTICS_ENABLED = 'false';

afterAll(async () => {
	const { closeAllLedgers } = await import('../../nodes/shared/ledger');
	await closeAllLedgers();
	rmSync(folder, { recursive: true, force: true });
});
