import { activityInfo } from '@temporalio/activity';

/** Returns a greeting that also names the activity attempt, so the test can see a real activity ran. */
export async function greet(name: string, index: number): Promise<string> {
  return `hello ${name} #${index} (attempt ${activityInfo().attempt})`;
}
