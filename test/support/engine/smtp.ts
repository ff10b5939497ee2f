// The SMTP credential data that points at the sandbox's mail server (plain, with its login).
import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

import type { Sandbox } from '../../../sandbox';

export function sandboxSmtp(
	sandbox: Sandbox,
	overrides: ICredentialDataDecryptedObject = {},
): ICredentialDataDecryptedObject {
	return {
		host: sandbox.smtp.host,
		port: sandbox.smtp.port,
		security: 'none',
		user: sandbox.smtp.user ?? '',
		password: sandbox.smtp.pass ?? '',
		...overrides,
	};
}
