/**
 * Drives the Temporal Web UI (2.42, bundled in Temporal CLI 1.5.1) in headless Chromium through playwright-core,
 * so end-to-end tests can check what an operator sees for a workflow.
 *
 * ```ts
 * const ui = await launchWebUiBrowser();
 * try {
 *   await openWorkflow(ui.page, { uiUrl, namespace, workflowId });
 *   expect(await readSearchAttributes(ui.page)).toMatchObject({ VtigerSyncState: 'following' });
 *   expect(await readCurrentDetails(ui.page)).toContain('records synced');
 *   await saveScreenshot(ui.page, 'sync-following');
 * } finally {
 *   await ui.close();
 * }
 * ```
 *
 * Where UI 2.42.1 shows things (checked against the real DOM):
 * - `/namespaces/<ns>/workflows/<id>` redirects to `/namespaces/<ns>/workflows/<id>/<runId>/history`; the workflow
 *   id is the level-1 heading.
 * - The "Search Attributes" tab shows a heading "Search Attributes" above a read-only CodeMirror JSON editor
 *   (`role=textbox`) holding `{ "indexedFields": { … } }`, including the server's own `BuildIds`.
 * - The "User Metadata" tab shows the sections "Summary" (`staticSummary`), "Details" (`staticDetails`), "Events
 *   with Metadata" and "Current Details" (`setCurrentDetails`). Each value is Markdown rendered by the UI server
 *   into an `<iframe title="output" src="/render?content=…">`, so its text lives in the frame, not in the page; a
 *   missing summary or details shows "No … available" instead of a frame. Current details come from the built-in
 *   `__temporal_workflow_metadata` query, sent once when the page loads: they show only while a worker polls the
 *   workflow's task queue (otherwise the frame says "No Current Details"), and a later `setCurrentDetails` needs
 *   the page reopened (or the UI's `R` shortcut).
 */
import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

/** Debian's Chromium (`apt-get install chromium`; `npm run setup` installs it when run as root). */
export const DEFAULT_CHROMIUM_PATH = '/usr/bin/chromium';

/** Where {@link saveScreenshot} writes: `test/test-artifacts/` (git-ignored). */
export const TEST_ARTIFACTS_DIR = path.resolve(__dirname, '..', 'test-artifacts');

/**
 * Chromium flags for a machine without internet: headless, no sandbox (CI runs as root), and none of Chromium's
 * own background connections (component updates, sync, field trials, QUIC probes), which would only stall or
 * fail here.
 */
export const CHROMIUM_ARGS: readonly string[] = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Options for {@link launchWebUiBrowser}. */
export interface WebUiBrowserOptions {
  /** The Chromium binary. @default {@link DEFAULT_CHROMIUM_PATH} */
  executablePath?: string;
  /** Viewport in CSS pixels; wide enough for the UI's two-column layouts. @default { width: 1400, height: 1000 } */
  viewport?: { width: number; height: number };
  /**
   * Timeout of every page action and wait, in ms. Short, so a missing element fails the test quickly with the
   * locator in the message rather than at jest's test timeout. @default 15000
   */
  timeoutMs?: number;
}

/** A headless Chromium with one page, ready for the Web UI. */
export interface WebUiBrowser {
  readonly browser: Browser;
  readonly context: BrowserContext;
  readonly page: Page;
  /** Closes the browser and removes its temporary profile. Safe to call twice. */
  close(): Promise<void>;
}

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

/**
 * Launches headless Chromium ({@link CHROMIUM_ARGS}, a fresh temporary profile that Playwright deletes on close)
 * with one page. Requests to any host but loopback are aborted at once: the UI's optional fetches (a news feed)
 * would otherwise wait for a network this machine does not have.
 *
 * @throws {Error} when the Chromium binary is missing, with the command that installs it.
 */
export async function launchWebUiBrowser(options: WebUiBrowserOptions = {}): Promise<WebUiBrowser> {
  const executablePath = options.executablePath ?? DEFAULT_CHROMIUM_PATH;
  if (!fs.existsSync(executablePath)) {
    throw new Error(
      `Chromium not found at ${executablePath}: install it with \`apt-get install -y chromium\` (\`npm run setup\` does as root) ` +
        'or pass executablePath.',
    );
  }
  // Playwright adds --headless and its automation flags itself; the explicit list documents what this machine needs.
  const browser = await chromium.launch({ executablePath, args: [...CHROMIUM_ARGS] });
  try {
    const context = await browser.newContext({ viewport: options.viewport ?? { width: 1400, height: 1000 } });
    context.setDefaultTimeout(options.timeoutMs ?? 15_000);
    await context.route(
      (url) => !LOOPBACK_HOSTS.has(url.hostname),
      (route) => route.abort('internetdisconnected'),
    );
    const page = await context.newPage();
    return { browser, context, page, close: () => browser.close() };
  } catch (error) {
    await browser.close();
    throw error;
  }
}

/** Which workflow {@link openWorkflow} opens. */
export interface OpenWorkflowOptions {
  /** Base URL of the Web UI, e.g. `temporalTestEnv().uiUrl`. */
  uiUrl: string;
  namespace: string;
  workflowId: string;
  /** A specific run. @default the latest run (the UI resolves it) */
  runId?: string;
}

/** The workflow page {@link openWorkflow} landed on. */
export interface OpenedWorkflow {
  /** The run the UI shows (from the URL it redirected to). */
  runId: string;
  /** The page URL (the run's History tab). */
  url: string;
}

/**
 * Opens a workflow's page in the Web UI and waits until it has rendered: the URL names the run and the workflow id
 * heading is visible.
 *
 * @throws {Error} when the UI shows an error page (e.g. "Error: 404" for an unknown workflow or namespace).
 * @throws {TimeoutError} (playwright-core) when the page does not render within the context's timeout.
 */
export async function openWorkflow(page: Page, options: OpenWorkflowOptions): Promise<OpenedWorkflow> {
  const base = `${options.uiUrl.replace(/\/+$/, '')}/namespaces/${encodeURIComponent(options.namespace)}/workflows`;
  const id = encodeURIComponent(options.workflowId);
  await page.goto(options.runId ? `${base}/${id}/${encodeURIComponent(options.runId)}/history` : `${base}/${id}`);
  const heading = page.getByRole('heading', { level: 1 }).getByText(options.workflowId, { exact: true });
  const errorPage = page.getByText(/^Error: \d+$/);
  await heading.or(errorPage).first().waitFor();
  if (await errorPage.isVisible()) {
    throw new Error(
      `The Web UI shows "${await errorPage.innerText()}" for workflow ${options.workflowId} in namespace ` +
        `${options.namespace} (${page.url()}).`,
    );
  }
  // The bare workflow route redirects to the latest run's History tab; the run id is only known after that.
  await page.waitForURL((url) => /\/workflows\/[^/]+\/[^/]+\/history$/.test(url.pathname));
  const runId = decodeURIComponent(new URL(page.url()).pathname.split('/').at(-2) ?? '');
  return { runId, url: page.url() };
}

/** Selects one of the workflow page's tabs ("History", "User Metadata", "Search Attributes", …). */
async function selectWorkflowTab(page: Page, name: string): Promise<void> {
  const tab = page.getByRole('tab', { name, exact: true });
  await tab.click();
  await page.waitForURL((url) => url.pathname.endsWith(`/${name.toLowerCase().replace(/\s+/g, '-')}`));
}

/**
 * Reads the search attributes the "Search Attributes" tab shows for the workflow open in `page` (see
 * {@link openWorkflow}): custom ones by name (Keyword as string, Int as number, KeywordList as string[]) plus the
 * server's `BuildIds`. The UI reads them when the page loads; reopen the workflow to see later upserts.
 *
 * @throws {Error} when the tab shows something that is not the expected JSON (e.g. a JSON view too long for the
 *   viewport: CodeMirror renders only the visible lines).
 */
export async function readSearchAttributes(page: Page): Promise<Record<string, unknown>> {
  await selectWorkflowTab(page, 'Search Attributes');
  const heading = page.getByRole('heading', { name: 'Search Attributes', exact: true });
  // The innermost block that holds both the heading and the JSON editor.
  const editor = page
    .locator('div')
    .filter({ has: heading })
    .filter({ has: page.getByRole('textbox') })
    .last()
    .getByRole('textbox');
  const text = await editor.innerText();
  try {
    const shown = JSON.parse(text) as { indexedFields?: Record<string, unknown> };
    return shown.indexedFields ?? {};
  } catch (error) {
    throw new Error(`The Search Attributes tab does not show JSON: ${JSON.stringify(text.slice(0, 500))}`, {
      cause: error,
    });
  }
}

/** Options for the "User Metadata" readers. */
export interface ReadMetadataOptions {
  /**
   * How long to wait for a rendered value to show text, in ms (current details arrive through a query after the
   * page has loaded). @default the context's timeout
   */
  timeoutMs?: number;
}

/**
 * Reads the static summary (start option `staticSummary`) the "User Metadata" tab shows, as rendered text
 * (Markdown markup removed); undefined when the UI says there is none.
 */
export function readStaticSummary(page: Page, options: ReadMetadataOptions = {}): Promise<string | undefined> {
  return readUserMetadataSection(page, 'Summary', options);
}

/** The UI's placeholder for absent current details (i18n key `workflows.no-current-details`). */
const NO_CURRENT_DETAILS = 'No Current Details';

/**
 * Reads the current details (`setCurrentDetails` in workflow code) the "User Metadata" tab shows, as rendered
 * text, waiting until the UI's metadata query has answered. Undefined when the UI shows "No Current Details": the
 * workflow set none, or no worker answered the query (one must be polling the workflow's task queue).
 *
 * @throws {TimeoutError} (playwright-core) when the query has not answered within the timeout.
 */
export async function readCurrentDetails(page: Page, options: ReadMetadataOptions = {}): Promise<string | undefined> {
  const text = await readUserMetadataSection(page, 'Current Details', options);
  // The placeholder is rendered in the same frame as real details.
  return text === NO_CURRENT_DETAILS ? undefined : text;
}

/**
 * The rendered text of one "User Metadata" section. Each section is a heading bar followed by its content (an
 * iframe with the rendered Markdown, or a "No … available" note), so the content is the next sibling of the
 * nearest heading ancestor that has one.
 */
async function readUserMetadataSection(
  page: Page,
  heading: 'Summary' | 'Details' | 'Current Details',
  options: ReadMetadataOptions,
): Promise<string | undefined> {
  await selectWorkflowTab(page, 'User Metadata');
  const content = page
    .getByRole('heading', { name: heading, exact: true })
    .locator('xpath=ancestor::*[following-sibling::*][1]/following-sibling::*[1]');
  const frame = content.locator('iframe');
  const nothing = content.getByText(/^No .* available$/);
  await frame.or(nothing).first().waitFor({ timeout: options.timeoutMs });
  if (await nothing.isVisible()) return undefined;
  // The frame reloads when the UI learns the value (its src carries the Markdown), so wait for text in it.
  const body = frame.contentFrame().locator('body').filter({ hasText: /\S/ });
  return (await body.innerText({ timeout: options.timeoutMs })).trim();
}

/** Which list {@link listWorkflowIds} reads. */
export interface ListWorkflowsOptions {
  /** Base URL of the Web UI. */
  uiUrl: string;
  namespace: string;
  /** A visibility query, e.g. `VtigerSyncState="following"`. */
  query: string;
}

/**
 * Opens the workflows list filtered by a visibility query (the UI's `?query=` parameter) and returns the workflow
 * ids of the first page (100 rows), in the UI's order. Visibility lags a little behind the workflow: wait until the
 * server's own list shows what you expect before asserting on the UI.
 */
export async function listWorkflowIds(page: Page, options: ListWorkflowsOptions): Promise<string[]> {
  const namespacePath = `/namespaces/${encodeURIComponent(options.namespace)}/workflows`;
  // Read the table only once the UI has its list answer, so no loading state is mistaken for the result.
  const listed = page.waitForResponse((response) => {
    const url = new URL(response.url());
    return url.pathname === `/api/v1${namespacePath}` && url.searchParams.get('query') === options.query;
  });
  await page.goto(`${options.uiUrl.replace(/\/+$/, '')}${namespacePath}?query=${encodeURIComponent(options.query)}`);
  await listed;
  const table = page.getByRole('table');
  const rows = table.locator('tbody').getByRole('row');
  await rows
    .first()
    .or(page.getByText('No Results', { exact: true }))
    .first()
    .waitFor();
  // Columns are configurable in the UI, so find "Workflow ID" by its header rather than by position.
  const headers = (await table.getByRole('columnheader').allInnerTexts()).map((text) => text.trim());
  const column = headers.indexOf('Workflow ID');
  if (column < 0) throw new Error(`The workflows list has no "Workflow ID" column (columns: ${headers.join(', ')}).`);
  const ids: string[] = [];
  for (const row of await rows.all()) ids.push((await row.getByRole('cell').nth(column).innerText()).trim());
  return ids;
}

/**
 * Saves a full-page PNG of `page` as `test/test-artifacts/<name>.png` (the folder is created and git-ignored) and
 * returns its path. Characters other than letters, digits, `.`, `_` and `-` in `name` become `-`.
 */
export async function saveScreenshot(page: Page, name: string): Promise<string> {
  fs.mkdirSync(TEST_ARTIFACTS_DIR, { recursive: true });
  const file = path.join(TEST_ARTIFACTS_DIR, `${name.replace(/[^\w.-]+/g, '-')}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}
