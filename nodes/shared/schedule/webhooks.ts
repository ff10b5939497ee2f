// The endpoints of a waiting node at n8n's waiting-webhook URL for the node: a conversation
// node's resume (POST from the Communication Dispatcher, GET reports the state) and Manual
// Action's task page (GET) and form (POST).
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
