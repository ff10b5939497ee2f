// The credential tests of every node, under the `testedBy` names the nodes' credential lists use.
import type {
	ICredentialTestFunction,
	ICredentialTestFunctions,
	ICredentialsDecrypted,
	INodeCredentialTestResult,
} from 'n8n-workflow';

import { testLedgerCredential } from './ledger/access';
import { testTeamDirectoryCredential } from './team/directory-access';
import { testSlackCredential } from './transport/slack';
import { describeSmtpError, smtpSettingsFrom, verifySmtp } from './transport/smtp';
import { testTelegramCredential } from './transport/telegram';
import { testTwilioCredential } from './transport/twilio';
import { testWhatsAppCredential } from './transport/whatsapp';

/** Credential test: open and verify an SMTP connection; the server's answer on failure. */
async function testSmtpCredential(
	this: ICredentialTestFunctions,
	credential: ICredentialsDecrypted,
): Promise<INodeCredentialTestResult> {
	const settings = smtpSettingsFrom(credential.data ?? {});
	try {
		await verifySmtp(settings);
		return { status: 'OK', message: 'Connection successful' };
	} catch (error) {
		return { status: 'Error', message: describeSmtpError(error, settings).message };
	}
}

/** `methods.credentialTest` of every node: n8n looks a test up by the credential's `testedBy`. */
export const credentialTests: Record<string, ICredentialTestFunction> = {
	smtpConnectionTest: testSmtpCredential,
	communicationTwilioApiTest: testTwilioCredential,
	communicationWhatsAppApiTest: testWhatsAppCredential,
	communicationTelegramApiTest: testTelegramCredential,
	communicationSlackApiTest: testSlackCredential,
	communicationTeamDirectoryTest: testTeamDirectoryCredential,
	communicationLedgerTest: testLedgerCredential,
};
