// The resume endpoints of conversation nodes: n8n's waiting-webhook URL for the node, where
// POST (the Communication Dispatcher) sends what is due and GET only reports the state.
import type { IWebhookDescription } from 'n8n-workflow';

export const resumeWebhooks: IWebhookDescription[] = [
	{
		name: 'default',
		httpMethod: 'POST',
		responseMode: 'onReceived',
		path: '={{ $nodeId }}',
		restartWebhook: true,
		isFullPath: true,
	},
	{
		name: 'default',
		httpMethod: 'GET',
		responseMode: 'onReceived',
		path: '={{ $nodeId }}',
		restartWebhook: true,
		isFullPath: true,
	},
];
