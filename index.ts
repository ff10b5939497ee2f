// Every node and credential class of the package (n8n loads them from the paths in package.json).
export { CommunicationLedgerApi } from './credentials/CommunicationLedgerApi.credentials';
export { CommunicationSmtpApi } from './credentials/CommunicationSmtpApi.credentials';
export { EmailCommunication } from './nodes/EmailCommunication/EmailCommunication.node';
