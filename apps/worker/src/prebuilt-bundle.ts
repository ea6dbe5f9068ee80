import path from 'node:path';

/** Where the build writes the workflows bundle (`npm run build`, see `bundle.ts`). */
export const PREBUILT_WORKFLOW_BUNDLE = path.join(__dirname, 'workflow-bundle.js');
