// The states of a rotation job (job-queue.ts moves jobs between them). A module of its own so
// the CLI's help can list them without loading the queue and its schemas.
export const JOB_STATUSES = ['needs_approval', 'queued', 'running', 'done', 'failed', 'denied', 'superseded'] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];
