import { proxyActivities } from '@temporalio/workflow';
import type * as activities from './activities';

const { greet } = proxyActivities<typeof activities>({ startToCloseTimeout: '10 seconds' });

/** A tiny workflow that proves the wiring: input JSON in, an activity's result out. */
export async function smokeWorkflow(input: { name: string; times: number }): Promise<{ greetings: string[] }> {
  const greetings: string[] = [];
  for (let i = 0; i < input.times; i++) greetings.push(await greet(input.name, i));
  return { greetings };
}
