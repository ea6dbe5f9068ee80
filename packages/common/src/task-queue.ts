/** The task queue the worker polls and the sync is started on, unless configured otherwise. */
export const DEFAULT_TASK_QUEUE = 'vtiger';
